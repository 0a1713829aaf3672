// Types for the parts of @cornerstonejs/codec-openjpeg (OpenJPEG compiled with Emscripten) the kiosk uses;
// the package ships none.

declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  export interface J2KFrameInfo {
    readonly width: number;
    readonly height: number;
    readonly bitsPerSample: number;
    readonly componentCount: number;
    readonly isSigned: boolean;
  }

  export interface J2KDecoder {
    /** A view into the module's memory, `length` bytes long, to copy the encoded file into. */
    getEncodedBuffer(length: number): Uint8Array;
    decode(): void;
    /** A view into the module's memory: interleaved samples, 1 byte each up to 8 bits, 2 bytes (LE) above. */
    getDecodedBuffer(): Uint8Array;
    getFrameInfo(): J2KFrameInfo;
    /** OPJ_COLOR_SPACE: 1 sRGB, 2 grey, 3 sYCC. */
    getColorSpace(): number;
    delete(): void;
  }

  export interface OpenJpegModule {
    readonly J2KDecoder: new () => J2KDecoder;
    /** The whole WebAssembly memory, as bytes. */
    readonly HEAPU8: Uint8Array;
  }

  export interface OpenJpegModuleOptions {
    /** The .wasm file's bytes; given, the module never fetches or reads a file. */
    readonly wasmBinary?: Uint8Array;
    readonly print?: (text: string) => void;
    readonly printErr?: (text: string) => void;
    /** Emscripten's hook to instantiate the WebAssembly itself (here: from a module compiled once). */
    readonly instantiateWasm?: (
      imports: WebAssembly.Imports,
      receiveInstance: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => Record<string, never>;
  }

  const createOpenJpegModule: (options?: OpenJpegModuleOptions) => Promise<OpenJpegModule>;
  export default createOpenJpegModule;
}

declare module '@cornerstonejs/codec-openjpeg/decodewasm' {
  /** The decoder's WebAssembly binary, embedded by esbuild (`with { type: 'bytes' }`). */
  const wasm: Uint8Array;
  export default wasm;
}
