// The kiosk's application icon, drawn in code (no image tools needed on a build machine): a residence card on a
// dark blue tile. PNG for the NW.js window and the Linux .desktop entry, ICO for the Windows executable, ICNS
// for the macOS bundle — the formats nw-builder puts into the packaged app.
import { Buffer } from 'node:buffer';
import { crc32, deflateSync } from 'node:zlib';

const BACKGROUND = [0x1f, 0x4e, 0x79];
const CARD = [0xff, 0xff, 0xff];
const CHIP = [0xd4, 0xa0, 0x17];
const LINE = [0x9a, 0xa8, 0xb8];

/** Shapes in unit coordinates (0..1): [x0, y0, x1, y1, radius, colour], later ones on top. */
const SHAPES = [
  [0.02, 0.02, 0.98, 0.98, 0.18, BACKGROUND],
  [0.14, 0.27, 0.86, 0.73, 0.05, CARD],
  [0.22, 0.39, 0.39, 0.55, 0.025, CHIP],
  [0.46, 0.39, 0.78, 0.43, 0.015, LINE],
  [0.46, 0.49, 0.74, 0.53, 0.015, LINE],
  [0.22, 0.61, 0.66, 0.65, 0.015, LINE],
];

function insideRoundedRect(x, y, [x0, y0, x1, y1, r]) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** RGBA pixels of the icon at `size` × `size`, 4 × 4 supersampled. */
export function iconPixels(size) {
  const pixels = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          let colour;
          for (const shape of SHAPES) if (insideRoundedRect(x, y, shape)) colour = shape[5];
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const offset = (py * size + px) * 4;
      if (a > 0) {
        pixels[offset] = Math.round(r / a);
        pixels[offset + 1] = Math.round(g / a);
        pixels[offset + 2] = Math.round(b / a);
        pixels[offset + 3] = Math.round((a / samples ** 2) * 255);
      }
    }
  }
  return pixels;
}

function chunk(type, data) {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  header.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([header, data, crc]);
}

export function pngIcon(size) {
  const pixels = iconPixels(size);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(pixels.buffer, y * size * 4, size * 4).copy(rows, y * (size * 4 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(6, 9); // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Windows .ico holding PNG images (supported since Windows Vista). */
export function icoIcon(sizes = [16, 32, 48, 256]) {
  const images = sizes.map((size) => ({ size, png: pngIcon(size) }));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4); // planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

/** A macOS .icns with 128 and 256 pixel PNG images (types ic07 and ic08). */
export function icnsIcon() {
  const parts = [
    ['ic07', pngIcon(128)],
    ['ic08', pngIcon(256)],
  ].map(([type, png]) => {
    const header = Buffer.alloc(8);
    header.write(type, 0, 'latin1');
    header.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([header, png]);
  });
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([header, body]);
}
