import { describe, expect, it } from 'vitest';
import { encodeTlv, KioskError, KioskErrorCode } from '../../kernel/api';
import { createCardSessionService } from '../../kernel/session/card-session-service';
import type { VirtualCard } from '../../kernel/smartcard/virtual-card';
import { VirtualTransport } from '../../kernel/smartcard/virtual-transport';
import type { CardFileSystem, DedicatedFile, ElementaryFile } from '../../plugins/residence-card/emulator/card-file-system';
import { ResidenceCardEmulator } from '../../plugins/residence-card/emulator/residence-card-emulator';
import { requireSampleProfile, sampleFileSystem } from '../../plugins/residence-card/emulator/sample-cards';
import { DF1, DF2, DF3, Gen1Files, Gen2Files } from '../../plugins/residence-card/protocol/file-map';
import { kernelWithBuiltinPlugins, sampleTrustAnchors } from '../support/builtin-kernel';

/** Codes a malformed card may produce: each has a message and a recovery on screen. */
const MAPPED = new Set<string>([
  KioskErrorCode.malformedCardData,
  KioskErrorCode.cardReadFailed,
  KioskErrorCode.chipBroken,
  KioskErrorCode.notResidenceCard,
]);

const sameAid = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, index) => byte === b[index]);

/** The sample's file system with one file's content replaced (`sfi` as in READ BINARY P1, 0x80 | SFI, or the bare SFI). */
function withFile(fileSystem: CardFileSystem, df: Uint8Array | 'MF', sfi: number, content: (original: Uint8Array) => Uint8Array): CardFileSystem {
  const replace = (dedicated: DedicatedFile): Map<number, ElementaryFile> => {
    const files = new Map(dedicated.files);
    const original = files.get(sfi & 0x1f);
    if (!original) throw new Error(`no file ${sfi.toString(16)}`);
    files.set(sfi & 0x1f, { ...original, content: content(original.content) });
    return files;
  };
  return {
    ...fileSystem,
    mf: df === 'MF' ? { files: replace(fileSystem.mf) } : fileSystem.mf,
    dfs: fileSystem.dfs.map((dedicated) => (df !== 'MF' && sameAid(dedicated.aid, df) ? { ...dedicated, files: replace(dedicated) } : dedicated)),
  };
}

async function readWith(card: VirtualCard, cardNumber: string) {
  const kernel = await kernelWithBuiltinPlugins({}, sampleTrustAnchors);
  const transport = new VirtualTransport();
  transport.insert(card);
  const session = createCardSessionService(kernel, transport, 'auto');
  return session.read({ cardNumber });
}

async function expectMappedFailure(card: VirtualCard, cardNumber: string): Promise<string> {
  const error = await readWith(card, cardNumber).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the read should fail').toBeInstanceOf(KioskError);
  expect(MAPPED.has((error as KioskError).code), (error as KioskError).code).toBe(true);
  return (error as KioskError).code;
}

const gen1 = requireSampleProfile('gen1-residence-work-permitted');
const gen2 = requireSampleProfile('gen2-residence-comprehensive-28h');
const random = (length: number, seed: number) => Uint8Array.from({ length }, (_, index) => (index * 97 + seed * 31 + 7) & 0xff);

