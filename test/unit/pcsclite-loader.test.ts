import { describe, expect, it } from 'vitest';
import { loadPcscLite, PCSCLITE_MISSING_HINT } from '../../kernel/node/pcsclite-loader';

describe('pcsclite loader', () => {
  it('loads the native module that npm built here', () => {
    expect(typeof loadPcscLite()).toBe('function');
  });

  it('turns a missing native module into a mapped error that says what to install', () => {
    const missing = () => {
      throw new Error("Cannot find module 'pcsclite'\nRequire stack: ...");
    };
    expect(() => loadPcscLite(missing)).toThrowError(
      expect.objectContaining({ code: 'READER_NOT_FOUND', message: `${PCSCLITE_MISSING_HINT} (Cannot find module 'pcsclite')` }),
    );
    expect(() => loadPcscLite(() => ({}))).toThrowError(expect.objectContaining({ code: 'READER_NOT_FOUND' }));
  });
});
