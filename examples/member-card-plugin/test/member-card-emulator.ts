import { bytesToHex, concatBytes, encodeTlv, type VirtualCard } from 'zairyu-plugin-api';
import { MEMBER_APPLICATION_AID, PUBLIC_DATA_SFI, Tag } from '../src/protocol';

/** What the emulated card holds. All data is fictional. */
export interface MemberCardProfile {
  readonly memberNumber: string;
  readonly holderName: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly tier: 1 | 2 | 3;
  /** A card of type 90 without the member application (answers 6A82 to its SELECT). */
  readonly withoutApplication?: boolean;
  /** Replaces the public data file, e.g. to test malformed data. */
  readonly publicData?: Uint8Array;
}

export const SAMPLE_MEMBER: MemberCardProfile = {
  memberNumber: 'MB12345678JP',
  holderName: 'SAMPLE HANAKO / 見本 花子',
  validFrom: '20250401',
  validUntil: '20300331',
  tier: 3,
};

const SW_SUCCESS = Uint8Array.of(0x90, 0x00);
const SW_END_OF_FILE = Uint8Array.of(0x62, 0x82);
const SW_FILE_NOT_FOUND = Uint8Array.of(0x6a, 0x82);
const SW_INS_NOT_SUPPORTED = Uint8Array.of(0x6d, 0x00);
const SW_WRONG_P1P2 = Uint8Array.of(0x6a, 0x86);

/**
 * The card side of the member card, as the kiosk's virtual reader and the plugin's tests use it: MF with EF02
 * (card type C1 = "90", what the kiosk reads first) and the member application with its public data file.
 */
export class MemberCardEmulator implements VirtualCard {
  /** A PC/SC pseudo-ATR of an ISO 14443-4 card. */
  readonly atr = Uint8Array.of(0x3b, 0x80, 0x80, 0x01, 0x01);
  private selected: 'mf' | 'member' = 'mf';

  constructor(private readonly profile: MemberCardProfile = SAMPLE_MEMBER) {}

  reset(): void {
    this.selected = 'mf';
  }

  transmit(command: Uint8Array): Uint8Array {
    const [, ins = 0, p1 = 0, p2 = 0] = command;
    const data = command.length > 5 ? command.subarray(5, 5 + (command[4] ?? 0)) : new Uint8Array(0);
    if (ins === 0xa4) return this.select(p1, p2, data);
    if (ins === 0xb0) return this.readBinary(p1);
    return SW_INS_NOT_SUPPORTED;
  }

  private select(p1: number, p2: number, data: Uint8Array): Uint8Array {
    if (p1 === 0x00 && p2 === 0x00 && bytesToHex(data) === '3F00') {
      this.selected = 'mf';
      return SW_SUCCESS;
    }
    if (p1 === 0x04 && bytesToHex(data) === bytesToHex(MEMBER_APPLICATION_AID) && !this.profile.withoutApplication) {
      this.selected = 'member';
      return SW_SUCCESS;
    }
    return SW_FILE_NOT_FOUND;
  }

  private readBinary(p1: number): Uint8Array {
    if ((p1 & 0x80) === 0) return SW_WRONG_P1P2;
    const sfi = p1 & 0x1f;
    // The file is shorter than the 256 bytes asked for: data, then "end of file reached".
    if (this.selected === 'mf' && sfi === 0x0a) return concatBytes(encodeTlv(0xc1, new TextEncoder().encode('90')), SW_END_OF_FILE);
    if (this.selected === 'member' && sfi === PUBLIC_DATA_SFI) return concatBytes(this.publicData(), SW_END_OF_FILE);
    return SW_FILE_NOT_FOUND;
  }

  private publicData(): Uint8Array {
    if (this.profile.publicData) return this.profile.publicData;
    const text = (value: string) => new TextEncoder().encode(value);
    return concatBytes(
      encodeTlv(Tag.memberNumber, text(this.profile.memberNumber)),
      encodeTlv(Tag.holderName, text(this.profile.holderName)),
      encodeTlv(Tag.validFrom, text(this.profile.validFrom)),
      encodeTlv(Tag.validUntil, text(this.profile.validUntil)),
      encodeTlv(Tag.tier, Uint8Array.of(this.profile.tier)),
    );
  }
}

/** A channel to the emulated card, as the kiosk hands one to a reader. */
export function channelTo(card: VirtualCard) {
  card.reset();
  return { atr: card.atr, transmit: async (command: Uint8Array) => card.transmit(command) };
}
