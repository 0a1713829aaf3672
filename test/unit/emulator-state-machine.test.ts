import { describe, expect, it } from 'vitest';
import { bytesToHex, encodeCommandApdu, hexToBytes, parseResponseApdu, type CommandApdu, type ResponseApdu } from '../../kernel/api';
import { decodeCommandApdu } from '../../plugins/residence-card/emulator/command-apdu-decoder';
import type { ChallengeSource } from '../../plugins/residence-card/emulator/challenge-source';
import type { ResidenceCardEmulator } from '../../plugins/residence-card/emulator/residence-card-emulator';
import { ResidenceCardEmulator as Emulator } from '../../plugins/residence-card/emulator/residence-card-emulator';
import { createSampleCard, requireSampleProfile, sampleFileSystem } from '../../plugins/residence-card/emulator/sample-cards';
import { EMULATED_RESIDENCE_CARD_ATR, typeBAtr } from '../../plugins/residence-card/emulator/type-b-atr';
import { gen1CipherSuite, gen2CipherSuite, type CardCipherSuite } from '../../plugins/residence-card/protocol/cipher-suite';
import { DF1, DF2, DF3, Gen1Files } from '../../plugins/residence-card/protocol/file-map';
import { deriveAccessKey, deriveSessionKey } from '../../plugins/residence-card/protocol/keys';
import { buildMutualAuthentication, verifyCardAuthentication } from '../../plugins/residence-card/protocol/mutual-authentication';
import { decodeSmResponse, encodeVerifyData, smReadBinaryCommandData } from '../../plugins/residence-card/protocol/secure-messaging';

/** The emulator's state machine, driven APDU by APDU with the terminal-side functions of the protocol. */

const GEN1 = { id: 'gen1-residence-work-permitted', cardNumber: 'AB12345678CD', suite: gen1CipherSuite };
const GEN2 = { id: 'gen2-residence-no-permission', cardNumber: 'AA12345678BB', suite: gen2CipherSuite };
const RND_IFD = hexToBytes('1122334455667788');
const K_IFD = hexToBytes('404142434445464748494A4B4C4D4E4F');

const send = (card: ResidenceCardEmulator, command: CommandApdu, extended?: boolean): ResponseApdu =>
  parseResponseApdu(card.transmit(encodeCommandApdu(command, extended === undefined ? {} : { extended })));
const sendHex = (card: ResidenceCardEmulator, hex: string): ResponseApdu => parseResponseApdu(card.transmit(hexToBytes(hex)));
const sw = (response: ResponseApdu): string => response.sw.toString(16).toUpperCase().padStart(4, '0');

const selectDf = (card: ResidenceCardEmulator, aid: Uint8Array) => send(card, { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: aid });
const readPlain = (card: ResidenceCardEmulator, p1: number, le: number | 'max' = 'max', extended = true, p2 = 0) =>
  send(card, { cla: 0x00, ins: 0xb0, p1, p2, le }, extended);
const readSecure = (card: ResidenceCardEmulator, p1: number, extended = true) =>
  send(card, { cla: 0x08, ins: 0xb0, p1, p2: 0x00, data: smReadBinaryCommandData(), le: 'max' }, extended);
const getChallenge = (card: ResidenceCardEmulator) => send(card, { cla: 0x00, ins: 0x84, p1: 0, p2: 0, le: 8 });
const mutualAuthenticate = (card: ResidenceCardEmulator, data: Uint8Array) => send(card, { cla: 0x00, ins: 0x82, p1: 0, p2: 0, data, le: 256 });
const verify = (card: ResidenceCardEmulator, suite: CardCipherSuite, sessionKey: Uint8Array, cardNumber: string) =>
  send(card, { cla: 0x08, ins: 0x20, p1: 0x00, p2: 0x86, data: encodeVerifyData(suite, sessionKey, cardNumber) });

/** GET CHALLENGE and MUTUAL AUTHENTICATE as a terminal does; returns the session key or the failing answer. */
function authenticate(card: ResidenceCardEmulator, suite: CardCipherSuite, cardNumber: string): Uint8Array | ResponseApdu {
  const challenge = getChallenge(card);
  expect(sw(challenge)).toBe('9000');
  const accessKey = deriveAccessKey(cardNumber);
  const command = buildMutualAuthentication(suite, accessKey, challenge.data.slice(), RND_IFD, K_IFD);
  const answer = mutualAuthenticate(card, command.commandData);
  if (answer.sw !== 0x9000) return answer;
  const kIcc = verifyCardAuthentication(suite, accessKey, answer.data, challenge.data.slice(), RND_IFD);
  return deriveSessionKey(K_IFD, kIcc);
}

