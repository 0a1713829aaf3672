import type { CardChannel } from '../api/card';
import { KioskError, KioskErrorCode } from '../errors/kiosk-error';
import { encodeCommandApdu, parseResponseApdu } from '../smartcard/apdu';
import { findTag, parseTlvSequence } from '../smartcard/ber-tlv';
import { StatusWord } from '../smartcard/status-words';

const SELECT_MF = encodeCommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x00, p2: 0x00, data: new Uint8Array([0x3f, 0x00]) });
/** READ BINARY of MF/EF02 by SFI 0x0A with Le 00: the file is 3 bytes on 1st gen and 4 on 2nd gen. */
const READ_CARD_TYPE = encodeCommandApdu({ cla: 0x00, ins: 0xb0, p1: 0x8a, p2: 0x00, le: 'max' }, { extended: false });
const TAG_CARD_TYPE = 0xc1;

/**
 * Reads the card type (tag C1 of MF/EF02) before anything else, so that the right plugin and protocol
 * generation handle the card. Any card without that file is "not a residence card" (manual error (5)).
 */
export async function detectCardType(channel: CardChannel): Promise<string> {
  // Some readers select the MF themselves and some cards answer oddly; the read below decides.
  await channel.transmit(SELECT_MF);
  const response = parseResponseApdu(await channel.transmit(READ_CARD_TYPE));
  if (response.sw !== StatusWord.success && response.sw !== StatusWord.endOfFileReached) {
    throw new KioskError(KioskErrorCode.notResidenceCard, `card type file not readable`, { statusWord: response.sw });
  }
  let value: Uint8Array | undefined;
  try {
    value = findTag(parseTlvSequence(response.data, { allowPadding: true }), TAG_CARD_TYPE)?.value;
  } catch (error) {
    throw new KioskError(KioskErrorCode.notResidenceCard, 'card type file is not TLV', { cause: error });
  }
  // C1 is one or two digits. A longer value is refused undecoded: spread into fromCharCode, a long one overflows the stack.
  const text = value && value.length <= 2 ? String.fromCharCode(...value) : '';
  if (!/^[0-9]{1,2}$/.test(text)) throw new KioskError(KioskErrorCode.notResidenceCard, 'no card type (C1) on this card');
  return text;
}
