/** Told which image of the card face could not be shown (front, photo, name, address) and why. */
export type ImageErrorHandler = (kind: string, error: unknown) => void;
