import { sha1 as nobleSha1 } from '@noble/hashes/legacy.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

// Synchronous on purpose: WebCrypto's digest is async, and absent outside secure contexts.

/** SHA-1: only for the card's key derivation, which the specification fixes. */
export function sha1(data: Uint8Array): Uint8Array {
  return nobleSha1(data);
}

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}
