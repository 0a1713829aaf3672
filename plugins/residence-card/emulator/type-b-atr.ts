/**
 * The ATR a PC/SC reader reports for a contactless ISO 14443 Type B card (PC/SC Part 3 §3.1.3.2.3.2):
 * 3B 88 80 01, eight historical bytes built from the ATQB (application data 4, protocol info 3, MBLI 1),
 * then TCK, the XOR of every byte from T0 to the last historical byte.
 */
export function typeBAtr(applicationData: Uint8Array, protocolInfo: Uint8Array, mbli = 0): Uint8Array {
  if (applicationData.length !== 4 || protocolInfo.length !== 3) {
    throw new RangeError('Type B ATR needs 4 bytes of application data and 3 of protocol info');
  }
  const withoutCheck = Uint8Array.of(0x3b, 0x88, 0x80, 0x01, ...applicationData, ...protocolInfo, mbli & 0xf0);
  let tck = 0;
  for (const byte of withoutCheck.subarray(1)) tck ^= byte;
  return Uint8Array.of(...withoutCheck, tck);
}

/**
 * The emulator's ATR: the protocol info B3 81 A1 of Japanese government Type B cards in pcsc-tools'
 * smartcard_list.txt, with zero application data so that it is not mistaken for a recorded real card.
 * = 3B 88 80 01 00 00 00 00 B3 81 A1 00 9A
 */
export const EMULATED_RESIDENCE_CARD_ATR = typeBAtr(new Uint8Array(4), Uint8Array.of(0xb3, 0x81, 0xa1));
