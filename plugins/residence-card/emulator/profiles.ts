import type { PrintedEntriesData } from './printed-entries';

/**
 * Sample cards for the demo reader, the vpcd emulator and tests. Every person, number, address and code here is
 * FICTIONAL (見本 / SAMPLE), and the images drawn from this data say so. Pure data: scripts/make-sample-cards.mjs
 * bundles this file to draw the images and sign them, so the chip contents and the signatures agree.
 */

export interface LocalizedText {
  readonly ja: string;
  readonly en: string;
}

/** The colours of the drawn face silhouette. */
export interface Portrait {
  readonly background: string;
  readonly figure: string;
}

/** What the card-face images show. */
export interface SampleHolder {
  readonly nameLatin: string;
  readonly nameKanji: string;
  /** YYYYMMDD. */
  readonly birthDate: string;
  readonly sex: '1' | '2' | '3';
  readonly nationality: LocalizedText;
  /** The address printed on the front (1st gen) or in the address image (2nd gen). */
  readonly address: string;
  /** Absent: no photo (holders under 16 on 1st-gen cards, under 1 on 2nd-gen cards). */
  readonly portrait?: Portrait;
}

/** The printed lines of a 1st-gen front face beyond the holder's own data. */
export interface Gen1CardFace {
  readonly statusOfResidence?: string;
  readonly workRestriction?: string;
  readonly periodOfStay?: string;
  readonly permission?: string;
  readonly issueDate: string;
  readonly validUntil: string;
}

/** DF2/EF01 of 1st-gen cards: D2 date, D3 municipality code, D4 address. */
export interface AddressRecord {
  /** YYYYMMDD. */
  readonly date: string;
  /** 6 digits. */
  readonly municipalityCode: string;
  readonly address: string;
}

/**
 * How the 1st-gen text files are laid out; the spec's file sizes suggest fixed-width values, one source reads
 * repeated D2 D3 D4 groups (confidence C), so the samples carry both:
 * - fixed-width: every value NUL-padded to its field (D4 320, D5/D6 120), one address group.
 * - exact-length: values as long as their text, several address groups in the 342-byte file.
 */
export type Gen1TextLayout = 'fixed-width' | 'exact-length';

export type SampleSignature =
  /** Signed by a test CA: `trusted` is in test/fixtures/sample-cards/trust-store, `untrusted` is not. */
  | { readonly kind: 'issued'; readonly issuer: 'trusted' | 'untrusted' }
  /** Empty signature objects (holders without a photo). */
  | { readonly kind: 'absent' }
  /** Signed by the trusted test CA, then one image was replaced: the signature no longer verifies. */
  | { readonly kind: 'altered-after-signing'; readonly alteration: ImageAlteration };

export type ImageAlteration =
  | { readonly image: 'face'; readonly portrait: Portrait }
  | { readonly image: 'front' | 'name'; readonly nameLatin: string; readonly nameKanji: string };

interface ProfileCommon {
  readonly id: string;
  readonly description: LocalizedText;
}

export interface Gen1Profile extends ProfileCommon {
  readonly kind: 'gen1';
  readonly cardType: '1' | '2';
  readonly cardNumber: string;
  readonly holder: SampleHolder;
  readonly cardFace: Gen1CardFace;
  readonly addressHistory: readonly AddressRecord[];
  /** D5 / D6 texts; type '1' only ('' = nothing written). */
  readonly workPermission?: { readonly comprehensive: string; readonly individual: string };
  /** D7, type '1' only. */
  readonly renewalApplication?: '0' | '1';
  readonly textLayout: Gen1TextLayout;
  readonly signature: SampleSignature;
}

export interface Gen2Profile extends ProfileCommon {
  readonly kind: 'gen2';
  readonly cardType: '05' | '06';
  readonly cardNumber: string;
  readonly holder: SampleHolder;
  readonly printed: PrintedEntriesData;
  /** DF2/EF01, '05' only. */
  readonly workPermission?: { readonly comprehensive: '0' | '1' | '2'; readonly comprehensiveExpiry: string; readonly individual: '0' | '1' };
  /** DF2/EF02 D8, '05' only. */
  readonly renewalApplication?: '0' | '1';
  /** D9 / DE. */
  readonly other: { readonly noteFlag: string; readonly reservedText: string };
  readonly signature: SampleSignature;
}

/** 特定在留カード ('07'): shows its card type, refuses everything else (the kiosk must not go further). */
export interface SpecificCardProfile extends ProfileCommon {
  readonly kind: 'specific';
  readonly cardType: '07';
  readonly cardNumber: string;
}

