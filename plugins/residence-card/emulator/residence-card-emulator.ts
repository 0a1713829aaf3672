import { concatBytes, Instruction, StatusWord, type VirtualCard } from '../../../kernel/api';
import { deriveAccessKey, deriveSessionKey } from '../protocol/keys';
import { answerMutualAuthentication, KEY_SEED_LENGTH, MUTUAL_AUTHENTICATION_DATA_LENGTH, NONCE_LENGTH } from '../protocol/mutual-authentication';
import { decodeVerifyData, encodeSmResponse, SECURE_MESSAGING_CLA } from '../protocol/secure-messaging';
import type { CardFileSystem, DedicatedFile, ElementaryFile } from './card-file-system';
import { randomChallengeSource, type ChallengeSource } from './challenge-source';
import { decodeCommandApdu, type DecodedCommand } from './command-apdu-decoder';
import { EMULATED_RESIDENCE_CARD_ATR } from './type-b-atr';

/** Status words the emulator needs beyond the ones the terminal names (kernel StatusWord). */
const EmulatorStatusWord = {
  ...StatusWord,
  wrongLength: 0x6700,
  noCurrentElementaryFile: 0x6986,
  instructionNotSupported: 0x6d00,
  classNotSupported: 0x6e00,
} as const;

const PLAIN_CLA = 0x00;
const VERIFY_P2_CARD_NUMBER_UNDER_SM = 0x86;
const SELECT_BY_FILE_ID = 0x00;
const SELECT_BY_NAME = 0x04;
/** SELECT P2: 00 = return FCI, 0C = no response data. The card answers neither with data. */
const SELECT_P2_ALLOWED = new Set([0x00, 0x0c]);
const MF_FILE_ID = Uint8Array.of(0x3f, 0x00);
const SFI_FLAG = 0x80;
const SFI_RESERVED_BITS = 0x60;
const SFI_MASK = 0x1f;
const SM_LE_TAG = 0x96;

export interface ResidenceCardEmulatorOptions {
  /** RND.ICC and K.ICC; random by default, seeded for replayable sessions. */
  readonly challenges?: ChallengeSource;
  readonly atr?: Uint8Array;
}

interface Session {
  readonly sessionKey: Uint8Array;
  /** VERIFY succeeded since MUTUAL AUTHENTICATE: protected files are readable. */
  verified: boolean;
}

/**
 * The card side of a residence card chip (chip spec §2–§4, §7): SELECT, READ BINARY plain and under the card's
 * secure messaging, GET CHALLENGE, MUTUAL AUTHENTICATE and VERIFY, with the status words real cards give.
 * Wrong card numbers are never counted (no lockout has been seen on real cards).
 */
export class ResidenceCardEmulator implements VirtualCard {
  readonly atr: Uint8Array;
  private readonly challenges: ChallengeSource;
  private readonly accessKey: Uint8Array | undefined;
  private currentDf: DedicatedFile;
  private currentEf: ElementaryFile | undefined;
  /** RND.ICC of the last GET CHALLENGE, if it was the command just before this one. */
  private pendingChallenge: Uint8Array | undefined;
  private session: Session | undefined;

  constructor(
    private readonly fileSystem: CardFileSystem,
    options: ResidenceCardEmulatorOptions = {},
  ) {
    this.atr = options.atr ?? EMULATED_RESIDENCE_CARD_ATR;
    this.challenges = options.challenges ?? randomChallengeSource;
    this.accessKey = fileSystem.accessControl ? deriveAccessKey(fileSystem.accessControl.cardNumber) : undefined;
    this.currentDf = fileSystem.mf;
  }

  reset(): void {
    this.currentDf = this.fileSystem.mf;
    this.currentEf = undefined;
    this.pendingChallenge = undefined;
    this.endSession();
  }

