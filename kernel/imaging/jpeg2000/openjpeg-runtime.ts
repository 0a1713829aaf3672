import type { OpenJpegModule } from '@cornerstonejs/codec-openjpeg/decodewasmjs';

export type WasmBytesSource = () => Promise<Uint8Array>;

let wasmBytesSource: WasmBytesSource = async () => (await import('./openjpeg-wasm-bytes')).default;
let instance: Promise<OpenJpegModule> | undefined;

/** Where the WebAssembly comes from where a bundler cannot embed it (Node: the tests read the package's file). */
export function setOpenJpegWasmSource(source: WasmBytesSource): void {
  wasmBytesSource = source;
  instance = undefined;
}

/** The OpenJPEG module, instantiated on first use (its code and WebAssembly load only when a photo is shown). */
export function openJpegModule(): Promise<OpenJpegModule> {
  instance ??= instantiate().catch((error: unknown) => {
    instance = undefined;
    throw error;
  });
  return instance;
}

/** After a fault inside the module its memory state is unknown: the next decode starts a fresh instance. */
export function discardOpenJpegModule(): void {
  instance = undefined;
}

async function instantiate(): Promise<OpenJpegModule> {
  const [glue, wasmBinary] = await Promise.all([import('@cornerstonejs/codec-openjpeg/decodewasmjs'), wasmBytesSource()]);
  // The decoder reports progress and errors on stdout; the kiosk keeps its console quiet and maps errors itself.
  const quiet = () => undefined;
  return glue.default({ wasmBinary, print: quiet, printErr: quiet });
}