function authenticateAndVerify(card: ResidenceCardEmulator, sample: typeof GEN1): Uint8Array {
  const sessionKey = authenticate(card, sample.suite, sample.cardNumber);
  if (!(sessionKey instanceof Uint8Array)) throw new Error(`MUTUAL AUTHENTICATE answered ${sw(sessionKey)}`);
  expect(sw(verify(card, sample.suite, sessionKey, sample.cardNumber))).toBe('9000');
  return sessionKey;
}

describe('after reset', () => {
  it('the MF is selected: the card type reads with Le 00 (90 00, not 62 82), common data with Le 06', () => {
    const gen1 = createSampleCard(GEN1.id);
    expect(bytesToHex(sendHex(gen1, '00 B0 8A 00 00').data)).toBe('C10131');
    expect(sw(sendHex(gen1, '00 B0 8A 00 00'))).toBe('9000');
    expect(bytesToHex(sendHex(gen1, '00 B0 8B 00 06').data)).toBe('C00430303031');
    const gen2 = createSampleCard(GEN2.id);
    expect(bytesToHex(sendHex(gen2, '00 B0 8A 00 00').data)).toBe('C1023035');
    expect(bytesToHex(sendHex(gen2, '00 B0 8A 00 00 00 00').data)).toBe('C1023035');
  });

  it('reset() forgets the selected DF and the session', () => {
    const card = createSampleCard(GEN1.id);
    authenticateAndVerify(card, GEN1);
    selectDf(card, DF2);
    expect(sw(readPlain(card, Gen1Files.address))).toBe('9000');
    card.reset();
    expect(sw(readPlain(card, Gen1Files.address))).toBe('6A82');
    selectDf(card, DF2);
    expect(sw(readPlain(card, Gen1Files.address))).toBe('6982');
  });

  it('uses a Type B ATR with a correct TCK', () => {
    expect(bytesToHex(EMULATED_RESIDENCE_CARD_ATR, ' ')).toBe('3B 88 80 01 00 00 00 00 B3 81 A1 00 9A');
    // The JPKI card in pcsc-tools' smartcard_list.txt.
    expect(bytesToHex(typeBAtr(hexToBytes('000005E0'), hexToBytes('B381A1')))).toBe('3B888001000005E0B381A1007F');
    expect(createSampleCard(GEN2.id).atr).toEqual(EMULATED_RESIDENCE_CARD_ATR);
  });
});

describe('SELECT', () => {
  it('selects the MF by 3F00 and DF1..DF3 by AID; other AIDs and file IDs are absent', () => {
    const card = createSampleCard(GEN1.id);
    expect(sw(sendHex(card, '00 A4 00 00 02 3F 00'))).toBe('9000');
    for (const aid of [DF1, DF2, DF3]) expect(sw(selectDf(card, aid))).toBe('9000');
    expect(sw(selectDf(card, hexToBytes('D392F0004F0500000000000000000000')))).toBe('6A82');
    expect(sw(selectDf(card, hexToBytes('D392F0004F0100000000000000000000')))).toBe('6A82');
    expect(sw(sendHex(card, '00 A4 00 00 02 2F 01'))).toBe('6A82');
  });

  it('answers 6A 86 to P1/P2 it does not know', () => {
    const card = createSampleCard(GEN1.id);
    expect(sw(send(card, { cla: 0, ins: 0xa4, p1: 0x08, p2: 0x0c, data: hexToBytes('3F00') }))).toBe('6A86');
    expect(sw(send(card, { cla: 0, ins: 0xa4, p1: 0x04, p2: 0x04, data: DF1 }))).toBe('6A86');
  });
});

