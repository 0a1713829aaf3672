/**
 * Imports one self-contained ES module from bytes held in memory, through a `blob:` URL of the page.
 *
 * Why: in NW.js the kiosk's bundle is a classic script in a Chromium page at chrome-extension://<id>/, so its
 * `import()` is Chromium's, not Node's. Chromium will not import a `file:` URL from that origin, and the page's
 * CSP (shell/nw/index.html) would not allow it either — so a signed plugin's verified bytes, written to a
 * temporary file as the Node CLI does (kernel/node/fs-plugin-source.ts), could never load there. A `blob:` URL
 * made by the page from the very bytes the signature check read is same-origin, needs only `blob:` in
 * `script-src` besides 'self', and never touches the disk. What `blob:` adds: script already running in the
 * page can turn a string into code (much as 'unsafe-eval' would). No outside document or URL can supply a
 * blob, and in NW.js page script has Node's `require` anyway, so nothing reachable before is reachable now.
 *
 * The module runs in the page, so it sees the host modules installed on `globalThis` (plugin-runtime.ts).
 */
export async function importModuleFromBlob(bytes: Uint8Array): Promise<unknown> {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'text/javascript' }));
  try {
    return await import(/* @vite-ignore */ url);
  } finally {
    // The module is evaluated once import() settles; the URL is of no further use.
    URL.revokeObjectURL(url);
  }
}