  transmit(bytes: Uint8Array): Uint8Array {
    // Single use: whatever comes next consumes the challenge, so MUTUAL AUTHENTICATE must follow immediately.
    const challenge = this.pendingChallenge;
    this.pendingChallenge = undefined;
    const command = decodeCommandApdu(bytes);
    if (!command) return status(EmulatorStatusWord.wrongLength);
    if (command.cla !== PLAIN_CLA && command.cla !== SECURE_MESSAGING_CLA) return status(EmulatorStatusWord.classNotSupported);
    switch (command.ins) {
      case Instruction.select:
        return command.cla === PLAIN_CLA ? this.select(command) : status(EmulatorStatusWord.secureMessagingNotSupported);
      case Instruction.readBinary:
        return command.cla === PLAIN_CLA ? this.readPlain(command) : this.readSecure(command);
      case Instruction.getChallenge:
        return command.cla === PLAIN_CLA ? this.getChallenge(command) : status(EmulatorStatusWord.secureMessagingNotSupported);
      case Instruction.mutualAuthenticate:
        return command.cla === PLAIN_CLA ? this.mutualAuthenticate(command, challenge) : status(EmulatorStatusWord.secureMessagingNotSupported);
      case Instruction.verify:
        return this.verify(command);
      default:
        return status(EmulatorStatusWord.instructionNotSupported);
    }
  }

  private select(command: DecodedCommand): Uint8Array {
    if (!SELECT_P2_ALLOWED.has(command.p2)) return status(EmulatorStatusWord.incorrectP1P2);
    if (command.p1 === SELECT_BY_FILE_ID) {
      // Empty data also means the MF (ISO 7816-4); EFs are reached by SFI only, so other file IDs are absent.
      if (command.data.length !== 0 && !sameBytes(command.data, MF_FILE_ID)) return status(EmulatorStatusWord.fileNotFound);
      return this.enter(this.fileSystem.mf);
    }
    if (command.p1 === SELECT_BY_NAME) {
      const df = this.fileSystem.dfs.find((candidate) => sameBytes(candidate.aid, command.data));
      return df ? this.enter(df) : status(EmulatorStatusWord.fileNotFound);
    }
    return status(EmulatorStatusWord.incorrectP1P2);
  }

  /** Selecting keeps the security state: the terminal authenticates once and then reads DF1, DF2 and DF3. */
  private enter(df: DedicatedFile): Uint8Array {
    this.currentDf = df;
    this.currentEf = undefined;
    return status(EmulatorStatusWord.success);
  }

  private readPlain(command: DecodedCommand): Uint8Array {
    const target = this.locate(command);
    if (typeof target === 'number') return status(target);
    const { file, offset } = target;
    if (file.access === 'secure-messaging-only') return status(EmulatorStatusWord.securityStatusNotSatisfied);
    if (file.access === 'after-verify' && !this.session?.verified) return status(EmulatorStatusWord.securityStatusNotSatisfied);
    if (command.data.length > 0 || command.ne === 0) return status(EmulatorStatusWord.wrongLength);
    if (offset >= file.content.length) return status(EmulatorStatusWord.offsetOutsideFile);
    this.currentEf = file;
    // Asking for more than the file holds returns what there is with 90 00 (the spec allows 62 82 too).
    const end = Math.min(file.content.length, offset + command.ne);
    return respond(file.content.subarray(offset, end));
  }

  /** 08 B0 P1 P2 || 00 00 04 || 96 02 XX XX || 00 00: answer 86 <len> 01 <ENC(KSenc, data || 80 00..)>. */
  private readSecure(command: DecodedCommand): Uint8Array {
    const control = this.fileSystem.accessControl;
    if (!control) return status(EmulatorStatusWord.fileNotFound);
    const target = this.locate(command);
    if (typeof target === 'number') return status(target);
    const { file, offset } = target;
    if (file.access !== 'free' && !this.session?.verified) return status(EmulatorStatusWord.securityStatusNotSatisfied);
    if (!this.session) return status(EmulatorStatusWord.securityStatusNotSatisfied);
    const requested = secureMessagingLe(command.data);
    if (requested === undefined) return status(EmulatorStatusWord.secureMessagingDataObjectsIncorrect);
    if (offset >= file.content.length) return status(EmulatorStatusWord.offsetOutsideFile);
    this.currentEf = file;
    const end = requested === 0 ? file.content.length : Math.min(file.content.length, offset + requested);
    const answer = encodeSmResponse(control.suite, this.session.sessionKey, file.content.subarray(offset, end));
    // The cryptogram cannot be cut: a reader limited to short Le cannot read this file under SM.
    if (answer.length > command.ne) return status(EmulatorStatusWord.wrongLength);
    return respond(answer);
  }

