import { describe, expect, it } from 'vitest';
import type { CardConnection, CardTransport, ReaderInfo } from '../../kernel/smartcard/card-transport';
import { DemoFallbackTransport } from '../../kernel/smartcard/demo-fallback-transport';
import { VirtualTransport } from '../../kernel/smartcard/virtual-transport';
import { KioskError, KioskErrorCode } from '../../kernel/errors/kiosk-error';

/** A PC/SC stand-in whose readers and service come and go. */
class RealReaders implements CardTransport {
  readers: ReaderInfo[] = [];
  serviceUp = true;
  async listReaders(): Promise<ReaderInfo[]> {
    if (!this.serviceUp) throw new KioskError(KioskErrorCode.pcscServiceDown, 'no service');
    return this.readers;
  }
  async connect(): Promise<CardConnection> {
    throw new KioskError(KioskErrorCode.readerNotFound, 'gone');
  }
  onReadersChanged(): () => void {
    return () => undefined;
  }
  async close(): Promise<void> {}
}

const READER: ReaderInfo = { name: 'Real reader 00 00', cardPresent: false, demo: false };
const names = (readers: readonly ReaderInfo[]) => readers.map((reader) => reader.name);

describe('demo reader fallback', () => {
  it('auto: the demo reader while no real reader has been seen (a machine without one, or without pcscd)', async () => {
    const real = new RealReaders();
    const transport = new DemoFallbackTransport(real, new VirtualTransport('Demo reader'), 'auto');
    expect(names(await transport.listReaders())).toEqual(['Demo reader']);
    real.serviceUp = false;
    expect(names(await transport.listReaders())).toEqual(['Demo reader']);
  });

  it('auto: once a real reader was seen, an unplugged reader or a stopped service shows as such, never as the demo', async () => {
    const real = new RealReaders();
    const transport = new DemoFallbackTransport(real, new VirtualTransport('Demo reader'), 'auto');
    real.readers = [READER];
    expect(names(await transport.listReaders())).toEqual([READER.name]);
    real.readers = [];
    expect(await transport.listReaders()).toEqual([]);
    await expect(transport.connect('Demo reader')).rejects.toMatchObject({ code: 'READER_NOT_FOUND' });
    real.serviceUp = false;
    await expect(transport.listReaders()).rejects.toMatchObject({ code: 'PCSC_SERVICE_DOWN' });
  });

  it('never: real readers only; always: the demo reader only', async () => {
    const real = new RealReaders();
    expect(await new DemoFallbackTransport(real, new VirtualTransport('Demo reader'), 'never').listReaders()).toEqual([]);
    real.readers = [READER];
    expect(names(await new DemoFallbackTransport(real, new VirtualTransport('Demo reader'), 'always').listReaders())).toEqual(['Demo reader']);
  });
});
