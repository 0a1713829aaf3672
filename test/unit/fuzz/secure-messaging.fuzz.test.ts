import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KioskErrorCode } from '../../../kernel/errors/kiosk-error';
import { readBerLength } from '../../../plugins/residence-card/protocol/ber-length';
import { gen1CipherSuite, gen2CipherSuite, type CardCipherSuite } from '../../../plugins/residence-card/protocol/cipher-suite';
import { deriveAccessKey } from '../../../plugins/residence-card/protocol/keys';
import { verifyCardAuthentication } from '../../../plugins/residence-card/protocol/mutual-authentication';
import { decodeSmResponse, encodeSmResponse } from '../../../plugins/residence-card/protocol/secure-messaging';
import { assertProperty, outcomeOf, sameBytes, testTimeout, withinTime } from './fuzz-support';
import { applyMutations, concat, mutationsArbitrary, noise } from './mutation';
import { tlvFields } from './structure';

/**
 * The card's secure messaging is one DO 86 (01 || ENC(KSenc, data || 80 00..)) with no MAC: there is no DO 87,
 * 99 or 8E to check, so integrity rests on strict framing and the padding check. The properties compare the
 * decoder with a reference written from the chip spec, on random, structured and mutated answers.
 */

const suites = fc.constantFrom(gen1CipherSuite, gen2CipherSuite);
const sessionKey = fc.uint8Array({ minLength: 16, maxLength: 16 });

/** The spec's rule, written independently: the last non-zero byte is 80 and the padding fits in one block. */
function referenceUnpad(plaintext: Uint8Array, blockSize: number): Uint8Array | undefined {
  let marker = plaintext.length - 1;
  while (marker >= 0 && plaintext[marker] === 0) marker--;
  if (marker < 0 || plaintext[marker] !== 0x80 || plaintext.length - marker > blockSize) return undefined;
  return plaintext.subarray(0, marker);
}

/** What a correct decoder returns for `data`, or undefined where it must refuse. */
function referenceDecode(suite: CardCipherSuite, key: Uint8Array, data: Uint8Array): Uint8Array | undefined {
  if (data[0] !== 0x86 || data.length < 2) return undefined;
  const first = data[1]!;
  const lengthBytes = first < 0x80 ? 0 : first & 0x7f;
  if (first >= 0x80 && (lengthBytes < 1 || lengthBytes > 2)) return undefined;
  if (2 + lengthBytes > data.length) return undefined;
  const length = first < 0x80 ? first : data.subarray(2, 2 + lengthBytes).reduce((value, byte) => value * 256 + byte, 0);
  const valueStart = 2 + lengthBytes;
  if (valueStart + length !== data.length || data[valueStart] !== 0x01) return undefined;
  const cryptogram = data.subarray(valueStart + 1);
  if (cryptogram.length === 0 || cryptogram.length % suite.blockSize !== 0) return undefined;
  return referenceUnpad(suite.decrypt(key, cryptogram), suite.blockSize);
}

/** The decoder agrees with the reference: the same plaintext, or MALFORMED_CARD_DATA exactly where it refuses. */
function expectAsReference(suite: CardCipherSuite, key: Uint8Array, data: Uint8Array): void {
  const decoded = withinTime(500, () => outcomeOf(() => decodeSmResponse(suite, key, data)));
  const expected = referenceDecode(suite, key, data);
  if (expected === undefined) {
    expect(decoded.ok, 'the decoder accepted what the reference refuses').toBe(false);
    return;
  }
  expect(decoded.ok, decoded.ok ? '' : decoded.error.message).toBe(true);
  if (decoded.ok) {
    expect(decoded.value.length).toBeLessThan(data.length);
    expect(sameBytes(decoded.value, expected)).toBe(true);
  }
}

/** A BER length in the short, 81 or 82 form, minimal or not, or a form the card never uses. */
function lengthField(length: number, form: number): Uint8Array {
  switch (form % 4) {
    case 0:
      return length < 0x80 ? Uint8Array.of(length) : length <= 0xff ? Uint8Array.of(0x81, length) : Uint8Array.of(0x82, length >> 8, length & 0xff);
    case 1:
      return length <= 0xff ? Uint8Array.of(0x81, length) : Uint8Array.of(0x82, length >> 8, length & 0xff);
    case 2:
      return Uint8Array.of(0x82, length >> 8, length & 0xff);
    default:
      return Uint8Array.of(0x83, length >> 16, (length >> 8) & 0xff, length & 0xff);
  }
}

/**
 * A data object of the ICAO-style SM family (86 or 87 cryptogram, 99 status, 8E MAC, 85, 96, 97): with a real
 * cryptogram under the session key, a random one, or arbitrary contents.
 */
