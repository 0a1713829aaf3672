import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCardImage, type DecodedImage, type EncodedCardImage } from '../../kernel/imaging';
import { useOpenJpegWasmFromNodeModules } from '../../kernel/imaging/jpeg2000/openjpeg-node.test-support';
import { KioskError, KioskErrorCode } from '../../kernel/errors/kiosk-error';
import { base64ToBytes } from '../../plugins/residence-card/emulator/sample-assets';
import { SAMPLE_ASSETS } from '../../plugins/residence-card/emulator/samples.generated';

const IMAGES = join(process.cwd(), 'test', 'fixtures', 'sample-cards', 'images');

/**
 * The sample files as the reference tools see them: size from `tiffinfo` / `opj_dump -i` (and `identify`), and
 * the SHA-256 of the pixels libtiff and OpenJPEG decode (`convert <file> -depth 8 gray:-` for the bilevel
 * TIFFs, `rgb:-` for the photos; ImageMagick 6.9.11, libtiff 4.5.0, OpenJPEG 2.5).
 */
const REFERENCE: Record<string, { width: number; height: number; sha256: string }> = {
  'gen1-front-a95dcb99.tif': { width: 640, height: 404, sha256: 'f3628926f5613b4747a98d89171c71673407201b40494d8e07e9d1a53f6dfa66' },
  'gen1-front-af190f31.tif': { width: 640, height: 404, sha256: '507be0659d6babaeee06a5c2a643c5218d39207466a359f09c4c9200416c4258' },
  'gen1-front-b9710df8.tif': { width: 640, height: 404, sha256: 'e5dd302a7a845ad64c83e1c6f807c476d6fb4ace7d5a04ae6317868be80b17fe' },
  'gen1-front-d697e0fa.tif': { width: 640, height: 404, sha256: '0d9c8851b1485e818d143800c4bde77f8391f18258b2a108b61f8dd34b743047' },
  'gen1-front-de74ea01.tif': { width: 640, height: 404, sha256: '662cef1b9f0891fd099b5a4c0f89113a452a5ab43ebc9a3793f62fcc27f0abc1' },
  'gen1-front-ee9edbab.tif': { width: 640, height: 404, sha256: 'dc9100386719b447aee0d37ede21a8f9ff05b686c53b56c9144dba75ca91b741' },
  'gen2-address-149fac70.tif': { width: 600, height: 56, sha256: 'ab41208f10c7c4280920602d55d68e01436dda9021ed3619deaf8968867447e8' },
  'gen2-address-7eb1b5a3.tif': { width: 600, height: 56, sha256: '36d8b9657fcef1cfc06074bcd0445bf7a088b1d6c0d630716447a9840ec9b456' },
  'gen2-address-bc452fbd.tif': { width: 600, height: 56, sha256: '1d2a8706ffdd7e745f093dc7678be398cbaa4561207caaaa27a6fb3db02b7e19' },
  'gen2-name-69ff42ba.tif': { width: 600, height: 72, sha256: '945e537bac5dc5994f30dd0deefa00c76e190d101088c8008aef19de3e688ff3' },
  'gen2-name-bc17b134.tif': { width: 600, height: 72, sha256: '3e60c59c2c8ef6ebea77c3fe6a48ff5c36c9f9af6fb63837b9213de6e46a8744' },
  'gen2-name-bf7bef66.tif': { width: 600, height: 72, sha256: '585d02cbe7d20cea642b5b4b8c74f3eb7727a544bd58d1a60700ef5c46248f10' },
  'gen2-name-d9521cec.tif': { width: 600, height: 72, sha256: 'c1f386b31185c4be89d418d8bdcc426fd5c9b74b1d8a6d76b5d9a3eb5f5809f6' },
  'face-0d97f27f.jp2': { width: 144, height: 180, sha256: '6277e04902a9e1655411df4e02815e8019fee8d12db1c40f6035ac11f3bf5b06' },
  'face-e5a70f56.jp2': { width: 144, height: 180, sha256: '0ff4351eb908172246d764595c1fcaeb60b2cce1b1eaf83a2b47a7a11d4e8e8d' },
  'face-eebabe0e.jp2': { width: 144, height: 180, sha256: '0264f00279b123967bc731569c52f549772d2d4da28ece419a00b9b1fa257ac0' },
  'face-f8f2ecf7.jp2': { width: 144, height: 180, sha256: '40e136990407a422493875b16c2440384d96a88814861e69020ab73bb550b0bd' },
};

const formatOf = (name: string): EncodedCardImage['format'] => (name.endsWith('.jp2') || name.startsWith('face') ? 'jp2' : 'tiff-g4');

async function sample(name: string): Promise<EncodedCardImage> {
  return { format: formatOf(name), bytes: new Uint8Array(await readFile(join(IMAGES, name))) };
}