describe('access control', () => {
  it('protected files answer 69 82 before MUTUAL AUTHENTICATE + VERIFY, plain and SM', () => {
    const card = createSampleCard(GEN1.id);
    selectDf(card, DF1);
    expect(sw(readSecure(card, Gen1Files.frontImage))).toBe('6982');
    expect(sw(readPlain(card, Gen1Files.frontImage))).toBe('6982');
    selectDf(card, DF2);
    expect(sw(readPlain(card, Gen1Files.address))).toBe('6982');
    selectDf(card, DF3);
    expect(sw(readPlain(card, Gen1Files.signature))).toBe('6982');
  });

  it('after MUTUAL AUTHENTICATE but before VERIFY, protected files still answer 69 82', () => {
    const card = createSampleCard(GEN2.id);
    expect(authenticate(card, GEN2.suite, GEN2.cardNumber)).toBeInstanceOf(Uint8Array);
    selectDf(card, DF1);
    expect(sw(readSecure(card, 0x81))).toBe('6982');
  });

  it('SM-only EFs answer 69 82 to a plain read even after VERIFY; DF2/DF3 files read plain and under SM', () => {
    const card = createSampleCard(GEN1.id);
    const sessionKey = authenticateAndVerify(card, GEN1);
    selectDf(card, DF1);
    expect(sw(readPlain(card, Gen1Files.frontImage))).toBe('6982');
    const secure = readSecure(card, Gen1Files.frontImage);
    expect(sw(secure)).toBe('9000');
    expect(bytesToHex(secure.data.subarray(0, 5))).toBe('86821B6101'); // 7004 bytes + 80 00 00 00 = 7008, plus 01
    expect(decodeSmResponse(GEN1.suite, sessionKey, secure.data)).toHaveLength(7004);
    selectDf(card, DF2);
    const plain = readPlain(card, Gen1Files.address);
    expect(sw(plain)).toBe('9000');
    expect(decodeSmResponse(GEN1.suite, sessionKey, readSecure(card, Gen1Files.address).data)).toEqual(plain.data);
  });

  it('selecting another DF keeps the security state', () => {
    const card = createSampleCard(GEN2.id);
    authenticateAndVerify(card, GEN2);
    for (const [aid, p1] of [[DF1, 0x81], [DF2, 0x81], [DF3, 0x82]] as const) {
      selectDf(card, aid);
      expect(sw(aid === DF1 ? readSecure(card, p1) : readPlain(card, p1))).toBe('9000');
    }
  });
});

describe('GET CHALLENGE and MUTUAL AUTHENTICATE', () => {
  it('gives fresh random 8 bytes each time', () => {
    const card = createSampleCard(GEN1.id);
    const challenges = new Set(Array.from({ length: 20 }, () => bytesToHex(getChallenge(card).data)));
    expect(challenges.size).toBe(20);
    expect([...challenges][0]).toHaveLength(16);
  });

  it('a wrong card number fails at MUTUAL AUTHENTICATE with 63 00, on both generations', () => {
    for (const sample of [GEN1, GEN2]) {
      const card = createSampleCard(sample.id);
      const answer = authenticate(card, sample.suite, 'ZZ99999999ZZ');
      expect(answer instanceof Uint8Array ? 'accepted' : sw(answer)).toBe('6300');
    }
  });

  it('a 3DES flow sent to a 2nd-gen card fails with 63 00', () => {
    const answer = authenticate(createSampleCard(GEN2.id), gen1CipherSuite, GEN2.cardNumber);
    expect(answer instanceof Uint8Array ? 'accepted' : sw(answer)).toBe('6300');
  });

  it('answers 63 00 without a pending challenge, and 67 00 to malformed data', () => {
    const card = createSampleCard(GEN1.id);
    expect(sw(mutualAuthenticate(card, new Uint8Array(40)))).toBe('6300');
    getChallenge(card);
    expect(sw(mutualAuthenticate(card, new Uint8Array(39)))).toBe('6700');
  });

  it('the challenge is single use: any command in between consumes it, and it cannot be replayed', () => {
    const card = createSampleCard(GEN1.id);
    const accessKey = deriveAccessKey(GEN1.cardNumber);
    const challenge = getChallenge(card).data.slice();
    const command = buildMutualAuthentication(GEN1.suite, accessKey, challenge, RND_IFD, K_IFD);
    sendHex(card, '00 B0 8A 00 00');
    expect(sw(mutualAuthenticate(card, command.commandData))).toBe('6300');

    const second = getChallenge(card).data.slice();
    const accepted = buildMutualAuthentication(GEN1.suite, accessKey, second, RND_IFD, K_IFD);
    expect(sw(mutualAuthenticate(card, accepted.commandData))).toBe('9000');
    expect(sw(mutualAuthenticate(card, accepted.commandData))).toBe('6300');
  });

  it('replays the official 2nd-generation vectors (001460711 Appendix 2) on the AA12345678BB sample', () => {
    const fixed = [hexToBytes('921CE277323DA057'), hexToBytes('2CC6AF9B8B607C662FDCAD27B401D08B')];
    const officialChallenges: ChallengeSource = { next: (length) => fixed.shift() ?? new Uint8Array(length) };
    const card = new Emulator(sampleFileSystem(requireSampleProfile(GEN2.id)), { challenges: officialChallenges });
    expect(bytesToHex(getChallenge(card).data)).toBe('921CE277323DA057');
    const answer = mutualAuthenticate(
      card,
      hexToBytes('4AD3C7B6BB484A52771977DED618B41DF841FA0476A05FBE041DEAD6109E773B' + 'AC854617634F5397'),
    );
    expect(bytesToHex(answer.data)).toBe('289A96B1DA6AE3DA87770419BFD14F0BDAD15F36432B5A946C188C7221759A62' + 'FA942EC51E62FF5F');
    expect(sw(sendHex(card, '08 20 00 86 13 86 11 01 EE0B31EF877F68D071C56D58C72E6748'))).toBe('9000');
    selectDf(card, DF1);
    const response = sendHex(card, '08 B0 84 00 00 00 04 96 02 00 00 00 00');
    expect(sw(response)).toBe('9000');
    expect(bytesToHex(response.data.subarray(0, 5))).toBe('8682159101');
    const plain = decodeSmResponse(gen2CipherSuite, hexToBytes('C19CF13D3D7FBEE9EA293D834C88952F'), response.data);
    expect(plain).toHaveLength(5508);
    expect(plain[0]).toBe(0xd0);
  });

  it('deterministic cards replay the same challenges for the same seed', () => {
    const sequence = (card: ResidenceCardEmulator) => [getChallenge(card), getChallenge(card)].map((response) => bytesToHex(response.data));
    expect(sequence(createSampleCard(GEN1.id, { deterministic: true }))).toEqual(sequence(createSampleCard(GEN1.id, { deterministic: true })));
    expect(sequence(createSampleCard(GEN1.id, { deterministic: true }))).not.toEqual(sequence(createSampleCard(GEN1.id, { deterministic: true, seed: 'other' })));
  });
});