  /** P1 = 80 | SFI with P2 the offset, or (bit 8 clear) a 15-bit offset into the EF read last. */
  private locate(command: DecodedCommand): { file: ElementaryFile; offset: number } | number {
    if ((command.p1 & SFI_FLAG) === 0) {
      if (!this.currentEf) return EmulatorStatusWord.noCurrentElementaryFile;
      return { file: this.currentEf, offset: (command.p1 << 8) | command.p2 };
    }
    const sfi = command.p1 & SFI_MASK;
    if ((command.p1 & SFI_RESERVED_BITS) !== 0 || sfi === 0 || sfi === SFI_MASK) return EmulatorStatusWord.incorrectP1P2;
    const file = this.currentDf.files.get(sfi);
    return file ? { file, offset: command.p2 } : EmulatorStatusWord.fileNotFound;
  }

  private getChallenge(command: DecodedCommand): Uint8Array {
    if (!this.fileSystem.accessControl) return status(EmulatorStatusWord.fileNotFound);
    if (command.p1 !== 0 || command.p2 !== 0) return status(EmulatorStatusWord.incorrectP1P2);
    if (command.data.length > 0 || command.ne < NONCE_LENGTH) return status(EmulatorStatusWord.wrongLength);
    const challenge = this.challenges.next(NONCE_LENGTH);
    this.pendingChallenge = challenge;
    return respond(challenge);
  }

  private mutualAuthenticate(command: DecodedCommand, challenge: Uint8Array | undefined): Uint8Array {
    const control = this.fileSystem.accessControl;
    if (!control || !this.accessKey) return status(EmulatorStatusWord.fileNotFound);
    if (command.p1 !== 0 || command.p2 !== 0) return status(EmulatorStatusWord.incorrectP1P2);
    // Le 00 (256) or exactly 28 (40); Le absent is tolerated.
    if (command.ne !== 0 && command.ne < MUTUAL_AUTHENTICATION_DATA_LENGTH) return status(EmulatorStatusWord.wrongLength);
    this.endSession();
    if (!challenge) return status(EmulatorStatusWord.authenticationFailed);
    const kIcc = this.challenges.next(KEY_SEED_LENGTH);
    const answer = answerMutualAuthentication(control.suite, this.accessKey, command.data, challenge, kIcc);
    if (!answer.ok) {
      kIcc.fill(0);
      return status(answer.failure === 'malformed-command' ? EmulatorStatusWord.wrongLength : EmulatorStatusWord.authenticationFailed);
    }
    this.session = { sessionKey: deriveSessionKey(answer.kIfd, kIcc), verified: false };
    answer.kIfd.fill(0);
    kIcc.fill(0);
    return respond(answer.response);
  }

  /** 08 20 00 86 13 || 86 11 01 || ENC(KSenc, card number || 80 00 00 00): 90 00, or 63 00 for another number. */
  private verify(command: DecodedCommand): Uint8Array {
    const control = this.fileSystem.accessControl;
    if (!control) return status(EmulatorStatusWord.fileNotFound);
    if (command.cla !== SECURE_MESSAGING_CLA || !this.session) return status(EmulatorStatusWord.securityStatusNotSatisfied);
    if (command.p1 !== 0 || command.p2 !== VERIFY_P2_CARD_NUMBER_UNDER_SM) return status(EmulatorStatusWord.incorrectP1P2);
    let cardNumber: string;
    try {
      cardNumber = decodeVerifyData(control.suite, this.session.sessionKey, command.data);
    } catch {
      return status(EmulatorStatusWord.secureMessagingDataObjectsIncorrect);
    }
    // A failed VERIFY withdraws an earlier success, as ISO 7816 security states do.
    this.session.verified = cardNumber === control.cardNumber;
    return status(this.session.verified ? EmulatorStatusWord.success : EmulatorStatusWord.authenticationFailed);
  }

  private endSession(): void {
    this.session?.sessionKey.fill(0);
    this.session = undefined;
  }
}

/** The value of the SM Le object `96 01 XX` or `96 02 XX XX` (0 = the whole file), undefined when malformed. */
function secureMessagingLe(data: Uint8Array): number | undefined {
  if (data[0] !== SM_LE_TAG) return undefined;
  const length = data[1];
  if (length === 1 && data.length === 3) return data[2] ?? 0;
  if (length === 2 && data.length === 4) return ((data[2] ?? 0) << 8) | (data[3] ?? 0);
  return undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

function status(sw: number): Uint8Array {
  return Uint8Array.of(sw >> 8, sw & 0xff);
}

function respond(data: Uint8Array): Uint8Array {
  return concatBytes(data, status(EmulatorStatusWord.success));
}
