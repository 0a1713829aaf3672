import type { OpenJpegModule } from '@cornerstonejs/codec-openjpeg/decodewasmjs';

export type WasmBytesSource = () => Promise<Uint8Array>;

let wasmBytesSource: WasmBytesSource = async () => (await import('./openjpeg-wasm-bytes')).default;
let compiled: Promise<WebAssembly.Module> | undefined;

/** Where the WebAssembly comes from where a bundler cannot embed it (Node: the tests read the package's file). */
export function setOpenJpegWasmSource(source: WasmBytesSource): void {
  wasmBytesSource = source;
  compiled = undefined;
}

/**
 * A fresh OpenJPEG instance, with a memory of its own, for one decode; the caller drops it afterwards. OpenJPEG
 * copies the codestream into working buffers that it frees without clearing, so one long-lived instance would keep
 * pieces of earlier holders' photos in a memory the page can still reach. With an instance per photo that memory
 * becomes garbage with the decode, and a decode that faulted inside the module leaves nothing for the next one.
 * The WebAssembly is compiled once, on the first photo; instantiating it again takes a few milliseconds.
 * (Zeroing the whole 50 MB memory as well was measured at 150-200 ms per photo, so only the decoder's own input
 * and output buffers are zeroed: decode-jpeg2000.ts.)
 */
export async function freshOpenJpegModule(): Promise<OpenJpegModule> {
  compiled ??= wasmBytesSource()
    .then((bytes) => WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>))
    .catch((error: unknown) => {
      compiled = undefined;
      throw error;
    });
  const [glue, module] = await Promise.all([import('@cornerstonejs/codec-openjpeg/decodewasmjs'), compiled]);
  // The decoder reports progress and errors on stdout; the kiosk keeps its console quiet and maps errors itself.
  const quiet = () => undefined;
  return glue.default({
    print: quiet,
    printErr: quiet,
    instantiateWasm(imports, receiveInstance) {
      void WebAssembly.instantiate(module, imports).then((instance) => receiveInstance(instance, module));
      return {};
    },
  });
}