describe('VERIFY', () => {
  it('answers 63 00 for another number, without limit, then 90 00 for the right one', () => {
    const card = createSampleCard(GEN2.id);
    const sessionKey = authenticate(card, GEN2.suite, GEN2.cardNumber);
    if (!(sessionKey instanceof Uint8Array)) throw new Error('authentication failed');
    for (let attempt = 0; attempt < 25; attempt += 1) expect(sw(verify(card, GEN2.suite, sessionKey, 'AA12345678BC'))).toBe('6300');
    expect(sw(verify(card, GEN2.suite, sessionKey, GEN2.cardNumber))).toBe('9000');
    selectDf(card, DF1);
    expect(sw(readSecure(card, 0x81))).toBe('9000');
  });

  it('a failed VERIFY withdraws an earlier success', () => {
    const card = createSampleCard(GEN2.id);
    const sessionKey = authenticateAndVerify(card, GEN2);
    expect(sw(verify(card, GEN2.suite, sessionKey, 'AA12345678BC'))).toBe('6300');
    selectDf(card, DF1);
    expect(sw(readSecure(card, 0x81))).toBe('6982');
  });

  it('answers 69 82 without a session and 69 88 to a cryptogram it cannot decode', () => {
    const card = createSampleCard(GEN1.id);
    expect(sw(sendHex(card, '08 20 00 86 13 86 11 01 EE0B31EF877F68D071C56D58C72E6748'))).toBe('6982');
    authenticate(card, GEN1.suite, GEN1.cardNumber);
    expect(sw(sendHex(card, '08 20 00 86 04 87 02 01 00'))).toBe('6988');
  });
});

