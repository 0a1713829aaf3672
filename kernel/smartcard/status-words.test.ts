import { describe, expect, it } from 'vitest';
import {
  StatusWord,
  describeStatusWord,
  exactLengthToRetryWith,
  formatStatusWord,
  isSuccess,
  responseBytesAvailable,
} from './status-words';

describe('status words', () => {
  it('names the values of chip spec §7', () => {
    expect(StatusWord).toEqual({
      success: 0x9000,
      endOfFileReached: 0x6282,
      authenticationFailed: 0x6300,
      wrongLength: 0x6700,
      secureMessagingNotSupported: 0x6882,
      securityStatusNotSatisfied: 0x6982,
      secureMessagingDataObjectsIncorrect: 0x6988,
      fileNotFound: 0x6a82,
      incorrectP1P2: 0x6a86,
      offsetOutsideFile: 0x6b00,
    });
  });

  it('treats 6282 as success only when the caller allows it', () => {
    expect(isSuccess(0x9000)).toBe(true);
    expect(isSuccess(0x6282)).toBe(false);
    expect(isSuccess(0x6282, { allowEndOfFile: true })).toBe(true);
    expect(isSuccess(0x6300, { allowEndOfFile: true })).toBe(false);
    expect(isSuccess(0x6a82)).toBe(false);
  });

  it('formats as four upper-case hex digits and never throws', () => {
    expect(formatStatusWord(0x6a82)).toBe('6A82');
    expect(formatStatusWord(0x9000)).toBe('9000');
    expect(formatStatusWord(0x0001)).toBe('0001');
    expect(formatStatusWord(-1)).toBe('????');
    expect(formatStatusWord(0x10000)).toBe('????');
    expect(formatStatusWord(Number.NaN)).toBe('????');
  });

  it('describes known, retry and unknown status words', () => {
    expect(describeStatusWord(0x6a82)).toBe('6A82 file or application not found');
    expect(describeStatusWord(0x6110)).toBe('6110 16 response bytes available');
    expect(describeStatusWord(0x6c04)).toBe('6C04 wrong Le, retry with 4');
    expect(describeStatusWord(0x6f00)).toBe('6F00');
  });

  it('reads the length out of 61XX and 6CXX, with 00 meaning 256', () => {
    expect(responseBytesAvailable(0x6128)).toBe(0x28);
    expect(responseBytesAvailable(0x6100)).toBe(256);
    expect(responseBytesAvailable(0x9000)).toBeUndefined();
    expect(responseBytesAvailable(0x6c28)).toBeUndefined();
    expect(exactLengthToRetryWith(0x6c03)).toBe(3);
    expect(exactLengthToRetryWith(0x6c00)).toBe(256);
    expect(exactLengthToRetryWith(0x6128)).toBeUndefined();
  });
});
