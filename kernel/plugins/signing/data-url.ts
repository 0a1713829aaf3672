/** Media types of the files plugins hand to the page by URL (images above all); anything else is octet-stream. */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  json: 'application/json;charset=utf-8',
  txt: 'text/plain;charset=utf-8',
};

export function mediaTypeOf(path: string): string {
  const dot = path.lastIndexOf('.');
  const extension = dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : '';
  return MEDIA_TYPES[extension] ?? 'application/octet-stream';
}

/**
 * `data:<type>;base64,…` of `bytes`, with the type from the path's extension. Built with `btoa`, so the same
 * code runs in the page and in Node.
 */
export function dataUrlOf(path: string, bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep String.fromCharCode's argument list short whatever the file's size.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return `data:${mediaTypeOf(path)};base64,${btoa(binary)}`;
}