function smDataObject(suite: CardCipherSuite, key: Uint8Array): fc.Arbitrary<Uint8Array> {
  const realCryptogram = fc.uint8Array({ maxLength: 100 }).map((plaintext) => encodeSmResponse(suite, key, plaintext).subarray(3));
  const randomCryptogram = fc.integer({ min: 0, max: 8 }).chain((blocks) => fc.uint8Array({ minLength: blocks * suite.blockSize, maxLength: blocks * suite.blockSize }));
  const cryptogramValue = fc.tuple(fc.constantFrom(0x01, 0x01, 0x01, 0x00, 0x02), fc.oneof(realCryptogram, randomCryptogram)).map(([indicator, cryptogram]) => concat(Uint8Array.of(indicator), cryptogram));
  return fc.oneof(
    fc.record({ tag: fc.constantFrom(0x86, 0x87), value: cryptogramValue, form: fc.nat({ max: 7 }) }),
    fc.record({ tag: fc.constant(0x99), value: fc.constantFrom(Uint8Array.of(0x90, 0x00), Uint8Array.of(0x62, 0x82), Uint8Array.of(0x90)), form: fc.nat({ max: 7 }) }),
    fc.record({ tag: fc.constant(0x8e), value: fc.uint8Array({ minLength: 8, maxLength: 8 }), form: fc.nat({ max: 7 }) }),
    fc.record({ tag: fc.constantFrom(0x85, 0x96, 0x97), value: fc.uint8Array({ maxLength: 20 }), form: fc.nat({ max: 7 }) }),
  ).map(({ tag, value, form }) => concat(Uint8Array.of(tag), lengthField(value.length, form < 6 ? 0 : form), value));
}

/** Plaintext blocks whose last block is padding or nearly padding: 80 then zeros, a stray byte, no 80, too many zeros. */
function paddedPlaintext(blockSize: number): fc.Arbitrary<Uint8Array> {
  const lastBlock = fc.oneof(
    fc.uint8Array({ minLength: blockSize, maxLength: blockSize }),
    fc.tuple(fc.nat({ max: blockSize - 1 }), fc.uint8Array({ minLength: blockSize, maxLength: blockSize }), fc.nat({ max: blockSize - 1 }), fc.integer({ min: 0, max: 255 })).map(([marker, body, stray, strayValue]) => {
      const block = body.slice();
      block[marker] = 0x80;
      block.fill(0, marker + 1);
      if (stray > marker) block[stray] = strayValue; // a non-zero byte after the marker, now and then
      return block;
    }),
    fc.constant(new Uint8Array(blockSize)), // all zeros: the marker is in an earlier block, or absent
  );
  return fc.tuple(fc.nat({ max: 4 }), lastBlock, fc.uint8Array({ minLength: 64, maxLength: 64 })).map(([blocks, last, filler]) => {
    const body = new Uint8Array(blocks * blockSize);
    for (let index = 0; index < body.length; index++) body[index] = filler[index % filler.length]!;
    // An earlier block that ends in a valid-looking 80 00.. makes "padding longer than one block" reachable.
    if (blocks > 0 && filler[0]! % 3 === 0) body.set([0x80, ...new Uint8Array(blockSize - 1)], body.length - blockSize);
    return concat(body, last);
  });
}

