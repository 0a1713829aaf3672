// The OpenJPEG decoder's WebAssembly, embedded in this lazily loaded chunk: no file to serve or fetch, the same
// in Chromium and NW.js. Compiling it needs 'wasm-unsafe-eval' in the page's script-src.
import wasm from '@cornerstonejs/codec-openjpeg/decodewasm' with { type: 'bytes' };

export default wasm;
