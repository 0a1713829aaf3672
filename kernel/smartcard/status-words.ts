/**
 * ISO 7816-4 status words the residence card answers with (chip spec §7), plus the two "try again" families
 * 61XX and 6CXX that T=0 readers and some cards produce.
 */
export const StatusWord = {
  success: 0x9000,
  /** READ BINARY asked for more than the file holds: the data is complete (card type EF is 3 or 4 bytes). */
  endOfFileReached: 0x6282,
  /** VERIFY: card number does not match; MUTUAL AUTHENTICATE: authentication data rejected. */
  authenticationFailed: 0x6300,
  /** Lc or Le wrong: to a well-formed extended-length command, the sign of a reader that cut it short. */
  wrongLength: 0x6700,
  secureMessagingNotSupported: 0x6882,
  /** No auth / VERIFY yet, or a plain read of an EF that only allows secure messaging. */
  securityStatusNotSatisfied: 0x6982,
  secureMessagingDataObjectsIncorrect: 0x6988,
  /** File or application not found, e.g. not a residence card. */
  fileNotFound: 0x6a82,
  incorrectP1P2: 0x6a86,
  /** READ BINARY offset outside the EF. */
  offsetOutsideFile: 0x6b00,
} as const;

export type KnownStatusWord = (typeof StatusWord)[keyof typeof StatusWord];

/** SW1 of 61XX: the answer is waiting, fetch it with GET RESPONSE. */
const SW1_RESPONSE_BYTES_AVAILABLE = 0x61;
/** SW1 of 6CXX: wrong Le, repeat the same command with Le = XX. */
const SW1_WRONG_LENGTH_EXACT_GIVEN = 0x6c;

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  [StatusWord.success]: 'success',
  [StatusWord.endOfFileReached]: 'end of file reached before Le bytes',
  [StatusWord.authenticationFailed]: 'authentication or verification failed',
  [StatusWord.secureMessagingNotSupported]: 'secure messaging not supported here',
  [StatusWord.securityStatusNotSatisfied]: 'security status not satisfied',
  [StatusWord.secureMessagingDataObjectsIncorrect]: 'secure messaging data objects incorrect',
  [StatusWord.fileNotFound]: 'file or application not found',
  [StatusWord.incorrectP1P2]: 'incorrect P1/P2',
  [StatusWord.offsetOutsideFile]: 'offset outside the file',
};

export interface SuccessOptions {
  /** Accept 6282 'end of file reached': only for reads that deliberately ask for more than the file holds. */
  readonly allowEndOfFile?: boolean;
}

export function isSuccess(sw: number, options: SuccessOptions = {}): boolean {
  if (sw === StatusWord.success) return true;
  return options.allowEndOfFile === true && sw === StatusWord.endOfFileReached;
}

/** '6A82'. Never throws, because it is used while reporting other failures; nonsense shows as '????'. */
export function formatStatusWord(sw: number): string {
  if (!Number.isInteger(sw) || sw < 0 || sw > 0xffff) return '????';
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

/** '6A82 file or application not found' for logs and operator messages. */
export function describeStatusWord(sw: number): string {
  const bytesAvailable = responseBytesAvailable(sw);
  if (bytesAvailable !== undefined) return `${formatStatusWord(sw)} ${bytesAvailable} response bytes available`;
  const exactLength = exactLengthToRetryWith(sw);
  if (exactLength !== undefined) return `${formatStatusWord(sw)} wrong Le, retry with ${exactLength}`;
  const description = DESCRIPTIONS[sw];
  return description === undefined ? formatStatusWord(sw) : `${formatStatusWord(sw)} ${description}`;
}

/** 61XX: how many bytes GET RESPONSE should ask for (XX = 00 means 256), otherwise undefined. */
export function responseBytesAvailable(sw: number): number | undefined {
  return lengthInSw2(sw, SW1_RESPONSE_BYTES_AVAILABLE);
}

/** 6CXX: the Le to resend the same command with (XX = 00 means 256), otherwise undefined. */
export function exactLengthToRetryWith(sw: number): number | undefined {
  return lengthInSw2(sw, SW1_WRONG_LENGTH_EXACT_GIVEN);
}

function lengthInSw2(sw: number, expectedSw1: number): number | undefined {
  if (!Number.isInteger(sw) || sw >> 8 !== expectedSw1) return undefined;
  const sw2 = sw & 0xff;
  return sw2 === 0 ? 256 : sw2;
}
