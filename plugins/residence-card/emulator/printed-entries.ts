/**
 * 2nd-gen 券面記載事項 (DF1/EF02, tags C5..CE) as fixed-width ASCII fields (chip spec §4). The values, concatenated
 * in file order, are what the issuer signs (53 bytes on '05' cards, 34 on '06'), so the card emulator and the
 * sample generator both build them here. Pure data in, pure data out: the generator script bundles this file.
 */

export interface ResidencePermissionEntries {
  /** CA, 2 characters. */
  readonly permissionType: string;
  /** CB, YYYYMMDD. */
  readonly permissionDate: string;
  /** CC: 1 none, 2 only within the status of residence, 4 only as designated, 9 not permitted. */
  readonly workRestriction: '1' | '2' | '4' | '9';
  /** CD, YYYYMMDD, or '' (NUL-filled) when the period of stay is indefinite. */
  readonly periodOfStayExpiry: string;
}

export interface PrintedEntriesData {
  /** C5, YYYYMMDD: the card's validity period. */
  readonly cardExpiry: string;
  /** C6, YYYYMMDD. */
  readonly birthDate: string;
  /** C7: 1 male, 2 female, 3 unspecified. */
  readonly sex: '1' | '2' | '3';
  /** C8, 3 characters. */
  readonly nationalityCode: string;
  /** C9, up to 10 characters (space-filled). */
  readonly statusOfResidenceCode: string;
  /** CE, YYMM or DDD (0000 = indefinite). */
  readonly periodOfStay: string;
  /** CA..CD, residence cards ('05') only. */
  readonly residence?: ResidencePermissionEntries;
}

export interface PrintedEntry {
  readonly tag: number;
  readonly value: Uint8Array;
}

const ascii = (text: string, width: number, fill: 'nul' | 'space', what: string): Uint8Array => {
  if (text.length > width || !/^[\x20-\x7e]*$/.test(text)) throw new RangeError(`${what} must be at most ${width} ASCII characters`);
  const field = new Uint8Array(width).fill(fill === 'space' ? 0x20 : 0x00);
  for (let index = 0; index < text.length; index += 1) field[index] = text.charCodeAt(index);
  return field;
};

/** The objects in file order C5, C6, C7, C8, C9, (CA, CB, CC, CD,) CE. */
export function printedEntryObjects(entries: PrintedEntriesData): PrintedEntry[] {
  const objects: PrintedEntry[] = [
    { tag: 0xc5, value: ascii(entries.cardExpiry, 8, 'nul', 'C5 card expiry') },
    { tag: 0xc6, value: ascii(entries.birthDate, 8, 'nul', 'C6 birth date') },
    { tag: 0xc7, value: ascii(entries.sex, 1, 'nul', 'C7 sex') },
    { tag: 0xc8, value: ascii(entries.nationalityCode, 3, 'space', 'C8 nationality') },
    { tag: 0xc9, value: ascii(entries.statusOfResidenceCode, 10, 'space', 'C9 status of residence') },
  ];
  const residence = entries.residence;
  if (residence) {
    objects.push(
      { tag: 0xca, value: ascii(residence.permissionType, 2, 'nul', 'CA permission type') },
      { tag: 0xcb, value: ascii(residence.permissionDate, 8, 'nul', 'CB permission date') },
      { tag: 0xcc, value: ascii(residence.workRestriction, 1, 'nul', 'CC work restriction') },
      { tag: 0xcd, value: ascii(residence.periodOfStayExpiry, 8, 'nul', 'CD period-of-stay expiry') },
    );
  }
  objects.push({ tag: 0xce, value: ascii(entries.periodOfStay, 4, 'nul', 'CE period of stay') });
  return objects;
}

/** The signed part: the values concatenated in file order, without tags and lengths. */
export function printedEntriesSignedValues(entries: PrintedEntriesData): Uint8Array {
  const objects = printedEntryObjects(entries);
  const values = new Uint8Array(objects.reduce((sum, object) => sum + object.value.length, 0));
  let offset = 0;
  for (const object of objects) {
    values.set(object.value, offset);
    offset += object.value.length;
  }
  return values;
}