/** The decoded pixels as ImageMagick writes them: one grey byte per pixel for bilevel images, RGB for photos. */
function referenceHash(image: DecodedImage, format: EncodedCardImage['format']): string {
  const channels = format === 'jp2' ? 3 : 1;
  const out = new Uint8Array(image.width * image.height * channels);
  for (let pixel = 0; pixel < image.width * image.height; pixel++) {
    for (let channel = 0; channel < channels; channel++) out[pixel * channels + channel] = image.rgba[pixel * 4 + channel]!;
  }
  return createHash('sha256').update(out).digest('hex');
}

/** Either a complete image of the declared size or MALFORMED_CARD_DATA: never another error, never a hang. */
async function outcome(image: EncodedCardImage): Promise<DecodedImage | 'malformed'> {
  try {
    const decoded = await decodeCardImage(image);
    expect(decoded.rgba.length).toBe(decoded.width * decoded.height * 4);
    return decoded;
  } catch (error) {
    expect(error).toBeInstanceOf(KioskError);
    expect((error as KioskError).code).toBe(KioskErrorCode.malformedCardData);
    return 'malformed';
  }
}

/** A small deterministic generator, so a failing corruption can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/**
 * A valid G4 TIFF that is slow to decode: 4096-pixel lines of alternating pixels — the first coded in
 * horizontal mode (white 1 = 000111, black 1 = 010), every further one as a vertical-0 code ("1") per change.
 */
function denseG4Tiff(width: number, rows: number, stripBytes: number): Uint8Array {
  let bits = '001000111010'.repeat(width / 2);
  bits += '1'.repeat((8 - (bits.length % 8)) % 8);
  const strip = new Uint8Array(stripBytes).fill(0xff);
  for (let index = 0; index < bits.length / 8; index++) strip[index] = parseInt(bits.slice(index * 8, index * 8 + 8), 2);
  const entries: [tag: number, type: 3 | 4, value: number][] = [
    [256, 4, width], [257, 4, rows], [258, 3, 1], [259, 3, 4], [262, 3, 0], [273, 4, 8], [277, 3, 1], [278, 4, rows], [279, 4, stripBytes],
  ];
  const directory = 8 + stripBytes;
  const file = new Uint8Array(directory + 2 + entries.length * 12 + 4);
  const view = new DataView(file.buffer);
  file.set([0x49, 0x49, 42, 0]);
  view.setUint32(4, directory, true);
  file.set(strip, 8);
  view.setUint16(directory, entries.length, true);
  entries.forEach(([tag, type, value], index) => {
    const at = directory + 2 + index * 12;
    view.setUint16(at, tag, true);
    view.setUint16(at + 2, type, true);
    view.setUint32(at + 4, 1, true);
    if (type === 3) view.setUint16(at + 8, value, true);
    else view.setUint32(at + 8, value, true);
  });
  return file;
}

beforeAll(useOpenJpegWasmFromNodeModules);

describe('card image decoding: the sample files, as libtiff and OpenJPEG decode them', () => {
  it.each(Object.keys(REFERENCE))('%s', async (name) => {
    const image = await sample(name);
    const decoded = await decodeCardImage(image);
    expect({ width: decoded.width, height: decoded.height }).toEqual({ width: REFERENCE[name]!.width, height: REFERENCE[name]!.height });
    expect(referenceHash(decoded, image.format)).toBe(REFERENCE[name]!.sha256);
  });

  it('turns bilevel images into opaque black and white only', async () => {
    const decoded = await decodeCardImage(await sample('gen2-name-69ff42ba.tif'));
    const levels = new Set<string>();
    for (let index = 0; index < decoded.rgba.length; index += 4) levels.add(decoded.rgba.slice(index, index + 4).join(','));
    expect([...levels].sort()).toEqual(['0,0,0,255', '255,255,255,255']);
  });

  it("decodes every image of the emulator's sample cards", async () => {
    const ids = Object.keys(SAMPLE_ASSETS.images);
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids) {
      const decoded = await decodeCardImage({ format: id.startsWith('face') ? 'jp2' : 'tiff-g4', bytes: base64ToBytes(SAMPLE_ASSETS.images[id]!) });
      expect(decoded.width, id).toBeGreaterThan(100);
    }
  });
});

