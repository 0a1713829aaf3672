import { hexToBytes } from 'zairyu-plugin-api';

/**
 * The fictional member card: an ISO 14443 card speaking ISO 7816-4 APDUs. Like every card the kiosk reads, it
 * answers READ BINARY of MF/EF02 with its card type (tag C1, here "90"), which is how the kiosk picks this plugin.
 * Its member application holds one public file that anyone may read (no key, no PIN).
 */
export const MEMBER_CARD_TYPE = '90';

/** Application identifier of the member application (proprietary: first digit F). */
export const MEMBER_APPLICATION_AID = hexToBytes('F0 5A 4B 4D 45 4D 30 31');

/** Short file identifier of the public data file inside the member application. */
export const PUBLIC_DATA_SFI = 0x01;

/** BER-TLV tags of the public data file. */
export const Tag = {
  /** 12 characters, printed on the card: two letters, eight digits, two letters. */
  memberNumber: 0xdf01,
  /** UTF-8. */
  holderName: 0xdf02,
  /** YYYYMMDD. */
  validFrom: 0xdf03,
  /** YYYYMMDD. */
  validUntil: 0xdf04,
  /** One byte: 1 standard, 2 silver, 3 gold. */
  tier: 0xdf05,
} as const;
