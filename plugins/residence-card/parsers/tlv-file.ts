import { findTag, KioskError, KioskErrorCode, parseTlvSequence, type Tlv } from '../../../kernel/api';

/** The TLV objects of a file read from the card (NUL padding after the last object allowed). */
export function fileObjects(content: Uint8Array, what: string): Tlv[] {
  try {
    return parseTlvSequence(content, { allowPadding: true });
  } catch (error) {
    throw new KioskError(KioskErrorCode.malformedCardData, `${what}: ${(error as Error).message}`, { cause: error });
  }
}

export function requiredValue(objects: readonly Tlv[], tag: number, what: string): Uint8Array {
  const found = findTag(objects, tag);
  if (!found) throw new KioskError(KioskErrorCode.malformedCardData, `${what}: tag ${tag.toString(16).toUpperCase()} missing`);
  return found.value;
}

export function optionalValue(objects: readonly Tlv[], tag: number): Uint8Array | undefined {
  return findTag(objects, tag)?.value;
}

/** Values are fixed-width fields, NUL-padded on the card. */
export function withoutTrailingNul(value: Uint8Array): Uint8Array {
  let end = value.length;
  while (end > 0 && value[end - 1] === 0) end -= 1;
  return value.subarray(0, end);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Card text. 2nd gen is UTF-8 (spec §4). For 1st-gen D4/D5/D6 the sources disagree (UTF-8 or Shift_JIS), so
 * strict UTF-8 is tried first and Shift_JIS (cp932) is the fallback.
 */
export function decodeCardText(value: Uint8Array, options: { allowShiftJis: boolean }): string {
  const trimmed = withoutTrailingNul(value);
  try {
    return utf8.decode(trimmed);
  } catch (error) {
    if (!options.allowShiftJis) throw new KioskError(KioskErrorCode.malformedCardData, 'text is not UTF-8', { cause: error });
    return new TextDecoder('shift_jis').decode(trimmed);
  }
}

/** Digits-only fields (dates YYYYMMDD, codes). */
export function decodeAscii(value: Uint8Array, pattern: RegExp, what: string): string {
  // Byte by byte: spreading a value into String.fromCharCode overflows the stack once it is long (about 125 KB).
  let text = '';
  for (const byte of withoutTrailingNul(value)) text += String.fromCharCode(byte);
  if (!pattern.test(text)) throw new KioskError(KioskErrorCode.malformedCardData, `${what}: unexpected format`);
  return text;
}

/** A photo field of a holder under 16 / under 1 may be absent, empty, or (on some cards, possibly) all NUL. */
export function hasContent(value: Uint8Array | undefined): value is Uint8Array {
  return value !== undefined && value.some((byte) => byte !== 0);
}

/**
 * DF3's signature file: the signature (`signatureTag`) and the card certificate (`certificateTag`); both empty
 * on cards without a photo, which is reported as no signature at all.
 */
export function parseSignatureFile(
  content: Uint8Array | undefined,
  signatureTag: number,
  certificateTag: number,
): { signature: Uint8Array; certificate: Uint8Array } | undefined {
  if (!content) return undefined;
  const objects = fileObjects(content, 'signature');
  const signature = optionalValue(objects, signatureTag);
  const certificate = optionalValue(objects, certificateTag);
  if (!signature?.length && !certificate?.length) return undefined;
  return { signature: (signature ?? new Uint8Array()).slice(), certificate: (certificate ?? new Uint8Array()).slice() };
}
