import { asciiBytes, dedicatedFile, tlvFileContent, type DedicatedFile } from './card-file-system';

/** MF/EF01 (SFI 0B): common data, C0 = specification version; 6 bytes. The value on real cards is '0001' (B). */
const COMMON_DATA_SIZE = 6;
const SPEC_VERSION = '0001';
const SFI_COMMON_DATA = 0x0b;
const SFI_CARD_TYPE = 0x0a;

/**
 * The MF of a residence card: free-to-read common data and card type (C1 '1' / '2' in 3 bytes, '05'.. in 4).
 * `withCommonData: false` leaves only the card type (the '07' sample answers nothing else).
 */
export function residenceCardMasterFile(cardType: string, options: { withCommonData?: boolean } = {}): DedicatedFile {
  const cardTypeBytes = asciiBytes(cardType);
  const cardTypeFile = { content: tlvFileContent(2 + cardTypeBytes.length, [{ tag: 0xc1, value: cardTypeBytes }], 'card type'), access: 'free' } as const;
  const commonData = { content: tlvFileContent(COMMON_DATA_SIZE, [{ tag: 0xc0, value: asciiBytes(SPEC_VERSION) }], 'common data'), access: 'free' } as const;
  return dedicatedFile(options.withCommonData === false ? [[SFI_CARD_TYPE, cardTypeFile]] : [[SFI_COMMON_DATA, commonData], [SFI_CARD_TYPE, cardTypeFile]]);
}
