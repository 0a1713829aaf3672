import { gen1CipherSuite } from '../protocol/cipher-suite';
import { DF1, DF2, DF3, Gen1Files } from '../protocol/file-map';
import {
  asciiBytes,
  dedicatedFile,
  fixedWidth,
  tlvFileContent,
  utf8Bytes,
  type CardFileSystem,
  type ElementaryFile,
  type FileAccess,
  type TlvObject,
} from './card-file-system';
import { residenceCardMasterFile } from './master-file';
import type { AddressRecord, Gen1TextLayout } from './profiles';

/** File sizes of the 1st-gen map (chip spec §3). */
const SIZE = {
  frontImage: 7004,
  faceImage: 3004,
  address: 342,
  permissionText: 122,
  renewal: 3,
  signature: 1464,
} as const;
const WIDTH = { date: 8, municipalityCode: 6, address: 320, permissionText: 120 } as const;

export interface Gen1ChipContent {
  readonly cardType: '1' | '2';
  readonly cardNumber: string;
  /** D0: MMR TIFF, at most 7000 bytes. */
  readonly frontImage: Uint8Array;
  /** D1: JPEG 2000, at most 3000 bytes; undefined writes an empty D1 (holders under 16). */
  readonly faceImage: Uint8Array | undefined;
  readonly addressHistory: readonly AddressRecord[];
  /** D5 / D6; type '1' only. */
  readonly workPermission?: { readonly comprehensive: string; readonly individual: string };
  /** D7; type '1' only. */
  readonly renewalApplication?: '0' | '1';
  readonly textLayout: Gen1TextLayout;
  /** DA and DB; undefined writes them empty. */
  readonly signature: { readonly signature: Uint8Array; readonly certificate: Uint8Array } | undefined;
}

const sfi = (p1: number): number => p1 & 0x1f;

const file = (size: number, access: FileAccess, objects: readonly TlvObject[], what: string): ElementaryFile => ({
  content: tlvFileContent(size, objects, what),
  access,
});

/** A 1st-gen chip ('1' 在留カード, '2' 特別永住者証明書): 3DES secure messaging, RSA signature. */
export function gen1FileSystem(content: Gen1ChipContent): CardFileSystem {
  const text = (value: string, width: number, what: string): Uint8Array =>
    content.textLayout === 'fixed-width' ? fixedWidth(utf8Bytes(value), width, what) : utf8Bytes(value);

  const df1 = dedicatedFile([
    [sfi(Gen1Files.frontImage), file(SIZE.frontImage, 'secure-messaging-only', [{ tag: 0xd0, value: content.frontImage }], 'front image')],
    [sfi(Gen1Files.faceImage), file(SIZE.faceImage, 'secure-messaging-only', [{ tag: 0xd1, value: content.faceImage ?? new Uint8Array(0) }], 'face image')],
  ]);

  const df2Files: Array<[number, ElementaryFile]> = [
    [sfi(Gen1Files.address), file(SIZE.address, 'after-verify', addressObjects(content.addressHistory, content.textLayout, text), 'address')],
  ];
  if (content.cardType === '1') {
    const permission = content.workPermission ?? { comprehensive: '', individual: '' };
    df2Files.push(
      [sfi(Gen1Files.comprehensivePermission), file(SIZE.permissionText, 'after-verify', [{ tag: 0xd5, value: text(permission.comprehensive, WIDTH.permissionText, 'D5') }], 'D5')],
      [sfi(Gen1Files.individualPermission), file(SIZE.permissionText, 'after-verify', [{ tag: 0xd6, value: text(permission.individual, WIDTH.permissionText, 'D6') }], 'D6')],
      [sfi(Gen1Files.renewalApplication), file(SIZE.renewal, 'after-verify', [{ tag: 0xd7, value: asciiBytes(content.renewalApplication ?? '0') }], 'D7')],
    );
  }

  const signature = content.signature;
  const df3 = dedicatedFile([
    [
      sfi(Gen1Files.signature),
      file(
        SIZE.signature,
        'after-verify',
        [
          { tag: 0xda, value: signature?.signature ?? new Uint8Array(0) },
          { tag: 0xdb, value: signature?.certificate ?? new Uint8Array(0) },
        ],
        'signature',
      ),
    ],
  ]);

  return {
    mf: residenceCardMasterFile(content.cardType),
    dfs: [
      { aid: DF1, ...df1 },
      { aid: DF2, ...dedicatedFile(df2Files) },
      { aid: DF3, ...df3 },
    ],
    accessControl: { suite: gen1CipherSuite, cardNumber: content.cardNumber },
  };
}

/** D2 D3 D4 groups; with fixed-width fields an empty history is one all-NUL group (nothing written yet). */
function addressObjects(
  history: readonly AddressRecord[],
  layout: Gen1TextLayout,
  text: (value: string, width: number, what: string) => Uint8Array,
): TlvObject[] {
  const records = history.length === 0 && layout === 'fixed-width' ? [{ date: '', municipalityCode: '', address: '' }] : history;
  return records.flatMap((record) => [
    { tag: 0xd2, value: fixedWidth(asciiBytes(record.date), WIDTH.date, 'D2') },
    { tag: 0xd3, value: fixedWidth(asciiBytes(record.municipalityCode), WIDTH.municipalityCode, 'D3') },
    { tag: 0xd4, value: text(record.address, WIDTH.address, 'D4') },
  ]);
}
