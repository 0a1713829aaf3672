import { KioskError, KioskErrorCode } from '../../../kernel/api';
import type { CardImage, CardSignature, Gen2OtherInformation, Gen2WorkPermission, PrintedEntries } from '../model';
import { decodeAscii, decodeCardText, fileObjects, hasContent, optionalValue, parseSignatureFile, requiredValue } from './tlv-file';

const DATE = /^\d{8}$/;

/** DF1/EF01: the card number, tag C2; it must be the number the person entered. */
export function parseGen2CardNumber(content: Uint8Array): string {
  return decodeAscii(requiredValue(fileObjects(content, 'card number'), 0xc2, 'card number'), /^[A-Z]{2}\d{8}[A-Z]{2}$/, 'card number');
}

/**
 * DF1/EF02: 券面記載事項. The signature covers the values of C5..CE concatenated in file order, so they are
 * kept as read (`signedBytes`) beside their meaning.
 */
export function parseGen2PrintedEntries(content: Uint8Array, residenceCard: boolean): PrintedEntries {
  const objects = fileObjects(content, 'printed entries');
  const value = (tag: number, what: string) => requiredValue(objects, tag, what);
  const text = (tag: number, pattern: RegExp, what: string) => decodeAscii(value(tag, what), pattern, what);
  const optionalText = (tag: number, pattern: RegExp, what: string) => {
    const raw = optionalValue(objects, tag);
    return raw === undefined ? undefined : decodeAscii(raw, pattern, what);
  };
  const signed = objects.filter((object) => object.tag >= 0xc5 && object.tag <= 0xce);
  const signedBytes = new Uint8Array(signed.reduce((sum, object) => sum + object.value.length, 0));
  let offset = 0;
  for (const object of signed) {
    signedBytes.set(object.value, offset);
    offset += object.value.length;
  }
  const sex = text(0xc7, /^[123]$/, 'sex');
  const entries: PrintedEntries = {
    cardExpiry: text(0xc5, DATE, 'card expiry'),
    birthDate: text(0xc6, DATE, 'birth date'),
    sex: sex === '1' ? 'male' : sex === '2' ? 'female' : 'unspecified',
    nationalityCode: decodeCardText(value(0xc8, 'nationality'), { allowShiftJis: false }).trim(),
    statusOfResidenceCode: decodeCardText(value(0xc9, 'status of residence'), { allowShiftJis: false }).trim(),
    periodOfStay: text(0xce, /^\d{3,4}$/, 'period of stay'),
    permissionType: optionalText(0xca, /^\d{0,2}$/, 'permission type'),
    permissionDate: optionalText(0xcb, /^(\d{8})?$/, 'permission date'),
    workRestriction: optionalText(0xcc, /^[1249]?$/, 'work restriction') as PrintedEntries['workRestriction'],
    periodOfStayExpiry: optionalText(0xcd, /^(\d{8})?$/, 'period of stay expiry'),
    signedBytes,
  };
  if (residenceCard && entries.workRestriction === undefined) {
    throw new KioskError(KioskErrorCode.malformedCardData, 'printed entries: work restriction (CC) missing on a residence card');
  }
  return entries;
}

/** DF1/EF03: name image D0 (MMR TIFF) and face D1 (JPEG 2000, empty under age 1). */
export function parseGen2NameAndFace(content: Uint8Array): { nameImage: CardImage; faceImage: CardImage | undefined } {
  const objects = fileObjects(content, 'name and face images');
  const face = optionalValue(objects, 0xd1);
  return {
    nameImage: { format: 'tiff-g4', bytes: requiredValue(objects, 0xd0, 'name image').slice() },
    faceImage: hasContent(face) ? { format: 'jp2', bytes: face.slice() } : undefined,
  };
}

/** DF1/EF04: address image, 2-byte tag DF D1 (MMR TIFF). */
export function parseGen2AddressImage(content: Uint8Array): CardImage {
  return { format: 'tiff-g4', bytes: requiredValue(fileObjects(content, 'address image'), 0xdfd1, 'address image').slice() };
}

/** DF2/EF01 ('05'): D5 comprehensive '0'/'1'/'2', D6 its expiry, D7 individual '0'/'1'. */
export function parseGen2WorkPermission(content: Uint8Array | undefined): Gen2WorkPermission | undefined {
  if (!content) return undefined;
  const objects = fileObjects(content, 'work permission');
  const expiry = optionalValue(objects, 0xd6);
  return {
    generation: 2,
    comprehensive: decodeAscii(requiredValue(objects, 0xd5, 'comprehensive permission'), /^[012]$/, 'comprehensive permission') as '0' | '1' | '2',
    comprehensiveExpiry: expiry ? decodeAscii(expiry, /^(\d{8})?$/, 'permission expiry') : '',
    individual: decodeAscii(requiredValue(objects, 0xd7, 'individual permission'), /^[01]$/, 'individual permission') as '0' | '1',
  };
}

/** DF2 other information: D9 ISA note flag, DE reserved text. */
export function parseGen2Other(content: Uint8Array | undefined): Gen2OtherInformation | undefined {
  if (!content) return undefined;
  const objects = fileObjects(content, 'other information');
  const flag = optionalValue(objects, 0xd9);
  const text = optionalValue(objects, 0xde);
  return {
    noteFlag: flag ? decodeAscii(flag, /^\d?$/, 'note flag') : '',
    reservedText: text ? decodeCardText(text, { allowShiftJis: false }).trim() : '',
  };
}

/** DF3/EF01: DC signature (96 bytes raw r‖s, or DER) and DD card certificate; both empty under age 1. */
export function parseGen2Signature(content: Uint8Array | undefined): CardSignature | undefined {
  return parseSignatureFile(content, 0xdc, 0xdd);
}
