import {
  encodeCommandApdu,
  Instruction,
  KioskError,
  KioskErrorCode,
  parseResponseApdu,
  StatusWord,
  type CardChannel,
  type CardReadRequest,
  type CardReadResult,
  type CardTypeReader,
  type VerificationResult,
} from 'zairyu-plugin-api';
import { parseMemberData, type MemberCardDetails } from './member-card-data';
import { MEMBER_APPLICATION_AID, MEMBER_CARD_TYPE, PUBLIC_DATA_SFI } from './protocol';

/** The member card carries no signature: there is nothing to verify, and the result says so. */
const NOT_APPLICABLE: VerificationResult = { outcome: 'notApplicable', reasons: ['no-signature-on-card'] };

/**
 * Reads a member card after the kiosk has detected its type: select the member application, read the public
 * data file, and check that the person typed the number printed on the card.
 */
export function createMemberCardReader(pluginName: string): CardTypeReader {
  return {
    async read(channel: CardChannel, request: CardReadRequest): Promise<CardReadResult<MemberCardDetails>> {
      await selectMemberApplication(channel);
      request.onProgress?.(0.5);
      const details = parseMemberData(await readPublicData(channel));
      if (details.memberNumber !== request.cardNumber) {
        throw new KioskError(KioskErrorCode.wrongCardNumber, 'the number typed is not the number of this member card');
      }
      request.onProgress?.(1);
      return {
        cardType: MEMBER_CARD_TYPE,
        pluginName,
        cardNumber: details.memberNumber,
        cardExpiry: details.validUntil,
        tamperCheck: NOT_APPLICABLE,
        issuerCheck: NOT_APPLICABLE,
        details,
      };
    },
  };
}

async function selectMemberApplication(channel: CardChannel): Promise<void> {
  const select = encodeCommandApdu({ cla: 0x00, ins: Instruction.select, p1: 0x04, p2: 0x0c, data: MEMBER_APPLICATION_AID });
  const response = parseResponseApdu(await channel.transmit(select));
  if (response.sw !== StatusWord.success) {
    // 6A82 is mapped to this plugin's own message in contributes.errorMappings.
    throw new KioskError(KioskErrorCode.notResidenceCard, 'member application not found', { statusWord: response.sw });
  }
}

/** READ BINARY by short file identifier, whole file; a 6CXX answer tells the exact length to ask for. */
async function readPublicData(channel: CardChannel): Promise<Uint8Array> {
  const read = (le: number | 'max') => encodeCommandApdu({ cla: 0x00, ins: Instruction.readBinary, p1: 0x80 | PUBLIC_DATA_SFI, p2: 0x00, le }, { extended: false });
  let response = parseResponseApdu(await channel.transmit(read('max')));
  if (response.sw1 === 0x6c) response = parseResponseApdu(await channel.transmit(read(response.sw2 === 0 ? 256 : response.sw2)));
  if (response.sw !== StatusWord.success && response.sw !== StatusWord.endOfFileReached) {
    throw new KioskError(KioskErrorCode.cardReadFailed, 'public data file not readable', { statusWord: response.sw });
  }
  return response.data;
}
