/** Where everything is on the chip (spec §2–§4). READ BINARY P1 = 0x80 | SFI. */

const aid = (last: number) => Uint8Array.of(0xd3, 0x92, 0xf0, 0x00, 0x4f, last, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

export const DF1 = aid(0x02);
export const DF2 = aid(0x03);
export const DF3 = aid(0x04);

/** Common to both generations (MF). */
export const MF_COMMON_DATA = 0x8b;
export const MF_CARD_TYPE = 0x8a;

export const Gen1Files = {
  /** DF1, SM: 券面(表)イメージ D0 (MMR TIFF). */
  frontImage: 0x85,
  /** DF1, SM: 顔画像 D1 (JPEG 2000). */
  faceImage: 0x86,
  /** DF2: 住居地（裏面追記） D2 D3 D4. */
  address: 0x81,
  /** DF2 ('1' only): 資格外活動包括許可 D5. */
  comprehensivePermission: 0x82,
  /** DF2 ('1' only): 資格外活動個別許可 D6. */
  individualPermission: 0x83,
  /** DF2 ('1' only): 在留期間等更新申請 D7. */
  renewalApplication: 0x84,
  /** DF3: 電子署名 DA check code, DB certificate. */
  signature: 0x82,
} as const;

export const Gen2Files = {
  /** DF1, SM: card number C2. */
  cardNumber: 0x81,
  /** DF1, SM: 券面記載事項 C5–CE. */
  printedEntries: 0x83,
  /** DF1, SM: name image D0 + face D1. */
  nameAndFace: 0x84,
  /** DF1, SM: address image DF D1. */
  addressImage: 0x86,
  /** DF2 ('05' only): 資格外活動許可 D5 D6 D7. */
  workPermission: 0x81,
  /** DF2 ('05' only): 在留期間更新等申請 D8. */
  renewalApplication: 0x82,
  /** DF2: other D9 DE — EF03 on '05' cards, the only DF2 file (EF01) on '06' cards. */
  otherResidence: 0x83,
  otherSpecialPermanent: 0x81,
  /** DF3: DC signature, DD certificate. */
  signature: 0x82,
} as const;
