import { KioskError, KioskErrorCode, parseTlvSequence, requireTag } from 'zairyu-plugin-api';
import { Tag } from './protocol';

export type MemberTier = 'standard' | 'silver' | 'gold';

/** What the result panel shows; it is the `details` of the card read result. */
export interface MemberCardDetails {
  readonly memberNumber: string;
  readonly holderName: string;
  /** YYYYMMDD */
  readonly validFrom: string;
  /** YYYYMMDD */
  readonly validUntil: string;
  readonly tier: MemberTier;
}

const TIERS: Readonly<Record<number, MemberTier>> = { 1: 'standard', 2: 'silver', 3: 'gold' };
const MEMBER_NUMBER = /^[A-Z]{2}[0-9]{8}[A-Z]{2}$/;
const DATE = /^[0-9]{8}$/;

/**
 * Parses the public data file. Everything from the card is untrusted: a missing or malformed field is a
 * MALFORMED_CARD_DATA error whose message names the field, never its content (messages end up in logs).
 */
export function parseMemberData(bytes: Uint8Array): MemberCardDetails {
  const objects = parseTlvSequence(bytes, { allowPadding: true });
  const text = (tag: number, name: string, pattern?: RegExp): string => {
    let value: string;
    try {
      value = new TextDecoder('utf-8', { fatal: true }).decode(requireTag(objects, tag).value);
    } catch (error) {
      throw new KioskError(KioskErrorCode.malformedCardData, `member card: ${name} is missing or not UTF-8`, { cause: error });
    }
    if (pattern && !pattern.test(value)) throw new KioskError(KioskErrorCode.malformedCardData, `member card: ${name} is malformed`);
    return value;
  };
  const tierByte = requireTag(objects, Tag.tier).value;
  const tier = tierByte.length === 1 ? TIERS[tierByte[0]!] : undefined;
  if (!tier) throw new KioskError(KioskErrorCode.malformedCardData, 'member card: tier is malformed');
  return {
    memberNumber: text(Tag.memberNumber, 'member number', MEMBER_NUMBER),
    holderName: text(Tag.holderName, 'holder name'),
    validFrom: text(Tag.validFrom, 'valid-from date', DATE),
    validUntil: text(Tag.validUntil, 'valid-until date', DATE),
    tier,
  };
}