describe('card image decoding: malformed input is MALFORMED_CARD_DATA, quickly', () => {
  const malformed = { code: KioskErrorCode.malformedCardData };

  it('refuses empty, oversized and mislabelled input before decoding', async () => {
    await expect(decodeCardImage({ format: 'tiff-g4', bytes: new Uint8Array() })).rejects.toMatchObject(malformed);
    await expect(decodeCardImage({ format: 'jp2', bytes: new Uint8Array(64 * 1024 + 1) })).rejects.toMatchObject(malformed);
    await expect(decodeCardImage({ format: 'jp2', bytes: (await sample('gen2-name-69ff42ba.tif')).bytes })).rejects.toMatchObject(malformed);
    await expect(decodeCardImage({ format: 'tiff-g4', bytes: (await sample('face-0d97f27f.jp2')).bytes })).rejects.toMatchObject(malformed);
    await expect(decodeCardImage({ format: 'png', bytes: Uint8Array.of(1) } as unknown as EncodedCardImage)).rejects.toMatchObject(malformed);
  });

  it('refuses a TIFF that declares more than 4096 pixels a side, without allocating for it', async () => {
    const image = await sample('gen1-front-a95dcb99.tif');
    const bytes = Uint8Array.from(image.bytes);
    const view = new DataView(bytes.buffer);
    const directory = view.getUint32(4, true);
    for (let entry = 0; entry < view.getUint16(directory, true); entry++) {
      const at = directory + 2 + entry * 12;
      if (view.getUint16(at, true) === 256) view.setUint16(at + 8, 60000, true);
    }
    await expect(decodeCardImage({ format: 'tiff-g4', bytes })).rejects.toMatchObject({ ...malformed, message: expect.stringContaining('60000×404') });
  });

  it('refuses a JPEG 2000 photo that declares 100000 × 100000 pixels', async () => {
    const bytes = Uint8Array.from((await sample('face-0d97f27f.jp2')).bytes);
    const siz = bytes.findIndex((value, index) => value === 0xff && bytes[index + 1] === 0x51);
    new DataView(bytes.buffer).setUint32(siz + 6, 100_000);
    new DataView(bytes.buffer).setUint32(siz + 10, 100_000);
    await expect(decodeCardImage({ format: 'jp2', bytes })).rejects.toMatchObject({ ...malformed, message: expect.stringContaining('100000×100000') });
  });

  it('refuses a G4 strip of zero bits by its own check, where utif2 alone spends seconds', async () => {
    const bytes = Uint8Array.from((await sample('gen1-front-a95dcb99.tif')).bytes);
    bytes.fill(0x00, 8, 8 + 5000);
    // Refused by the decoder's bound on bits without a run (not after utif2's seconds of scanning): the message
    // names the check. Times belong to `npm run bench`, not to assertions.
    await expect(decodeCardImage({ format: 'tiff-g4', bytes })).rejects.toMatchObject({ ...malformed, message: expect.stringContaining('G4 code not recognised') });
  });

  it('gives up on a crafted G4 image that would take seconds (dense 4096-pixel lines)', async () => {
    const small = denseG4Tiff(64, 8, 8 * 8 + 100);
    expect((await decodeCardImage({ format: 'tiff-g4', bytes: small })).rgba.slice(0, 8)).toEqual(Uint8ClampedArray.of(255, 255, 255, 255, 0, 0, 0, 255));
    // The work budget, not a clock, ends it: the message says which check refused the image.
    await expect(decodeCardImage({ format: 'tiff-g4', bytes: denseG4Tiff(4096, 100, 60_000) })).rejects.toMatchObject({
      ...malformed,
      message: expect.stringContaining('too complex'),
    });
  });

  it.each(['gen1-front-a95dcb99.tif', 'gen2-name-69ff42ba.tif', 'face-0d97f27f.jp2'])('%s truncated at any length', async (name) => {
    const image = await sample(name);
    const complete = await decodeCardImage(image);
    for (let length = 1; length < image.bytes.length; length += Math.ceil(image.bytes.length / 500)) {
      const decoded = await outcome({ format: image.format, bytes: image.bytes.subarray(0, length) });
      // Only bytes no decoder reads (a TIFF's trailing next-directory offset) may go missing unnoticed.
      if (decoded !== 'malformed') expect(decoded.rgba, `${length} bytes`).toEqual(complete.rgba);
    }
  });

  it.each(['gen1-front-a95dcb99.tif', 'gen2-address-149fac70.tif', 'face-0d97f27f.jp2'])('%s with random bytes changed', async (name) => {
    const image = await sample(name);
    const random = seededRandom(name.length);
    let malformedCount = 0;
    // A hang would end the test at its timeout; how long decoding takes is measured by the bench, not asserted.
    for (let round = 0; round < 150; round++) {
      const bytes = Uint8Array.from(image.bytes);
      const changes = 1 + Math.floor(random() * 12);
      for (let change = 0; change < changes; change++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      if ((await outcome({ format: image.format, bytes })) === 'malformed') malformedCount++;
    }
    expect(malformedCount).toBeGreaterThan(0);
  });

  it('keeps decoding photos after a corrupt one', async () => {
    const image = await sample('face-0d97f27f.jp2');
    await expect(decodeCardImage({ format: 'jp2', bytes: image.bytes.subarray(0, 1500) })).rejects.toMatchObject(malformed);
    expect((await decodeCardImage(image)).width).toBe(144);
  });
});
