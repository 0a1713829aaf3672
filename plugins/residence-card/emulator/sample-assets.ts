/**
 * The shape of samples.generated.ts, written by scripts/make-sample-cards.mjs: images, certificates and
 * signatures as base64 strings, so the same module serves the browser demo reader and Node.
 */

export interface GeneratedCardAssets {
  /** Image ids (keys of `images`). */
  readonly frontImage?: string;
  readonly faceImage?: string;
  readonly nameImage?: string;
  readonly addressImage?: string;
  /** Base64: RSA PKCS#1 v1.5 (1st gen) or raw r‖s ECDSA (2nd gen). */
  readonly signature?: string;
  /** Certificate id (key of `certificates`): the card certificate written to DB / DD. */
  readonly certificate?: string;
}

export interface GeneratedSampleAssets {
  /** Image id → base64 (MMR TIFF or JPEG 2000). Identical images are stored once. */
  readonly images: Readonly<Record<string, string>>;
  /** Certificate id → base64 DER. */
  readonly certificates: Readonly<Record<string, string>>;
  /** Profile id → what its chip holds beyond the profile's own data. */
  readonly cards: Readonly<Record<string, GeneratedCardAssets>>;
  /**
   * Certificate ids of the throwaway test roots the trusted samples chain to. For the demo reader's and the tests'
   * trust stores only: never mix them into the production trust store.
   */
  readonly testTrustAnchors: readonly string[];
}

/** atob works in browsers and in Node ≥ 16; no Buffer, this is web code. */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
