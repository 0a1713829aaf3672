/**
 * Last line of defence: card data must never be logged, but a message built from an exception could carry a
 * card number typed by a person. Anything shaped like one is masked before a record is kept or printed.
 */
const CARD_NUMBER_SHAPE = /[A-Za-z]{2}\s?[0-9]{8}\s?[A-Za-z]{2}/g;
/** Long hex runs are APDU payloads or key material. */
const LONG_HEX = /\b[0-9A-Fa-f]{32,}\b/g;

export function redact(text: string): string {
  return text.replace(CARD_NUMBER_SHAPE, '[card-number]').replace(LONG_HEX, '[bytes]');
}