/** Some other Type B card: no card type file. */
export interface ForeignCardProfile extends ProfileCommon {
  readonly kind: 'not-residence-card';
  readonly cardType: undefined;
  readonly cardNumber: undefined;
}

export type SampleProfile = Gen1Profile | Gen2Profile | SpecificCardProfile | ForeignCardProfile;

const FICTIONAL_JA = '（架空のデータ）';
const FICTIONAL_EN = ' (fictional data)';
const describe = (ja: string, en: string): LocalizedText => ({ ja: ja + FICTIONAL_JA, en: en + FICTIONAL_EN });

const SAMPLELAND: LocalizedText = { ja: '見本国', en: 'SAMPLELAND' };
/** C8 for SAMPLELAND: ZZZ is in ISO 3166's user-assigned range, so no real country has it. */
const SAMPLELAND_CODE = 'ZZZ';

const TARO: SampleHolder = {
  nameLatin: 'SAMPLE TARO',
  nameKanji: '見本 太郎',
  birthDate: '19950404',
  sex: '1',
  nationality: SAMPLELAND,
  address: '東京都見本区見本町一丁目2番3号',
  portrait: { background: '#d6e6f5', figure: '#34495e' },
};

const HANAKO: SampleHolder = {
  nameLatin: 'SAMPLE HANAKO',
  nameKanji: '見本 花子',
  birthDate: '19880808',
  sex: '2',
  nationality: SAMPLELAND,
  address: '大阪府見本市見本町四丁目5番6号 見本ハイツ202',
  portrait: { background: '#e8e1f2', figure: '#5b3a6e' },
};

const JIRO_CHILD: SampleHolder = {
  nameLatin: 'SAMPLE JIRO',
  nameKanji: '見本 次郎',
  birthDate: '20150505',
  sex: '1',
  nationality: SAMPLELAND,
  address: '東京都見本区見本町一丁目2番3号',
};

const KOTARO_INFANT: SampleHolder = {
  nameLatin: 'SAMPLE KOTARO',
  nameKanji: '見本 小太郎',
  birthDate: '20250601',
  sex: '1',
  nationality: SAMPLELAND,
  address: '東京都見本区見本町一丁目2番3号',
};

const SPECIAL_PERMANENT_HOLDER: SampleHolder = {
  nameLatin: 'SAMPLE SAKURA',
  nameKanji: '見本 さくら',
  birthDate: '19700301',
  sex: '2',
  nationality: { ja: '見本国', en: 'SAMPLELAND' },
  address: '京都府見本市見本通三丁目4番5号',
  portrait: { background: '#f3e6d8', figure: '#6b4a2b' },
};

/** Fictional C9 codes: the ISA code table is not in hand, so these are mnemonics, space-filled to 10. */
const STATUS = {
  permanentResident: 'EIJUSHA',
  student: 'RYUGAKU',
  engineer: 'GIJINKOKU',
  dependent: 'KAZOKU',
  designatedActivities: 'TOKUTEI',
  specialPermanentResident: 'TOKUBETSU',
} as const;

const PERMISSION_28H = '許可：原則週２８時間以内・風俗営業等の従事を除く';
const PERMISSION_INDIVIDUAL = '許可：資格外活動許可書に記載された範囲内の活動（見本）';

