/** 在留カード等番号: two letters, eight digits, two letters, half-width upper case (no check digit is published). */
export const CARD_NUMBER_PATTERN = /^[A-Z]{2}[0-9]{8}[A-Z]{2}$/;
export const CARD_NUMBER_LENGTH = 12;

/**
 * What a person types becomes what the card expects: full-width letters and digits to half-width, lower case to
 * upper case, spaces and anything else dropped, at most 12 characters.
 */
export function normaliseCardNumberInput(input: string): string {
  return input
    .replace(/[Ａ-Ｚａ-ｚ０-９]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, CARD_NUMBER_LENGTH);
}

export function isValidCardNumber(value: string): boolean {
  return CARD_NUMBER_PATTERN.test(value);
}
