import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpenJpegModule } from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import { describe, expect, it, vi } from 'vitest';
import { decodeCardImage } from '../../kernel/imaging/decode-card-image';
import { useOpenJpegWasmFromNodeModules } from '../../kernel/imaging/jpeg2000/openjpeg-node.test-support';
import type * as OpenJpegRuntime from '../../kernel/imaging/jpeg2000/openjpeg-runtime';

/** Every OpenJPEG instance a decode used, kept so the test can look into its memory afterwards. */
const instances = vi.hoisted(() => [] as OpenJpegModule[]);
vi.mock('../../kernel/imaging/jpeg2000/openjpeg-runtime', async (importOriginal) => {
  const original = await importOriginal<typeof OpenJpegRuntime>();
  return {
    ...original,
    freshOpenJpegModule: async () => {
      const instance = await original.freshOpenJpegModule();
      instances.push(instance);
      return instance;
    },
  };
});

useOpenJpegWasmFromNodeModules();

const photo = (name: string) => readFile(join(process.cwd(), 'test', 'fixtures', 'sample-cards', 'images', name)).then((bytes) => new Uint8Array(bytes));

/** Whether `memory` holds a 64-byte run from the middle of `photo` (compressed data: nothing else looks like it). */
function holdsPieceOf(memory: Uint8Array, photo: Uint8Array): boolean {
  const middle = Math.floor(photo.length / 2);
  return Buffer.from(memory.buffer, memory.byteOffset, memory.length).includes(Buffer.from(photo.subarray(middle, middle + 64)));
}

describe('JPEG 2000 photos in WebAssembly memory', () => {
  it('decodes each photo in an instance of its own: the next holder’s decode never shares memory with the last', async () => {
    const first = await photo('face-0d97f27f.jp2');
    const second = await photo('face-e5a70f56.jp2');
    instances.length = 0;
    expect((await decodeCardImage({ format: 'jp2', bytes: first })).width).toBeGreaterThan(0);
    expect((await decodeCardImage({ format: 'jp2', bytes: second })).width).toBeGreaterThan(0);
    expect(instances).toHaveLength(2);
    expect(instances[0]).not.toBe(instances[1]);
    expect(holdsPieceOf(instances[1]!.HEAPU8, second)).toBe(true);
    expect(holdsPieceOf(instances[1]!.HEAPU8, first)).toBe(false);
  });

  it('still decodes the next photo after one that failed', async () => {
    const bytes = await photo('face-0d97f27f.jp2');
    await expect(decodeCardImage({ format: 'jp2', bytes: bytes.subarray(0, 1500) })).rejects.toMatchObject({ code: 'MALFORMED_CARD_DATA' });
    expect((await decodeCardImage({ format: 'jp2', bytes })).width).toBe(144);
  });
});
