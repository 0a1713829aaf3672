import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { KioskErrorCode, type CardReadResult } from '../../../kernel/api';
import type { Kernel } from '../../../kernel/container/create-kernel';
import { createCardSessionService } from '../../../kernel/session/card-session-service';
import type { VirtualCard } from '../../../kernel/smartcard/virtual-card';
import { VirtualTransport } from '../../../kernel/smartcard/virtual-transport';
import type { CardFileSystem, DedicatedFile } from '../../../plugins/residence-card/emulator/card-file-system';
import { seededChallengeSource } from '../../../plugins/residence-card/emulator/challenge-source';
import { ResidenceCardEmulator } from '../../../plugins/residence-card/emulator/residence-card-emulator';
import { requireSampleProfile, sampleFileSystem } from '../../../plugins/residence-card/emulator/sample-cards';
import type { Gen1Details, Gen2Details, ResidenceCardDetails } from '../../../plugins/residence-card/model';
import { gen1SignedData, gen2SignedData } from '../../../plugins/residence-card/verification/signed-data';
import { kernelWithBuiltinPlugins, sampleTrustAnchors } from '../../support/builtin-kernel';
import { assertProperty, outcomeOfAsync, sameBytes, testTimeout, withinTimeAsync, type Outcome } from './fuzz-support';
import { applyMutations, concat, mutationsArbitrary, noise, payloadMutated } from './mutation';
import { dedicatedFileOf, sampleFiles, type SampleFile } from './samples';
import { tlvFields } from './structure';
import { expectWellFormedResult, samePublicKey, sameSignedCertificate } from './verification-oracle';

/**
 * Whole reads against the card emulator with one file of a sample card mutated, or one answer of the card
 * replaced: the read ends with a result or a mapped error, never a crash (a crash surfaces as INTERNAL), and a
 * change to what the issuer signed shows as 改ざん検証 ng, never as an exception.
 */

const CARD_DATA_FAULTS = new Set<KioskErrorCode>([KioskErrorCode.malformedCardData, KioskErrorCode.cardReadFailed, KioskErrorCode.chipBroken]);
/** A changed card type (MF/EF02) may name another card type, one the kiosk refuses, or the other generation's keys. */
const CARD_TYPE_FAULTS = new Set<KioskErrorCode>([...CARD_DATA_FAULTS, KioskErrorCode.notResidenceCard, KioskErrorCode.unsupportedCardType, KioskErrorCode.wrongCardNumber]);

const PROFILES = {
  gen1: ['gen1-residence-work-permitted', 'gen1-special-permanent', 'gen1-under-16'],
  gen2: ['gen2-residence-comprehensive-28h', 'gen2-special-permanent', 'gen2-under-1'],
} as const;

let kernel: Kernel;
/** Each profile's read of the unmodified card: what a mutation is compared with. */
const baselines = new Map<string, CardReadResult<ResidenceCardDetails>>();

beforeAll(async () => {
  kernel = await kernelWithBuiltinPlugins({}, sampleTrustAnchors);
  for (const profileId of [...PROFILES.gen1, ...PROFILES.gen2]) {
    baselines.set(profileId, await read(new ResidenceCardEmulator(sampleFileSystem(requireSampleProfile(profileId)), { challenges: seededChallengeSource(profileId) }), profileId));
  }
}, 60_000);

async function read(card: VirtualCard, profileId: string): Promise<CardReadResult<ResidenceCardDetails>> {
  const transport = new VirtualTransport();
  transport.insert(card);
  const session = createCardSessionService(kernel, transport, 'auto');
  return (await session.read({ cardNumber: requireSampleProfile(profileId).cardNumber! })) as CardReadResult<ResidenceCardDetails>;
}

function withFile(fileSystem: CardFileSystem, file: SampleFile, content: Uint8Array): CardFileSystem {
  const replaced = <T extends DedicatedFile>(dedicated: T): T => {
    const files = new Map(dedicated.files);
    files.set(file.p1 & 0x1f, { ...dedicated.files.get(file.p1 & 0x1f)!, content });
    return { ...dedicated, files };
  };
  const target = dedicatedFileOf(fileSystem, file.df);
  return {
    ...fileSystem,
    mf: file.df === 'MF' ? replaced(fileSystem.mf) : fileSystem.mf,
    dfs: fileSystem.dfs.map((dedicated) => (dedicated === target ? replaced(dedicated) : dedicated)),
  };
}

/** One file of one profile, mutated through its TLV structure, or edited in place so the structure still parses. */
function mutatedFile(profiles: readonly string[]): fc.Arbitrary<{ file: SampleFile; content: Uint8Array }> {
  const files = profiles.flatMap(sampleFiles);
  return fc.constantFrom(...files).chain((file) => {
    const fields = tlvFields(file.content);
    const structural = mutationsArbitrary(fields).map((mutations) => applyMutations(file.content, fields, mutations));
    return fc.oneof(structural, payloadMutated(file.content, 0, file.content.length)).map((content) => ({ file, content }));
  });
}

/** The bytes the issuer signed, or 'oversize' when a field no longer fits its signed width (which must fail). */
function signedData(details: ResidenceCardDetails): Uint8Array | 'oversize' {
  try {
    return details.generation === 1
      ? gen1SignedData((details as Gen1Details).frontImage.bytes, details.faceImage?.bytes ?? new Uint8Array())
      : gen2SignedData((details as Gen2Details).printed.signedBytes, details.faceImage?.bytes ?? new Uint8Array(), (details as Gen2Details).nameImage.bytes);
  } catch (error) {
    if (error instanceof RangeError) return 'oversize';
    throw error;
  }
}

