import {
  encodeCommandApdu,
  KioskError,
  KioskErrorCode,
  parseResponseApdu,
  StatusWord,
  type CardChannel,
  type ResponseApdu,
} from '../../../kernel/api';
import type { CardCipherSuite } from './cipher-suite';
import { deriveAccessKey, deriveSessionKey } from './keys';
import { buildMutualAuthentication, KEY_SEED_LENGTH, NONCE_LENGTH, verifyCardAuthentication } from './mutual-authentication';
import { randomBytes } from '../../../kernel/api';
import { decodeSmResponse, encodeVerifyData, SECURE_MESSAGING_CLA, smReadBinaryCommandData } from './secure-messaging';

/**
 * The terminal side of the residence card's commands over one channel. Reads are whole files with one
 * extended-length command each (spec §9). Status words are turned into the manual's errors here, where the
 * command that produced them is known.
 */
export class ResidenceCardCommands {
  private sessionKey: Uint8Array | undefined;

  constructor(
    private readonly channel: CardChannel,
    private readonly suite: CardCipherSuite,
    private readonly random: (length: number) => Uint8Array = randomBytes,
  ) {}

  async selectDf(aid: Uint8Array, what: string): Promise<void> {
    const response = await this.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: aid });
    // A residence card (its type already read) without one of its DFs is a broken chip (Windows §8 (4)). The status
    // word is left off on purpose: the plugins' 6A82 mapping means "not a residence card" and would win over it.
    if (response.sw === StatusWord.fileNotFound) throw new KioskError(KioskErrorCode.chipBroken, `${what} not found (6A82)`);
    this.expectSuccess(response, `SELECT ${what}`);
  }

  /** GET CHALLENGE, MUTUAL AUTHENTICATE and VERIFY: afterwards protected files can be read. */
  async authenticate(cardNumber: string): Promise<void> {
    const accessKey = deriveAccessKey(cardNumber);
    try {
      const challenge = await this.send({ cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: NONCE_LENGTH }, { extended: false });
      this.expectSuccess(challenge, 'GET CHALLENGE');
      if (challenge.data.length !== NONCE_LENGTH) throw new KioskError(KioskErrorCode.malformedCardData, 'GET CHALLENGE: wrong length');
      const rndIcc = challenge.data.slice();
      const rndIfd = this.random(NONCE_LENGTH);
      const kIfd = this.random(KEY_SEED_LENGTH);
      const command = buildMutualAuthentication(this.suite, accessKey, rndIcc, rndIfd, kIfd);
      const answer = await this.send({ cla: 0x00, ins: 0x82, p1: 0x00, p2: 0x00, data: command.commandData, le: 'max' }, { extended: false });
      // The keys derive from the card number: a wrong number fails here already.
      if (answer.sw === StatusWord.authenticationFailed) throw wrongCardNumber(answer.sw);
      this.expectSuccess(answer, 'MUTUAL AUTHENTICATE');
      const kIcc = verifyCardAuthentication(this.suite, accessKey, answer.data, rndIcc, rndIfd);
      this.sessionKey = deriveSessionKey(kIfd, kIcc);
      kIfd.fill(0);
      kIcc.fill(0);
      const verify = await this.send({ cla: SECURE_MESSAGING_CLA, ins: 0x20, p1: 0x00, p2: 0x86, data: encodeVerifyData(this.suite, this.sessionKey, cardNumber) }, { extended: false });
      if (verify.sw === StatusWord.authenticationFailed) throw wrongCardNumber(verify.sw);
      this.expectSuccess(verify, 'VERIFY');
    } finally {
      accessKey.fill(0);
    }
  }

  /** A whole file by SFI, plain. Absent files (6A 82) resolve to undefined; the caller decides if that is fine. */
  async readPlain(sfi: number, what: string): Promise<Uint8Array | undefined> {
    const response = await this.send({ cla: 0x00, ins: 0xb0, p1: sfi, p2: 0x00, le: 'max' }, { extended: true });
    if (response.sw === StatusWord.fileNotFound) return undefined;
    expectExtendedLengthPassed(response, `READ ${what}`);
    this.expectSuccess(response, `READ ${what}`, true);
    return response.data;
  }

  /** A whole file by SFI under secure messaging (after authenticate). */
  async readSecure(sfi: number, what: string): Promise<Uint8Array | undefined> {
    if (!this.sessionKey) throw new KioskError(KioskErrorCode.internal, 'secure read before authentication');
    const response = await this.send({ cla: SECURE_MESSAGING_CLA, ins: 0xb0, p1: sfi, p2: 0x00, data: smReadBinaryCommandData(), le: 'max' }, { extended: true });
    if (response.sw === StatusWord.fileNotFound) return undefined;
    expectExtendedLengthPassed(response, `SM READ ${what}`);
    this.expectSuccess(response, `SM READ ${what}`);
    return decodeSmResponse(this.suite, this.sessionKey, response.data);
  }

  /** Forgets the session key. */
  close(): void {
    this.sessionKey?.fill(0);
    this.sessionKey = undefined;
  }

  private async send(command: Parameters<typeof encodeCommandApdu>[0], options: { extended?: boolean } = {}): Promise<ResponseApdu> {
    return parseResponseApdu(await this.channel.transmit(encodeCommandApdu(command, options)));
  }

  private expectSuccess(response: ResponseApdu, what: string, allowEndOfFile = false): void {
    if (response.sw === StatusWord.success || (allowEndOfFile && response.sw === StatusWord.endOfFileReached)) return;
 // Any other refusal mid-read is the manual's "card could not be read" (Windows §8 (6)); its status word is kept.
    throw new KioskError(KioskErrorCode.cardReadFailed, `${what} answered ${response.sw.toString(16).toUpperCase().padStart(4, '0')}`, { statusWord: response.sw });
  }
}

/**
 * Our whole-file reads are well-formed extended-length commands (spec §2); a 67 00 to one means a reader that cannot
 * pass them on. The protected files can only be read that way (secure messaging over chunks is unknown ground), so
 * the reader must be replaced: the official app requires one too (Windows §2.2 (1)).
 */
function expectExtendedLengthPassed(response: ResponseApdu, what: string): void {
  if (response.sw !== StatusWord.wrongLength) return;
  throw new KioskError(KioskErrorCode.readerNotFound, `${what} answered 6700: the reader does not support extended-length APDUs`, { statusWord: response.sw });
}

function wrongCardNumber(statusWord: number): KioskError {
  return new KioskError(KioskErrorCode.wrongCardNumber, 'the card refused the card number', { statusWord });
}