describe('secure messaging decoder, fuzzed with a valid session key', () => {
  it('random answers are decoded as the reference decodes them, or MALFORMED_CARD_DATA', async () => {
    await assertProperty(fc.property(suites, sessionKey, noise(200), expectAsReference), { numRuns: 1500, runTimeLimitMs: 1000 });
  }, testTimeout(30_000));

  it('random DO 86 / 87 / 99 / 8E structures: only a lone, well-formed 86 with good padding decodes', async () => {
    const answer = suites.chain((suite) =>
      fc.tuple(fc.constant(suite), sessionKey).chain(([, key]) => fc.tuple(fc.constant(suite), fc.constant(key), fc.array(smDataObject(suite, key), { minLength: 1, maxLength: 4 }))),
    );
    await assertProperty(
      fc.property(answer, ([suite, key, objects]) => {
        const data = concat(...objects);
        expectAsReference(suite, key, data);
        // Anything beside the cryptogram (a 99 status, an 8E MAC, a second 86) is refused, never ignored.
        if (objects.length > 1) expect(outcomeOf(() => decodeSmResponse(suite, key, data)).ok).toBe(false);
        if (objects[0]![0] !== 0x86) expect(outcomeOf(() => decodeSmResponse(suite, key, data)).ok).toBe(false);
      }),
      { numRuns: 1500, runTimeLimitMs: 1000 },
    );
  }, testTimeout(30_000));

  it('mutated genuine answers (bits, lengths, tags, cut, spliced) are decoded as the reference decodes them', async () => {
    const mutatedAnswer = fc.tuple(suites, sessionKey, fc.uint8Array({ maxLength: 600 })).chain(([suite, key, plaintext]) => {
      const genuine = encodeSmResponse(suite, key, plaintext);
      const fields = tlvFields(genuine);
      return fc.tuple(fc.constant(suite), fc.constant(key), fc.constant(genuine), mutationsArbitrary(fields, 3).map((mutations) => applyMutations(genuine, fields, mutations)));
    });
    await assertProperty(
      fc.property(mutatedAnswer, ([suite, key, , mutated]) => expectAsReference(suite, key, mutated)),
      { numRuns: 1500, runTimeLimitMs: 1000 },
    );
  }, testTimeout(30_000));

  it('a well-framed answer encrypted under the session key but with bad padding is MALFORMED_CARD_DATA', async () => {
    const answer = suites.chain((suite) => fc.tuple(fc.constant(suite), sessionKey, paddedPlaintext(suite.blockSize)));
    let refused = 0;
    await assertProperty(
      fc.property(answer, ([suite, key, plaintext]) => {
        const cryptogram = suite.encrypt(key, plaintext);
        const data = concat(Uint8Array.of(0x86), lengthField(cryptogram.length + 1, 0), Uint8Array.of(0x01), cryptogram);
        const decoded = outcomeOf(() => decodeSmResponse(suite, key, data));
        const expected = referenceUnpad(plaintext, suite.blockSize);
        expect(decoded.ok).toBe(expected !== undefined);
        if (decoded.ok) expect(sameBytes(decoded.value, expected!)).toBe(true);
        else refused++;
      }),
      { numRuns: 1500, runTimeLimitMs: 1000 },
    );
    // The generator must produce bad padding often, or the property proves little.
    expect(refused).toBeGreaterThan(100);
  }, testTimeout(30_000));

  it('round-trips any file content up to 6 KB', async () => {
    await assertProperty(
      fc.property(suites, sessionKey, fc.uint8Array({ maxLength: 6000 }), (suite, key, plaintext) => {
        expect(sameBytes(decodeSmResponse(suite, key, encodeSmResponse(suite, key, plaintext)), plaintext)).toBe(true);
      }),
      { numRuns: 200, runTimeLimitMs: 2000 },
    );
  }, testTimeout(30_000));

  it('readBerLength gives a length inside 16 bits and an offset inside the data, or MALFORMED_CARD_DATA', async () => {
    await assertProperty(
      fc.property(noise(8), fc.integer({ min: 0, max: 9 }), (data, offset) => {
        const read = outcomeOf(() => readBerLength(data, offset));
        if (!read.ok) return;
        expect(read.value.length).toBeLessThanOrEqual(0xffff);
        expect(read.value.valueOffset).toBeGreaterThan(offset);
        expect(read.value.valueOffset).toBeLessThanOrEqual(data.length);
      }),
      { numRuns: 1000, runTimeLimitMs: 1000 },
    );
  }, testTimeout(30_000));
});

describe('MUTUAL AUTHENTICATE answer, fuzzed', () => {
  const accessKey = deriveAccessKey('AB12345678CD');
  const allowed = new Set([KioskErrorCode.malformedCardData, KioskErrorCode.cardReadFailed]);
  const nonces = fc.tuple(fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.uint8Array({ minLength: 8, maxLength: 8 }));

  it('a random or mutated answer is refused with MALFORMED_CARD_DATA or CARD_READ_FAILED', async () => {
    const answer = fc.tuple(suites, nonces, fc.uint8Array({ minLength: 16, maxLength: 16 })).chain(([suite, [rndIcc, rndIfd], kIcc]) => {
      const cryptogram = suite.encrypt(accessKey, concat(rndIcc, rndIfd, kIcc));
      const genuine = concat(cryptogram, suite.mac(accessKey, cryptogram));
      const mutated = mutationsArbitrary([]).map((mutations) => applyMutations(genuine, [], mutations));
      return fc.tuple(fc.constant(suite), fc.constant([rndIcc, rndIfd] as const), fc.constant(genuine), fc.oneof(mutated, noise(48)));
    });
    await assertProperty(
      fc.property(answer, ([suite, [rndIcc, rndIfd], genuine, response]) => {
        const verified = outcomeOf(() => verifyCardAuthentication(suite, accessKey, response, rndIcc, rndIfd), allowed);
        expect(verified.ok).toBe(sameBytes(response, genuine));
      }),
      { numRuns: 1000, runTimeLimitMs: 1000 },
    );
  }, testTimeout(30_000));

  it('a correctly MAC-ed answer for another challenge is CARD_READ_FAILED', async () => {
    await assertProperty(
      fc.property(suites, nonces, fc.uint8Array({ minLength: 32, maxLength: 32 }), (suite, [rndIcc, rndIfd], plaintext) => {
        fc.pre(!sameBytes(plaintext.subarray(0, 16), concat(rndIcc, rndIfd)));
        const cryptogram = suite.encrypt(accessKey, plaintext);
        const response = concat(cryptogram, suite.mac(accessKey, cryptogram));
        const verified = outcomeOf(() => verifyCardAuthentication(suite, accessKey, response, rndIcc, rndIfd), allowed);
        expect(verified.ok ? undefined : verified.error.code).toBe(KioskErrorCode.cardReadFailed);
      }),
      { numRuns: 500, runTimeLimitMs: 1000 },
    );
  }, testTimeout(30_000));
});
