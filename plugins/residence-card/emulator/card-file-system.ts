import { concatBytes, encodeTlv } from '../../../kernel/api';
import type { CardCipherSuite } from '../protocol/cipher-suite';

/**
 * What an emulated chip holds: elementary files by short file identifier (READ BINARY P1 = 0x80 | SFI) in the MF
 * and in DFs selected by AID, and who may read them (chip spec §3, §4).
 */

/**
 * - free: plain READ BINARY at any time (MF card type and common data).
 * - after-verify: plain or SM READ BINARY after MUTUAL AUTHENTICATE and VERIFY ("auth" in the spec's maps).
 * - secure-messaging-only: SM READ BINARY after MUTUAL AUTHENTICATE and VERIFY; a plain read answers 69 82.
 */
export type FileAccess = 'free' | 'after-verify' | 'secure-messaging-only';

export interface ElementaryFile {
  /** The whole file as the chip stores it, NUL-padded to its size. */
  readonly content: Uint8Array;
  readonly access: FileAccess;
}

export interface DedicatedFile {
  /** By SFI (1..30). */
  readonly files: ReadonlyMap<number, ElementaryFile>;
}

export interface NamedDedicatedFile extends DedicatedFile {
  readonly aid: Uint8Array;
}

/** How the chip checks the card number: absent on chips that only show their card type ('07', foreign cards). */
export interface CardAccessControl {
  readonly suite: CardCipherSuite;
  readonly cardNumber: string;
}

export interface CardFileSystem {
  readonly mf: DedicatedFile;
  readonly dfs: readonly NamedDedicatedFile[];
  readonly accessControl: CardAccessControl | undefined;
}

export interface TlvObject {
  readonly tag: number;
  readonly value: Uint8Array;
}

/** TLV objects in order, NUL-padded to the file size as real cards are. Throws when they do not fit. */
export function tlvFileContent(size: number, objects: readonly TlvObject[], what: string): Uint8Array {
  const encoded = concatBytes(...objects.map((object) => encodeTlv(object.tag, object.value)));
  if (encoded.length > size) throw new RangeError(`${what}: ${encoded.length} bytes do not fit the ${size}-byte file`);
  const content = new Uint8Array(size);
  content.set(encoded);
  return content;
}

/** A fixed-width field: the text NUL-padded to `width` bytes (throws when longer). */
export function fixedWidth(value: Uint8Array, width: number, what: string): Uint8Array {
  if (value.length > width) throw new RangeError(`${what}: ${value.length} bytes exceed the field width ${width}`);
  const field = new Uint8Array(width);
  field.set(value);
  return field;
}

const utf8 = new TextEncoder();

export function utf8Bytes(text: string): Uint8Array {
  return utf8.encode(text);
}

/** Digits and codes: one byte per character; only printable ASCII is accepted. */
export function asciiBytes(text: string): Uint8Array {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new RangeError('not printable ASCII');
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

export function dedicatedFile(entries: ReadonlyArray<readonly [number, ElementaryFile]>): DedicatedFile {
  return { files: new Map(entries) };
}