const gen1Profiles: Gen1Profile[] = [
  {
    kind: 'gen1',
    id: 'gen1-residence-work-permitted',
    description: describe(
      '第1世代の在留カード。資格外活動許可（包括・個別）あり、在留期間更新申請中、住居地の追記2件',
      '1st-generation residence card with comprehensive and individual work permission, renewal pending, two address entries',
    ),
    cardType: '1',
    cardNumber: 'AB12345678CD',
    holder: TARO,
    cardFace: {
      statusOfResidence: '留学 College Student',
      workRestriction: '就労不可',
      periodOfStay: '4年3月 (2029年01月31日)',
      permission: '在留期間更新許可 (2024年10月15日)',
      issueDate: '2024年10月15日',
      validUntil: '2029年01月31日',
    },
    addressHistory: [
      { date: '20260701', municipalityCode: '999999', address: '東京都見本区見本町二丁目3番4号' },
      { date: '20261015', municipalityCode: '999998', address: '神奈川県見本市見本台五丁目6番7号 見本荘101' },
    ],
    workPermission: { comprehensive: PERMISSION_28H, individual: PERMISSION_INDIVIDUAL },
    renewalApplication: '1',
    textLayout: 'exact-length',
    signature: { kind: 'issued', issuer: 'trusted' },
  },
  {
    kind: 'gen1',
    id: 'gen1-residence-no-work-permission',
    description: describe(
      '第1世代の在留カード。資格外活動許可なし、住居地の追記1件',
      '1st-generation residence card without work permission, one address entry',
    ),
    cardType: '1',
    cardNumber: 'AB23456789CD',
    holder: HANAKO,
    cardFace: {
      statusOfResidence: '技術・人文知識・国際業務',
      workRestriction: '在留資格に基づく就労活動のみ可',
      periodOfStay: '5年 (2030年03月31日)',
      permission: '在留資格変更許可 (2025年03月31日)',
      issueDate: '2025年03月31日',
      validUntil: '2030年03月31日',
    },
    addressHistory: [{ date: '20260620', municipalityCode: '999997', address: '大阪府見本市見本町七丁目8番9号' }],
    workPermission: { comprehensive: '', individual: '' },
    renewalApplication: '0',
    textLayout: 'fixed-width',
    signature: { kind: 'issued', issuer: 'trusted' },
  },
  {
    kind: 'gen1',
    id: 'gen1-special-permanent',
    description: describe('第1世代の特別永住者証明書', '1st-generation special permanent resident certificate'),
    cardType: '2',
    cardNumber: 'SP12345678AB',
    holder: SPECIAL_PERMANENT_HOLDER,
    cardFace: { issueDate: '2022年03月01日', validUntil: '2029年03月01日' },
    addressHistory: [{ date: '20260901', municipalityCode: '999996', address: '京都府見本市見本通六丁目7番8号' }],
    textLayout: 'fixed-width',
    signature: { kind: 'issued', issuer: 'trusted' },
  },
  {
    kind: 'gen1',
    id: 'gen1-under-16',
    description: describe(
      '第1世代の在留カード（16歳未満）。顔写真なし、電子署名なし、住居地の追記なし',
      '1st-generation residence card of a holder under 16: no photo, empty signature objects, no address entry',
    ),
    cardType: '1',
    cardNumber: 'AB34567890CD',
    holder: JIRO_CHILD,
    cardFace: {
      statusOfResidence: '家族滞在 Dependent',
      workRestriction: '就労不可',
      periodOfStay: '3年 (2028年05月04日)',
      permission: '在留期間更新許可 (2025年05月01日)',
      issueDate: '2025年05月01日',
      validUntil: '2028年05月04日',
    },
    addressHistory: [],
    workPermission: { comprehensive: '', individual: '' },
    renewalApplication: '0',
    textLayout: 'fixed-width',
    signature: { kind: 'absent' },
  },
  {
    kind: 'gen1',
    id: 'gen1-forged-front-image',
    description: describe(
      '第1世代の在留カード。署名後に券面イメージの氏名が書き換えられている（改ざん検証NG）',
      '1st-generation residence card whose front image (the name) was altered after signing: the tamper check must fail',
    ),
    cardType: '1',
    cardNumber: 'AB45678901CD',
    holder: TARO,
    cardFace: {
      statusOfResidence: '留学 College Student',
      workRestriction: '就労不可',
      periodOfStay: '2年 (2027年09月30日)',
      permission: '在留資格変更許可 (2025年09月30日)',
      issueDate: '2025年09月30日',
      validUntil: '2027年09月30日',
    },
    addressHistory: [],
    workPermission: { comprehensive: PERMISSION_28H, individual: '' },
    renewalApplication: '0',
    textLayout: 'fixed-width',
    signature: { kind: 'altered-after-signing', alteration: { image: 'front', nameLatin: 'FORGED SAMPLE', nameKanji: '改ざん 見本' } },
  },
];

interface Gen2ResidenceVariant {
  readonly id: string;
  readonly cardNumber: string;
  readonly description: LocalizedText;
  readonly status: string;
  readonly workRestriction: '1' | '2' | '4' | '9';
  readonly comprehensive: '0' | '1' | '2';
  readonly individual: '0' | '1';
  readonly renewal?: '0' | '1';
  readonly periodOfStay?: string;
  readonly periodOfStayExpiry?: string;
}

