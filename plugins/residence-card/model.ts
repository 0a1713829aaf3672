/** Typed results of the residence-card protocol, as the result panels consume them. */

export interface CardImage {
  /** tiff-g4: monochrome MMR (CCITT Group 4) TIFF; jp2: JPEG 2000. */
  readonly format: 'tiff-g4' | 'jp2';
  readonly bytes: Uint8Array;
}

export interface CardSignature {
  /** DA (1st gen, RSA) or DC (2nd gen, ECDSA raw r‖s or DER). */
  readonly signature: Uint8Array;
  /** DB / DD: the card's X.509 certificate (DER). */
  readonly certificate: Uint8Array;
}

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

/** 2nd gen 券面記載事項 (C5–CE). Codes stay codes; code tables turn them into words. */
export interface PrintedEntries {
  /** C5: the card's validity period (needed by the revocation inquiry). */
  readonly cardExpiry: string;
  readonly birthDate: string;
  readonly sex: 'male' | 'female' | 'unspecified';
  readonly nationalityCode: string;
  readonly statusOfResidenceCode: string;
  /** CE: YYMM, or DDD days; 0000 = indefinite. */
  readonly periodOfStay: string;
  readonly permissionType: string | undefined;
  readonly permissionDate: string | undefined;
  /** CC: 1 none, 2 only within the status, 4 only as designated, 9 not permitted (residence cards only). */
  readonly workRestriction: '1' | '2' | '4' | '9' | '' | undefined;
  readonly periodOfStayExpiry: string | undefined;
  /** The C5..CE values as read, which the issuer's signature covers. */
  readonly signedBytes: Uint8Array;
}

export interface Gen2OtherInformation {
  readonly noteFlag: string;
  readonly reservedText: string;
}

export interface Gen1Details {
  readonly generation: 1;
  readonly frontImage: CardImage;
  readonly faceImage: CardImage | undefined;
  readonly addressHistory: readonly AddressEntry[];
  readonly workPermission?: Gen1WorkPermission;
  readonly renewalApplication?: boolean;
  readonly signature: CardSignature | undefined;
}

export interface Gen2Details {
  readonly generation: 2;
  readonly cardNumber: string;
  readonly printed: PrintedEntries;
  readonly nameImage: CardImage;
  readonly faceImage: CardImage | undefined;
  readonly addressImage: CardImage;
  readonly workPermission?: Gen2WorkPermission;
  readonly renewalApplication?: boolean;
  readonly other: Gen2OtherInformation | undefined;
  readonly signature: CardSignature | undefined;
}

export type ResidenceCardDetails = Gen1Details | Gen2Details;