describe('malformed card responses give mapped errors, never a crash', () => {
  const cases: [string, SampleProfileId, Uint8Array | 'MF', number, (original: Uint8Array) => Uint8Array][] = [
    ['gen1 front image: TLV cut in the middle of its length', 'gen1', DF1, Gen1Files.frontImage, () => Uint8Array.of(0xd0, 0x82, 0x1b)],
    ['gen1 front image: length far beyond the file', 'gen1', DF1, Gen1Files.frontImage, (original) => Uint8Array.of(0xd0, 0x83, 0xff, 0xff, 0xff, ...original.subarray(0, 100))],
    ['gen1 front image: indefinite length', 'gen1', DF1, Gen1Files.frontImage, (original) => Uint8Array.of(0xd0, 0x80, ...original.subarray(0, 50))],
    ['gen1 address: truncated tag', 'gen1', DF2, Gen1Files.address, () => Uint8Array.of(0x1f)],
    ['gen1 address: date not a date', 'gen1', DF2, Gen1Files.address, () => encodeTlv(0xd2, new TextEncoder().encode('2025-1-1'))],
    ['gen1 signature: five length bytes', 'gen1', DF3, Gen1Files.signature, () => Uint8Array.of(0xda, 0x85, 0, 0, 0, 1, 0)],
    ['gen2 card number: missing tag', 'gen2', DF1, Gen2Files.cardNumber, () => encodeTlv(0xc3, new TextEncoder().encode('CD23456789EF'))],
    ['gen2 printed entries: sex 7', 'gen2', DF1, Gen2Files.printedEntries, (original) => original.map((byte, index) => (index === 22 ? 0x37 : byte))],
    ['gen2 printed entries: empty file', 'gen2', DF1, Gen2Files.printedEntries, (original) => new Uint8Array(original.length)],
    ['gen2 name/face: impossible 3-byte length', 'gen2', DF1, Gen2Files.nameAndFace, () => Uint8Array.of(0xd0, 0x83, 0x7f, 0xff, 0xff, 1, 2, 3)],
    ['gen2 work permission: code 5', 'gen2', DF2, Gen2Files.workPermission, () => encodeTlv(0xd5, Uint8Array.of(0x35))],
    ['card type: not TLV', 'gen2', 'MF', 0x0a, () => Uint8Array.of(0xc1, 0x09, 0x30)],
  ];
  type SampleProfileId = 'gen1' | 'gen2';

  it.each(cases)('%s', async (_name, which, df, sfi, mutate) => {
    const profile = which === 'gen1' ? gen1 : gen2;
    const fileSystem = withFile(sampleFileSystem(profile), df, sfi, mutate);
    await expectMappedFailure(new ResidenceCardEmulator(fileSystem), profile.cardNumber!);
  });

  it('garbage certificate and corrupt images are read but fail verification, with reasons', async () => {
    const garbageCertificate = withFile(sampleFileSystem(gen2), DF3, Gen2Files.signature, (original) => {
      const copy = original.slice();
      copy.set(random(200, 1), 110);
      return copy;
    });
    const result = await readWith(new ResidenceCardEmulator(garbageCertificate), gen2.cardNumber!);
    expect(result.tamperCheck.outcome).toBe('ng');
    expect(result.issuerCheck.outcome).toBe('ng');

    const corruptImage = withFile(sampleFileSystem(gen1), DF1, Gen1Files.frontImage, (original) => {
      const copy = original.slice();
      copy.set(random(400, 2), 20);
      return copy;
    });
    const forged = await readWith(new ResidenceCardEmulator(corruptImage), gen1.cardNumber!);
    expect(forged.tamperCheck).toMatchObject({ outcome: 'ng' });
    expect(forged.issuerCheck.outcome).toBe('ok');
  });

  it('a secure-messaging answer with broken padding is MALFORMED_CARD_DATA', async () => {
    const card = new ResidenceCardEmulator(sampleFileSystem(gen2));
    const flipping: VirtualCard = {
      atr: card.atr,
      reset: () => card.reset(),
      async transmit(command) {
        const response = await card.transmit(command);
        // SM READ BINARY answers: flip a bit in the last ciphertext block, which holds the padding.
        if (command[0] === 0x08 && command[1] === 0xb0 && response.length > 20) {
          const copy = response.slice();
          copy[copy.length - 3]! ^= 0x01;
          return copy;
        }
        return response;
      },
    };
    expect(await expectMappedFailure(flipping, gen2.cardNumber!)).toBe(KioskErrorCode.malformedCardData);
  });

  it('random answers to every command never escape as anything but a mapped error', async () => {
    for (let seed = 0; seed < 60; seed += 1) {
      let count = 0;
      const card = new ResidenceCardEmulator(sampleFileSystem(seed % 2 ? gen1 : gen2));
      const target = 1 + (seed % 12);
      const chaotic: VirtualCard = {
        atr: card.atr,
        reset: () => card.reset(),
        async transmit(command) {
          const response = await card.transmit(command);
          count += 1;
          if (count !== target) return response;
          const garbage = random(1 + ((seed * 37) % 300), seed);
          return Uint8Array.of(...garbage, 0x90, 0x00);
        },
      };
      const profile = seed % 2 ? gen1 : gen2;
      await readWith(chaotic, profile.cardNumber!).then(
        () => undefined,
        (error: unknown) => {
          expect(error).toBeInstanceOf(KioskError);
          expect(MAPPED.has((error as KioskError).code) || (error as KioskError).code === KioskErrorCode.wrongCardNumber, (error as KioskError).code).toBe(true);
        },
      );
    }
  });
});
