import { describe, expect, it } from 'vitest';
import { PINNED_ISA_ROOTS, PRODUCTION_PINNED_ROOTS } from './pinned-roots';

describe('PINNED_ISA_ROOTS', () => {
  it('holds the six ISA roots of chip spec §6, one of them the ISA test root', () => {
    expect(PINNED_ISA_ROOTS).toHaveLength(6);
    expect(PRODUCTION_PINNED_ROOTS).toHaveLength(5);
    const testRoots = PINNED_ISA_ROOTS.filter((root) => root.purpose === 'isaTest');
    expect(testRoots.map((root) => root.commonName)).toEqual(['ZairyuCard CA2 (test)']);
    expect(PRODUCTION_PINNED_ROOTS.some((root) => root.commonName.includes('test'))).toBe(false);
  });

  it('pins distinct lower-case SHA-256 fingerprints', () => {
    for (const root of PINNED_ISA_ROOTS) expect(root.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(PINNED_ISA_ROOTS.map((root) => root.sha256)).size).toBe(6);
  });

  it('matches key types to generations: RSA-2048 for ZairyuCard CA, P-384 for CA2', () => {
    for (const root of PINNED_ISA_ROOTS) {
      expect(root.keyType).toBe(root.commonName.startsWith('ZairyuCard CA2') ? 'EC P-384' : 'RSA-2048');
      expect(root.validFrom < root.validUntil).toBe(true);
    }
  });
});
