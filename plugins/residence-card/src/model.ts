/** Typed results of the residence-card protocol, as the result panels consume them. */

export interface AddressEntry {
  /** YYYYMMDD, the date the entry was written on the card. */
  readonly date: string;
  /** 住居地 municipality code (6 digits). */
  readonly municipalityCode: string;
  readonly address: string;
}

/** 1st gen: D5 / D6 texts of DF2, present when the permission was granted. */
export interface Gen1WorkPermission {
  readonly generation: 1;
  readonly comprehensive: string;
  readonly individual: string;
}

/** 2nd gen: DF2/EF01 codes. D5: '0' none, '1' 28 h no adult entertainment, '2' 28 h education; D7 '1' individual. */
export interface Gen2WorkPermission {
  readonly generation: 2;
  readonly comprehensive: '0' | '1' | '2';
  /** YYYYMMDD, or empty when there is no comprehensive permission. */
  readonly comprehensiveExpiry: string;
  readonly individual: '0' | '1';
}

export type WorkPermission = Gen1WorkPermission | Gen2WorkPermission;

export interface ResidenceCardDetails {
  readonly generation: 1 | 2;
  readonly workPermission?: WorkPermission;
  readonly addressHistory?: readonly AddressEntry[];
}