const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) => (a === undefined || b === undefined ? a === b : sameBytes(a, b));

/**
 * A successful read of a mutated card: both checks well formed; 改ざん検証 passes only if the signed data, the
 * signature and the certificate's key are unchanged; 発行元検証 passes only for the certificate the root signed;
 * a mutation of nothing the checks cover leaves both verdicts as they were.
 */
function expectVerdicts(result: CardReadResult<ResidenceCardDetails>, baseline: CardReadResult<ResidenceCardDetails>): void {
  expectWellFormedResult(result.tamperCheck);
  expectWellFormedResult(result.issuerCheck);
  const data = signedData(result.details);
  const baselineData = signedData(baseline.details);
  const dataSame = data !== 'oversize' && baselineData !== 'oversize' && sameBytes(data, baselineData);
  const signatureSame = same(result.details.signature?.signature, baseline.details.signature?.signature);
  const certificate = result.details.signature?.certificate;
  const baselineCertificate = baseline.details.signature?.certificate;
  const certificateSame = same(certificate, baselineCertificate);
  const faceSame = same(result.details.faceImage?.bytes, baseline.details.faceImage?.bytes);

  if (dataSame && signatureSame && certificateSame && faceSame) {
    expect(result.tamperCheck.outcome).toBe(baseline.tamperCheck.outcome);
    expect(result.issuerCheck.outcome).toBe(baseline.issuerCheck.outcome);
    return;
  }
  if (result.tamperCheck.outcome === 'ok') {
    expect(dataSame, 'signed data changed, yet 改ざん検証 ok').toBe(true);
    expect(signatureSame, 'signature changed, yet 改ざん検証 ok').toBe(true);
    expect(certificate !== undefined && samePublicKey(certificate, baselineCertificate!), 'another key, yet 改ざん検証 ok').toBe(true);
  }
  if (result.issuerCheck.outcome === 'ok' && !certificateSame) {
    expect(sameSignedCertificate(certificate!, baselineCertificate!), 'an altered certificate, yet 発行元検証 ok').toBe(true);
  }
}

function expectReadOutcome(outcome: Outcome<CardReadResult<ResidenceCardDetails>>, profileId: string): void {
  if (outcome.ok) expectVerdicts(outcome.value, baselines.get(profileId)!);
}

describe.each(Object.entries(PROFILES))('whole %s card reads, fuzzed', (_generation, profiles) => {
  it('one mutated file: a result with sound verdicts, or a mapped error', async () => {
    await assertProperty(
      fc.asyncProperty(mutatedFile(profiles), async ({ file, content }) => {
        const card = new ResidenceCardEmulator(withFile(sampleFileSystem(requireSampleProfile(file.profileId)), file, content), { challenges: seededChallengeSource(file.name) });
        const allowed = file.df === 'MF' ? CARD_TYPE_FAULTS : CARD_DATA_FAULTS;
        const outcome = await withinTimeAsync(3000, () => outcomeOfAsync(() => read(card, file.profileId), allowed));
        expectReadOutcome(outcome, file.profileId);
      }),
      { numRuns: 150, runTimeLimitMs: 5000 },
    );
  }, testTimeout(60_000));

  it('one answer of the card replaced or mutated: a result with sound verdicts, or a mapped error', async () => {
    // Any exchange may go wrong, the authentication too: a refusal there is the card number's error, and a 67 00
    // to a whole-file read is a reader that cannot pass extended-length commands.
    const allowed = new Set([...CARD_TYPE_FAULTS, KioskErrorCode.readerNotFound]);
    const tamper = fc.record({
      profileId: fc.constantFrom(...profiles),
      exchange: fc.nat({ max: 16 }),
      replacement: fc.oneof(
        fc.record({ kind: fc.constant('mutate' as const), mutations: mutationsArbitrary([], 3) }),
        fc.record({ kind: fc.constant('noise' as const), bytes: noise(300), statusWord: fc.constantFrom([0x90, 0x00], [0x62, 0x82], [0x63, 0x00], [0x6a, 0x82], [0x69, 0x82], [0x67, 0x00]) }),
        fc.record({ kind: fc.constant('status' as const), statusWord: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })) }),
      ),
    });
    await assertProperty(
      fc.asyncProperty(tamper, async ({ profileId, exchange, replacement }) => {
        const card = new ResidenceCardEmulator(sampleFileSystem(requireSampleProfile(profileId)), { challenges: seededChallengeSource(profileId) });
        let count = 0;
        const tampered: VirtualCard = {
          atr: card.atr,
          reset: () => card.reset(),
          async transmit(command) {
            const answer = await card.transmit(command);
            if (count++ !== exchange) return answer;
            if (replacement.kind === 'mutate') return applyMutations(answer, [], replacement.mutations);
            if (replacement.kind === 'noise') return concat(replacement.bytes, Uint8Array.from(replacement.statusWord));
            return Uint8Array.from(replacement.statusWord);
          },
        };
        const outcome = await withinTimeAsync(3000, () => outcomeOfAsync(() => read(tampered, profileId), allowed));
        expectReadOutcome(outcome, profileId);
      }),
      { numRuns: 150, runTimeLimitMs: 5000 },
    );
  }, testTimeout(60_000));
});
