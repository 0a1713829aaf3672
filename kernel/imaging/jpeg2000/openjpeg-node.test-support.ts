import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setOpenJpegWasmSource } from './openjpeg-runtime';

/** Node cannot import bytes the way esbuild embeds them: tests read the package's .wasm file instead. */
export function useOpenJpegWasmFromNodeModules(): void {
  const wasmPath = createRequire(import.meta.url).resolve('@cornerstonejs/codec-openjpeg/decodewasm');
  setOpenJpegWasmSource(async () => new Uint8Array(await readFile(wasmPath)));
}
