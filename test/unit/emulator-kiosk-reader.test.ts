import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CardChannel, TrustAnchors } from '../../kernel/api';
import { detectCardType } from '../../kernel/session/card-type-detection';
import { SAMPLE_PROFILES, type Gen1Profile, type Gen2Profile, type SampleSignature } from '../../plugins/residence-card/emulator/profiles';
import { createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
import type { ResidenceCardDetails } from '../../plugins/residence-card/model';
import { createResidenceCardReader } from '../../plugins/residence-card/reader/residence-card-reader';
import { createResidenceCardVerifier } from '../../plugins/residence-card/verification/card-verifier';

/**
 * Contract between the emulator and the kiosk: the residence-card plugin's reader, parsers and verifier read every
 * sample card and reach the verdicts the samples were made for (test trust store of test/fixtures/sample-cards).
 */

const trustStoreFolder = join(import.meta.dirname, '../fixtures/sample-cards/trust-store');
const testTrust: TrustAnchors = {
  isTestProfile: true,
  roots: readdirSync(trustStoreFolder)
    .filter((name) => name.endsWith('.der'))
    .map((name) => {
      const der = new Uint8Array(readFileSync(join(trustStoreFolder, name)));
      return { name, der, fingerprint: createHash('sha256').update(der).digest('hex') };
    }),
};

function expectedVerdicts(signature: SampleSignature): { tamper: string; issuer: string } {
  switch (signature.kind) {
    case 'absent':
      return { tamper: 'notApplicable', issuer: 'notApplicable' };
    case 'altered-after-signing':
      return { tamper: 'ng', issuer: 'ok' };
    case 'issued':
      return { tamper: 'ok', issuer: signature.issuer === 'trusted' ? 'ok' : 'ng' };
  }
}

const readableProfiles = SAMPLE_PROFILES.filter((profile): profile is Gen1Profile | Gen2Profile => profile.kind === 'gen1' || profile.kind === 'gen2');

describe.each(readableProfiles)('the kiosk reads sample $id', (profile) => {
  it('with the verdicts the sample was made for, and the profile data in the parsed details', async () => {
    const card = createSampleCard(profile.id);
    const channel: CardChannel = { atr: card.atr, transmit: async (command) => card.transmit(command) };
    const cardType = await detectCardType(channel);
    const reader = createResidenceCardReader({
      pluginName: 'residence-card',
      cardType,
      generation: profile.kind === 'gen1' ? 1 : 2,
      residenceCard: cardType === '1' || cardType === '05',
      verify: createResidenceCardVerifier(testTrust),
    });
    const result = await reader.read(channel, { cardNumber: profile.cardNumber });
    const verdicts = expectedVerdicts(profile.signature);
    expect({ tamper: result.tamperCheck.outcome, issuer: result.issuerCheck.outcome }).toEqual(verdicts);

    const details = result.details as ResidenceCardDetails;
    expect(details.faceImage === undefined).toBe(profile.holder.portrait === undefined);
    if (profile.kind === 'gen1' && details.generation === 1) {
      expect(details.addressHistory).toEqual(profile.addressHistory);
      if (profile.workPermission) expect(details.workPermission).toEqual({ generation: 1, ...profile.workPermission });
      if (profile.renewalApplication) expect(details.renewalApplication).toBe(profile.renewalApplication === '1');
    } else if (profile.kind === 'gen2' && details.generation === 2) {
      expect(details.cardNumber).toBe(profile.cardNumber);
      expect(details.printed.cardExpiry).toBe(profile.printed.cardExpiry);
      expect(details.printed.nationalityCode).toBe(profile.printed.nationalityCode);
      expect(details.printed.statusOfResidenceCode).toBe(profile.printed.statusOfResidenceCode);
      expect(details.printed.workRestriction).toBe(profile.printed.residence?.workRestriction);
      if (profile.workPermission) expect(details.workPermission).toEqual({ generation: 2, ...profile.workPermission });
    } else {
      throw new Error('generation mismatch');
    }
  });
});

describe("a '06' card whose DF2 keeps the '05' layout (its file at EF03, not EF01)", () => {
  it('reads the other information from EF03 rather than dropping it', async () => {
    const card = createSampleCard('gen2-special-permanent');
    const profile = readableProfiles.find((entry) => entry.id === 'gen2-special-permanent') as Gen2Profile;
    const DF2 = [0xd3, 0x92, 0xf0, 0x00, 0x4f, 0x03];
    let inDf2 = false;
    const channel: CardChannel = {
      atr: card.atr,
      transmit: async (command) => {
        if (command[1] === 0xa4 && command[2] === 0x04) inDf2 = DF2.every((byte, index) => command[5 + index] === byte);
        // The card under test answers EF01 of DF2 with 6A82 and serves that file as EF03.
        if (inDf2 && command[1] === 0xb0 && command[2] === 0x81) return Uint8Array.of(0x6a, 0x82);
        if (inDf2 && command[1] === 0xb0 && command[2] === 0x83) return card.transmit(Uint8Array.from([command[0]!, command[1]!, 0x81, ...command.subarray(3)]));
        return card.transmit(command);
      },
    };
    const reader = createResidenceCardReader({ pluginName: 'residence-card', cardType: '06', generation: 2, residenceCard: false, verify: createResidenceCardVerifier(testTrust) });
    const result = await reader.read(channel, { cardNumber: profile.cardNumber });
    expect((result.details as ResidenceCardDetails & { generation: 2 }).other).toEqual(profile.other);
    expect(result.tamperCheck.outcome).toBe('ok');
  });
});