/** One '05' card per combination of D5 (comprehensive) and D7 (individual), with CC 1, 2, 4 and 9 among them. */
const gen2ResidenceVariants: Gen2ResidenceVariant[] = [
  {
    id: 'gen2-residence-no-permission',
    // The number of the official test vectors (001460711 Appendix 2), so a test can replay them on this card.
    cardNumber: 'AA12345678BB',
    description: describe('第2世代の在留カード（永住者相当、就労制限なし）。資格外活動許可なし', '2nd-generation residence card, no work restriction (CC 1), no extra permission'),
    status: STATUS.permanentResident,
    workRestriction: '1',
    comprehensive: '0',
    individual: '0',
    periodOfStay: '0000',
    periodOfStayExpiry: '',
  },
  {
    id: 'gen2-residence-individual',
    cardNumber: 'CD12345678EF',
    description: describe('第2世代の在留カード（在留資格に基づく就労のみ可）。個別許可あり', '2nd-generation residence card, work within status only (CC 2), individual permission'),
    status: STATUS.engineer,
    workRestriction: '2',
    comprehensive: '0',
    individual: '1',
  },
  {
    id: 'gen2-residence-comprehensive-28h',
    cardNumber: 'CD23456789EF',
    description: describe('第2世代の在留カード（就労不可）。包括許可：週28時間以内・風俗営業不可、在留期間更新申請中', '2nd-generation residence card, no work (CC 9), comprehensive permission 28 h/week, renewal pending'),
    status: STATUS.student,
    workRestriction: '9',
    comprehensive: '1',
    individual: '0',
    renewal: '1',
  },
  {
    id: 'gen2-residence-comprehensive-education',
    cardNumber: 'CD34567890EF',
    description: describe('第2世代の在留カード（就労不可）。包括許可：週28時間以内・教育等の活動', '2nd-generation residence card, no work (CC 9), comprehensive permission 28 h/week for education'),
    status: STATUS.dependent,
    workRestriction: '9',
    comprehensive: '2',
    individual: '0',
  },
  {
    id: 'gen2-residence-comprehensive-28h-individual',
    cardNumber: 'CD45678901EF',
    description: describe('第2世代の在留カード（就労不可）。包括許可（週28時間以内）と個別許可', '2nd-generation residence card, no work (CC 9), comprehensive 28 h/week and individual permission'),
    status: STATUS.student,
    workRestriction: '9',
    comprehensive: '1',
    individual: '1',
  },
  {
    id: 'gen2-residence-comprehensive-education-individual',
    cardNumber: 'CD56789012EF',
    description: describe('第2世代の在留カード（指定書により指定された就労のみ可）。包括許可（教育等）と個別許可', '2nd-generation residence card, work as designated (CC 4), comprehensive (education) and individual permission'),
    status: STATUS.designatedActivities,
    workRestriction: '4',
    comprehensive: '2',
    individual: '1',
  },
];

const gen2ResidenceProfile = (variant: Gen2ResidenceVariant, index: number): Gen2Profile => ({
  kind: 'gen2',
  id: variant.id,
  description: variant.description,
  cardType: '05',
  cardNumber: variant.cardNumber,
  holder: index % 2 === 0 ? HANAKO : TARO,
  printed: {
    cardExpiry: '20310331',
    birthDate: index % 2 === 0 ? HANAKO.birthDate : TARO.birthDate,
    sex: index % 2 === 0 ? HANAKO.sex : TARO.sex,
    nationalityCode: SAMPLELAND_CODE,
    statusOfResidenceCode: variant.status,
    periodOfStay: variant.periodOfStay ?? '0300',
    residence: {
      permissionType: '02',
      permissionDate: '20260401',
      workRestriction: variant.workRestriction,
      periodOfStayExpiry: variant.periodOfStayExpiry ?? '20290331',
    },
  },
  workPermission: {
    comprehensive: variant.comprehensive,
    comprehensiveExpiry: variant.comprehensive === '0' ? '' : '20290331',
    individual: variant.individual,
  },
  renewalApplication: variant.renewal ?? '0',
  other: { noteFlag: '0', reservedText: '' },
  signature: { kind: 'issued', issuer: 'trusted' },
});

