import { gen2CipherSuite } from '../protocol/cipher-suite';
import { DF1, DF2, DF3, Gen2Files } from '../protocol/file-map';
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
import { printedEntryObjects, type PrintedEntriesData } from './printed-entries';

/** File sizes of the 2nd-gen map (chip spec §4). */
const SIZE = {
  cardNumber: 14,
  printedEntriesResidence: 73,
  printedEntriesSpecialPermanent: 46,
  nameAndFace: 5508,
  addressImage: 2505,
  workPermission: 22,
  renewal: 3,
  other: 207,
  signature: 704,
} as const;
const WIDTH = { date: 8, reservedText: 200 } as const;
const TAG_ADDRESS_IMAGE = 0xdfd1;

export interface Gen2ChipContent {
  readonly cardType: '05' | '06';
  readonly cardNumber: string;
  readonly printed: PrintedEntriesData;
  /** D0: MMR TIFF, at most 2500 bytes. */
  readonly nameImage: Uint8Array;
  /** D1: JPEG 2000, at most 3000 bytes; undefined writes an empty D1 (holders under 1). */
  readonly faceImage: Uint8Array | undefined;
  /** DF D1: MMR TIFF, at most 2500 bytes. */
  readonly addressImage: Uint8Array;
  /** D5 D6 D7; '05' only. */
  readonly workPermission?: { readonly comprehensive: '0' | '1' | '2'; readonly comprehensiveExpiry: string; readonly individual: '0' | '1' };
  /** D8; '05' only. */
  readonly renewalApplication?: '0' | '1';
  readonly other: { readonly noteFlag: string; readonly reservedText: string };
  /** DC (raw r‖s) and DD; undefined writes them empty. */
  readonly signature: { readonly signature: Uint8Array; readonly certificate: Uint8Array } | undefined;
}

const sfi = (p1: number): number => p1 & 0x1f;

const file = (size: number, access: FileAccess, objects: readonly TlvObject[], what: string): ElementaryFile => ({
  content: tlvFileContent(size, objects, what),
  access,
});

/** A 2nd-gen chip ('05' 在留カード, '06' 特別永住者証明書): AES secure messaging, ECDSA signature. */
export function gen2FileSystem(content: Gen2ChipContent): CardFileSystem {
  const residenceCard = content.cardType === '05';
  if (residenceCard !== (content.printed.residence !== undefined)) {
    throw new RangeError('printed entries CA..CD belong on residence cards (05) and only there');
  }

  const df1 = dedicatedFile([
    [sfi(Gen2Files.cardNumber), file(SIZE.cardNumber, 'secure-messaging-only', [{ tag: 0xc2, value: asciiBytes(content.cardNumber) }], 'card number')],
    [
      sfi(Gen2Files.printedEntries),
      file(
        residenceCard ? SIZE.printedEntriesResidence : SIZE.printedEntriesSpecialPermanent,
        'secure-messaging-only',
        printedEntryObjects(content.printed),
        'printed entries',
      ),
    ],
    [
      sfi(Gen2Files.nameAndFace),
      file(
        SIZE.nameAndFace,
        'secure-messaging-only',
        [
          { tag: 0xd0, value: content.nameImage },
          { tag: 0xd1, value: content.faceImage ?? new Uint8Array(0) },
        ],
        'name and face images',
      ),
    ],
    [sfi(Gen2Files.addressImage), file(SIZE.addressImage, 'secure-messaging-only', [{ tag: TAG_ADDRESS_IMAGE, value: content.addressImage }], 'address image')],
  ]);

  const otherFile = file(
    SIZE.other,
    'after-verify',
    [
      { tag: 0xd9, value: asciiBytes(content.other.noteFlag) },
      { tag: 0xde, value: fixedWidth(utf8Bytes(content.other.reservedText), WIDTH.reservedText, 'DE') },
    ],
    'other information',
  );
  const df2Files: Array<[number, ElementaryFile]> = [];
  if (residenceCard) {
    const permission = content.workPermission ?? { comprehensive: '0', comprehensiveExpiry: '', individual: '0' };
    df2Files.push(
      [
        sfi(Gen2Files.workPermission),
        file(
          SIZE.workPermission,
          'after-verify',
          [
            { tag: 0xd5, value: asciiBytes(permission.comprehensive) },
            { tag: 0xd6, value: fixedWidth(asciiBytes(permission.comprehensiveExpiry), WIDTH.date, 'D6') },
            { tag: 0xd7, value: asciiBytes(permission.individual) },
          ],
          'work permission',
        ),
      ],
      [sfi(Gen2Files.renewalApplication), file(SIZE.renewal, 'after-verify', [{ tag: 0xd8, value: asciiBytes(content.renewalApplication ?? '0') }], 'D8')],
      [sfi(Gen2Files.otherResidence), otherFile],
    );
  } else {
    df2Files.push([sfi(Gen2Files.otherSpecialPermanent), otherFile]);
  }

  const signature = content.signature;
  const df3 = dedicatedFile([
    [
      sfi(Gen2Files.signature),
      file(
        SIZE.signature,
        'after-verify',
        [
          { tag: 0xdc, value: signature?.signature ?? new Uint8Array(0) },
          { tag: 0xdd, value: signature?.certificate ?? new Uint8Array(0) },
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
    accessControl: { suite: gen2CipherSuite, cardNumber: content.cardNumber },
  };
}
