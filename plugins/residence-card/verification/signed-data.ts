/**
 * Exactly which bytes the issuer signs (chip spec §6). Shared by the verifier and by the card emulator that
 * signs its sample cards, so both sides agree byte for byte.
 */

/** 1st gen (confidence A): D0 value NUL-padded to 7000 || D1 value NUL-padded to 3000 (TLV headers excluded). */
export const GEN1_FRONT_IMAGE_FIELD = 7000;
export const GEN1_FACE_IMAGE_FIELD = 3000;

/**
 * 2nd gen (confidence B): printed entries (C5..CE values concatenated: 53 bytes on 05 cards; 34 bytes NUL-padded
 * to 53 on 06 cards) || D1 face value padded to 3000 || D0 name-image value padded to 2500.
 */
export const GEN2_PRINTED_ENTRIES_FIELD = 53;
export const GEN2_FACE_IMAGE_FIELD = 3000;
export const GEN2_NAME_IMAGE_FIELD = 2500;

export function padTo(value: Uint8Array, length: number, what: string): Uint8Array {
  if (value.length > length) throw new RangeError(`${what} is ${value.length} bytes, more than the ${length} the signature covers`);
  const padded = new Uint8Array(length);
  padded.set(value);
  return padded;
}

export function gen1SignedData(frontImage: Uint8Array, faceImage: Uint8Array): Uint8Array {
  const data = new Uint8Array(GEN1_FRONT_IMAGE_FIELD + GEN1_FACE_IMAGE_FIELD);
  data.set(padTo(frontImage, GEN1_FRONT_IMAGE_FIELD, 'front image'), 0);
  data.set(padTo(faceImage, GEN1_FACE_IMAGE_FIELD, 'face image'), GEN1_FRONT_IMAGE_FIELD);
  return data;
}

/** `printedEntries` are the concatenated values of C5..CE in file order, without tags and lengths. */
export function gen2SignedData(printedEntries: Uint8Array, faceImage: Uint8Array, nameImage: Uint8Array): Uint8Array {
  const data = new Uint8Array(GEN2_PRINTED_ENTRIES_FIELD + GEN2_FACE_IMAGE_FIELD + GEN2_NAME_IMAGE_FIELD);
  data.set(padTo(printedEntries, GEN2_PRINTED_ENTRIES_FIELD, 'printed entries'), 0);
  data.set(padTo(faceImage, GEN2_FACE_IMAGE_FIELD, 'face image'), GEN2_PRINTED_ENTRIES_FIELD);
  data.set(padTo(nameImage, GEN2_NAME_IMAGE_FIELD, 'name image'), GEN2_PRINTED_ENTRIES_FIELD + GEN2_FACE_IMAGE_FIELD);
  return data;
}