describe('READ BINARY', () => {
  it('absent files answer 6A 82, bad P1 6A 86, an offset past the end 6B 00', () => {
    const card = createSampleCard('gen1-special-permanent');
    authenticateAndVerify(card, { id: 'gen1-special-permanent', cardNumber: 'SP12345678AB', suite: gen1CipherSuite });
    selectDf(card, DF2);
    expect(sw(readPlain(card, Gen1Files.comprehensivePermission))).toBe('6A82');
    expect(sw(readPlain(card, 0x9e))).toBe('6A82');
    expect(sw(readPlain(card, 0xe1))).toBe('6A86');
    expect(sw(readPlain(card, Gen1Files.address, 16, false, 0xff))).toBe('9000');
    expect(sw(readPlain(card, 342 >> 8, 16, false, 342 & 0xff))).toBe('6B00');
    card.reset();
    expect(sw(readPlain(card, 0x8a, 'max', false, 4))).toBe('6B00');
  });

  it('short Le returns at most Ne bytes; an SM answer that does not fit answers 67 00', () => {
    const card = createSampleCard(GEN1.id);
    authenticateAndVerify(card, GEN1);
    selectDf(card, DF3);
    expect(readPlain(card, Gen1Files.signature, 'max', false).data).toHaveLength(256);
    expect(readPlain(card, Gen1Files.signature, 'max', true).data).toHaveLength(1464);
    selectDf(card, DF1);
    expect(sw(readSecure(card, Gen1Files.faceImage, false))).toBe('6700');
  });

  it('chunked plain reads (SFI first, then 15-bit offsets into the current EF) give the whole file', () => {
    const card = createSampleCard(GEN1.id);
    authenticateAndVerify(card, GEN1);
    selectDf(card, DF3);
    const whole = readPlain(card, Gen1Files.signature).data.slice();
    const chunks = [readPlain(card, Gen1Files.signature, 0xe0, false).data.slice()];
    for (let offset = 0xe0; offset < whole.length; offset += 0xe0) {
      chunks.push(readPlain(card, offset >> 8, 0xe0, false, offset & 0xff).data.slice());
    }
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(whole));
    selectDf(card, DF2);
    expect(sw(readPlain(card, 0x01, 16, false, 0))).toBe('6986');
  });

  it('answers 69 88 to an SM read without the 96 Le object', () => {
    const card = createSampleCard(GEN2.id);
    authenticateAndVerify(card, GEN2);
    selectDf(card, DF1);
    expect(sw(send(card, { cla: 0x08, ins: 0xb0, p1: 0x81, p2: 0, data: hexToBytes('97020000'), le: 'max' }, true))).toBe('6988');
  });
});

describe('unknown commands', () => {
  it('answers 6D 00 to an unknown INS, 6E 00 to an unknown CLA, 68 82 to SM where it has none, 67 00 to bad lengths', () => {
    const card = createSampleCard(GEN1.id);
    expect(sw(sendHex(card, '00 CA 01 00 00'))).toBe('6D00');
    expect(sw(sendHex(card, '80 B0 8A 00 00'))).toBe('6E00');
    expect(sw(sendHex(card, '08 A4 00 00 02 3F 00'))).toBe('6882');
    expect(sw(sendHex(card, '00 A4 00'))).toBe('6700');
    expect(sw(sendHex(card, '00 A4 00 00 05 3F 00'))).toBe('6700');
  });
});

describe('decodeCommandApdu', () => {
  it('inverts encodeCommandApdu for cases 1-4, short and extended', () => {
    const commands: CommandApdu[] = [
      { cla: 0x00, ins: 0xa4, p1: 0, p2: 0 },
      { cla: 0x00, ins: 0xb0, p1: 0x8a, p2: 0, le: 256 },
      { cla: 0x00, ins: 0xb0, p1: 0x82, p2: 0, le: 65536 },
      { cla: 0x00, ins: 0xa4, p1: 4, p2: 0x0c, data: DF1 },
      { cla: 0x08, ins: 0xb0, p1: 0x84, p2: 0, data: smReadBinaryCommandData(), le: 65536 },
      { cla: 0x00, ins: 0x82, p1: 0, p2: 0, data: new Uint8Array(40), le: 40 },
      { cla: 0x00, ins: 0xa4, p1: 0, p2: 0, data: new Uint8Array(300) },
    ];
    for (const command of commands) {
      const decoded = decodeCommandApdu(encodeCommandApdu(command));
      expect(decoded).toMatchObject({ cla: command.cla, ins: command.ins, p1: command.p1, p2: command.p2, ne: command.le ?? 0 });
      expect(decoded?.data).toEqual(command.data ?? new Uint8Array(0));
    }
    expect(decodeCommandApdu(hexToBytes('00B0820000'))).toMatchObject({ ne: 256, extended: false });
    expect(decodeCommandApdu(hexToBytes('00B08200000000'))).toMatchObject({ ne: 65536, extended: true });
    expect(decodeCommandApdu(hexToBytes('00B082000000'))).toBeUndefined();
  });
});
