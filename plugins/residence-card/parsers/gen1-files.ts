import type { AddressEntry, CardImage, CardSignature, Gen1WorkPermission } from '../model';
import { decodeAscii, decodeCardText, fileObjects, hasContent, optionalValue, parseSignatureFile, requiredValue, withoutTrailingNul } from './tlv-file';

/** DF1/EF01: 券面(表)イメージ, tag D0, MMR (CCITT G4) TIFF. */
export function parseGen1FrontImage(content: Uint8Array): CardImage {
  return { format: 'tiff-g4', bytes: requiredValue(fileObjects(content, 'front image'), 0xd0, 'front image').slice() };
}

/** DF1/EF02: 顔画像, tag D1, JPEG 2000; empty on cards of holders under 16. */
export function parseGen1FaceImage(content: Uint8Array | undefined): CardImage | undefined {
  if (!content) return undefined;
  const value = optionalValue(fileObjects(content, 'face image'), 0xd1);
  return hasContent(value) ? { format: 'jp2', bytes: value.slice() } : undefined;
}

/**
 * DF2/EF01: 住居地（裏面追記）. The file holds one D2 D3 D4 group per entry; sources show one group, so a
 * repeated group is read as further history entries.
 */
export function parseGen1Address(content: Uint8Array | undefined): AddressEntry[] {
  if (!content) return [];
  const objects = fileObjects(content, 'address');
  const entries: AddressEntry[] = [];
  for (let index = 0; index < objects.length; index += 1) {
    if (objects[index]!.tag !== 0xd2) continue;
    const date = withoutTrailingNul(objects[index]!.value);
    const municipality = objects[index + 1]?.tag === 0xd3 ? objects[index + 1]!.value : new Uint8Array();
    const address = objects[index + 2]?.tag === 0xd4 ? objects[index + 2]!.value : new Uint8Array();
    if (date.length === 0 && withoutTrailingNul(address).length === 0) continue;
    entries.push({
      date: decodeAscii(date, /^\d{8}$/, 'address date'),
      municipalityCode: decodeAscii(municipality, /^\d{0,6}$/, 'municipality code'),
      address: decodeCardText(address, { allowShiftJis: true }),
    });
  }
  return entries;
}

/** DF2/EF02 (D5) and EF03 (D6): the permission texts written on the back; absent on type '2'. */
export function parseGen1WorkPermission(comprehensive: Uint8Array | undefined, individual: Uint8Array | undefined): Gen1WorkPermission | undefined {
  if (!comprehensive && !individual) return undefined;
  const text = (content: Uint8Array | undefined, tag: number, what: string) => {
    if (!content) return '';
    const value = optionalValue(fileObjects(content, what), tag);
    return value ? decodeCardText(value, { allowShiftJis: true }).trim() : '';
  };
  return {
    generation: 1,
    comprehensive: text(comprehensive, 0xd5, 'comprehensive permission'),
    individual: text(individual, 0xd6, 'individual permission'),
  };
}

/** DF2/EF04: 在留期間等更新申請, D7 '0' none / '1' pending. */
export function parseRenewalFlag(content: Uint8Array | undefined, tag: number): boolean | undefined {
  if (!content) return undefined;
  const value = optionalValue(fileObjects(content, 'renewal application'), tag);
  return value ? decodeAscii(value, /^[01]$/, 'renewal application') === '1' : undefined;
}

/** DF3/EF01: DA check code (RSA signature) and DB card certificate; both empty on cards without a photo. */
export function parseGen1Signature(content: Uint8Array | undefined): CardSignature | undefined {
  return parseSignatureFile(content, 0xda, 0xdb);
}