const gen2Profiles: Gen2Profile[] = [
  ...gen2ResidenceVariants.map(gen2ResidenceProfile),
  {
    kind: 'gen2',
    id: 'gen2-special-permanent',
    description: describe('第2世代の特別永住者証明書', '2nd-generation special permanent resident certificate'),
    cardType: '06',
    cardNumber: 'SP23456789CD',
    holder: SPECIAL_PERMANENT_HOLDER,
    printed: {
      cardExpiry: '20330301',
      birthDate: SPECIAL_PERMANENT_HOLDER.birthDate,
      sex: SPECIAL_PERMANENT_HOLDER.sex,
      nationalityCode: SAMPLELAND_CODE,
      statusOfResidenceCode: STATUS.specialPermanentResident,
      periodOfStay: '0000',
    },
    other: { noteFlag: '0', reservedText: '' },
    signature: { kind: 'issued', issuer: 'trusted' },
  },
  {
    kind: 'gen2',
    id: 'gen2-under-1',
    description: describe('第2世代の在留カード（1歳未満）。顔写真なし、電子署名なし', '2nd-generation residence card of a holder under 1: no photo, no signature'),
    cardType: '05',
    cardNumber: 'CD67890123EF',
    holder: KOTARO_INFANT,
    printed: {
      cardExpiry: '20290531',
      birthDate: KOTARO_INFANT.birthDate,
      sex: KOTARO_INFANT.sex,
      nationalityCode: SAMPLELAND_CODE,
      statusOfResidenceCode: STATUS.dependent,
      periodOfStay: '0300',
      residence: { permissionType: '01', permissionDate: '20260501', workRestriction: '9', periodOfStayExpiry: '20290531' },
    },
    workPermission: { comprehensive: '0', comprehensiveExpiry: '', individual: '0' },
    renewalApplication: '0',
    other: { noteFlag: '0', reservedText: '' },
    signature: { kind: 'absent' },
  },
  {
    kind: 'gen2',
    id: 'gen2-forged-face',
    description: describe('第2世代の在留カード。署名後に顔写真が差し替えられている（改ざん検証NG）', '2nd-generation residence card whose face photo was replaced after signing: the tamper check must fail'),
    cardType: '05',
    cardNumber: 'CD78901234EF',
    holder: TARO,
    printed: {
      cardExpiry: '20300930',
      birthDate: TARO.birthDate,
      sex: TARO.sex,
      nationalityCode: SAMPLELAND_CODE,
      statusOfResidenceCode: STATUS.student,
      periodOfStay: '0200',
      residence: { permissionType: '02', permissionDate: '20260930', workRestriction: '9', periodOfStayExpiry: '20280930' },
    },
    workPermission: { comprehensive: '1', comprehensiveExpiry: '20280930', individual: '0' },
    renewalApplication: '0',
    other: { noteFlag: '0', reservedText: '' },
    signature: { kind: 'altered-after-signing', alteration: { image: 'face', portrait: { background: '#f5d6d6', figure: '#7a1f1f' } } },
  },
  {
    kind: 'gen2',
    id: 'gen2-foreign-issuer',
    description: describe(
      '第2世代の在留カード。テスト用信頼リストにないCA（同じ名前を名乗る）が署名（発行元検証NG）',
      '2nd-generation residence card signed under a CA that is not in the test trust store but uses the same name: the issuer check must fail',
    ),
    cardType: '05',
    cardNumber: 'CD89012345EF',
    holder: HANAKO,
    printed: {
      cardExpiry: '20310331',
      birthDate: HANAKO.birthDate,
      sex: HANAKO.sex,
      nationalityCode: SAMPLELAND_CODE,
      statusOfResidenceCode: STATUS.engineer,
      periodOfStay: '0500',
      residence: { permissionType: '03', permissionDate: '20260331', workRestriction: '2', periodOfStayExpiry: '20310331' },
    },
    workPermission: { comprehensive: '0', comprehensiveExpiry: '', individual: '0' },
    renewalApplication: '0',
    other: { noteFlag: '0', reservedText: '' },
    signature: { kind: 'issued', issuer: 'untrusted' },
  },
];

export const SAMPLE_PROFILES: readonly SampleProfile[] = [
  ...gen1Profiles,
  ...gen2Profiles,
  {
    kind: 'specific',
    id: 'specific-07',
    description: describe(
      '特定在留カード（マイナンバーカード一体型）。カード種別のみ応答し、それ以外は 6A 82',
      'Specific residence card (07, combined with the My Number card): answers its card type, refuses everything else with 6A 82',
    ),
    cardType: '07',
    cardNumber: 'EF12345678GH',
  },
  {
    kind: 'not-residence-card',
    id: 'not-residence-card',
    description: describe('在留カードではないICカード。カード種別ファイルがない（6A 82）', 'A contactless card that is not a residence card: no card type file (6A 82)'),
    cardType: undefined,
    cardNumber: undefined,
  },
];

export function findSampleProfile(id: string): SampleProfile | undefined {
  return SAMPLE_PROFILES.find((profile) => profile.id === id);
}
