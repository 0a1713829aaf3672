/**
 * The vsmartcard vpcd wire format: every message is a 2-byte big-endian length followed by that many bytes. A
 * one-byte message from vpcd is a control code; anything longer is a command APDU. The card answers an ATR
 * request and every APDU with one framed message, and nothing else.
 */

export const VpcdControl = {
  powerOff: 0x00,
  powerOn: 0x01,
  reset: 0x02,
  getAtr: 0x04,
} as const;

export const VPCD_DEFAULT_PORT = 35963;
const MAX_PAYLOAD = 0xffff;

export function encodeVpcdFrame(payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_PAYLOAD) throw new RangeError(`vpcd frame payload of ${payload.length} bytes exceeds ${MAX_PAYLOAD}`);
  const frame = new Uint8Array(2 + payload.length);
  frame[0] = payload.length >> 8;
  frame[1] = payload.length & 0xff;
  frame.set(payload, 2);
  return frame;
}

/** Reassembles frames from TCP chunks, which may split or join them anywhere. */
export class VpcdFrameReader {
  private buffer = new Uint8Array(0);

  /** Adds a chunk and returns the payloads it completed, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    const payloads: Uint8Array[] = [];
    let offset = 0;
    while (joined.length - offset >= 2) {
      const length = ((joined[offset] ?? 0) << 8) | (joined[offset + 1] ?? 0);
      if (joined.length - offset - 2 < length) break;
      payloads.push(joined.slice(offset + 2, offset + 2 + length));
      offset += 2 + length;
    }
    this.buffer = joined.slice(offset);
    return payloads;
  }

  clear(): void {
    this.buffer = new Uint8Array(0);
  }
}
