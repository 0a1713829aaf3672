import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ecdsaDerToRaw } from './ecdsa-signature-encoding';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });

describe('ecdsaDerToRaw', () => {
  it('turns OpenSSL DER signatures into r‖s that OpenSSL verifies as IEEE P1363, losslessly', () => {
    // 200 signatures cover the short-integer cases (a leading zero byte of r or s) now and then.
    for (let i = 0; i < 200; i++) {
      const data = randomBytes(64);
      const der = new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'der' }));
      const raw = ecdsaDerToRaw(der, 48) ?? new Uint8Array();
      expect(raw).toHaveLength(96);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
      expect(Buffer.from(toDer(raw))).toEqual(Buffer.from(der));
    }
  });

  it('left-pads short integers', () => {
    const der = new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07]);
    const raw = ecdsaDerToRaw(der, 48);
    expect(raw?.[47]).toBe(5);
    expect(raw?.[95]).toBe(7);
    expect(raw?.slice(0, 47).every((byte) => byte === 0)).toBe(true);
  });

  it('tolerates redundant leading zero octets', () => {
    expect(ecdsaDerToRaw(new Uint8Array([0x30, 0x07, 0x02, 0x02, 0x00, 0x05, 0x02, 0x01, 0x07]), 48)?.[47]).toBe(5);
  });

  it('rejects anything that is not exactly one SEQUENCE of two non-negative integers that fit', () => {
    const good = new Uint8Array(sign('sha256', randomBytes(8), { key: privateKey, dsaEncoding: 'der' }));
    const cases = [
      new Uint8Array(),
      good.subarray(0, good.length - 1), // truncated
      new Uint8Array([...good, 0x00]), // trailing byte
      new Uint8Array([0x31, ...good.subarray(1)]), // SET, not SEQUENCE
      new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x85, 0x02, 0x01, 0x07]), // negative r
      new Uint8Array([0x30, 0x05, 0x02, 0x00, 0x02, 0x01, 0x07]), // empty r
      new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]), // no s
      new Uint8Array([0x30, 0x34, 0x02, 0x31, 0x01, ...new Uint8Array(48), 0x02, 0x01, 0x07]), // r wider than 48 bytes
      new Uint8Array([0x30, 0x82, 0x00, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07]), // needless two-octet length
    ];
    for (const bytes of cases) expect(ecdsaDerToRaw(bytes, 48)).toBeUndefined();
  });
});

/** Minimal DER encoder for the round trip: strip leading zeros, add one back when the top bit is set. */
function toDer(raw: Uint8Array): Uint8Array {
  const integer = (half: Uint8Array): number[] => {
    let start = 0;
    while (start < half.length - 1 && half[start] === 0) start++;
    const body = [...half.subarray(start)];
    if ((body[0] ?? 0) & 0x80) body.unshift(0);
    return [0x02, body.length, ...body];
  };
  const content = [...integer(raw.subarray(0, 48)), ...integer(raw.subarray(48))];
  return new Uint8Array([0x30, ...(content.length < 0x80 ? [content.length] : [0x81, content.length]), ...content]);
}
