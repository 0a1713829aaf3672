import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Gen1Details, Gen2Details, PrintedEntries } from '../model';
import { createResidenceCardVerifier } from './card-verifier';
import { gen1SignedData, gen2SignedData } from './signed-data';
import { makeCertificate, signCardData, testAnchors } from './throwaway-pki.test-support';

describe('createResidenceCardVerifier', () => {
  it('verifies what the reader produced, by generation', async () => {
    const rsaRoot = makeCertificate({ commonName: 'Test ZairyuCard CA', keyType: 'rsa-2048' });
    const rsaCard = makeCertificate({ commonName: 'Card', keyType: 'rsa-2048', issuer: rsaRoot });
    const ecRoot = makeCertificate({ commonName: 'Test ZairyuCard CA2', keyType: 'ec-p384' });
    const ecCard = makeCertificate({ commonName: 'Card', keyType: 'ec-p384', issuer: ecRoot });
    const verify = createResidenceCardVerifier(testAnchors(rsaRoot, ecRoot), () => new Date());

    const front = randomBytes(4000);
    const face = randomBytes(2000);
    const gen1: Gen1Details = {
      generation: 1,
      frontImage: { format: 'tiff-g4', bytes: front },
      faceImage: { format: 'jp2', bytes: face },
      addressHistory: [],
      signature: { signature: signCardData(gen1SignedData(front, face), rsaCard.privateKey), certificate: rsaCard.der },
    };
    expect(await verify(gen1)).toEqual({
      tamperCheck: { outcome: 'ok', reasons: ['signature-valid'] },
      issuerCheck: { outcome: 'ok', reasons: ['issuer-trusted', 'test-trust-store'] },
    });

    const signedBytes = new TextEncoder().encode('20310601199001011VNM00000000120503');
    const name = randomBytes(1500);
    const gen2: Gen2Details = {
      generation: 2,
      cardNumber: 'AB12345678CD',
      printed: { signedBytes } as unknown as PrintedEntries,
      nameImage: { format: 'tiff-g4', bytes: name },
      faceImage: undefined,
      addressImage: { format: 'tiff-g4', bytes: randomBytes(100) },
      other: undefined,
      signature: undefined,
    };
    const underOne = await verify(gen2);
    expect(underOne.tamperCheck.outcome).toBe('notApplicable');
    expect(underOne.issuerCheck.outcome).toBe('notApplicable');

    const signature = signCardData(gen2SignedData(signedBytes, new Uint8Array(), name), ecCard.privateKey);
    const signed = await verify({ ...gen2, signature: { signature, certificate: ecCard.der } });
    expect(signed.tamperCheck.outcome).toBe('ok');
    expect(signed.issuerCheck.outcome).toBe('ok');
  });
});
