import { describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../../kernel/audit/audit-log';
import type { AuditEvent } from '../../kernel/audit/audit-record';
import { KioskError, KioskErrorCode } from '../../kernel/errors/kiosk-error';
import { CardSessionError, CardSessionService, createCardSessionService } from '../../kernel/session/card-session-service';
import type { CardConnection, CardTransport, ReaderInfo } from '../../kernel/smartcard/card-transport';
import { VirtualTransport } from '../../kernel/smartcard/virtual-transport';
import { createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
import { kernelWithBuiltinPlugins, sampleTrustAnchors } from '../support/builtin-kernel';
import { testKernel } from '../support/kernel';

function recorder() {
  const events: AuditEvent[] = [];
  return { events, audit: { record: async (event: AuditEvent) => void events.push(event) } };
}

/** A transport whose readers and connections are what the test says. */
function transport(readers: () => Promise<ReaderInfo[]>, connect: (name: string) => Promise<CardConnection> = async () => {
  throw new KioskError(KioskErrorCode.cardReadFailed, 'connect failed');
}): CardTransport {
  return { listReaders: readers, connect, onReadersChanged: () => () => undefined, close: async () => undefined };
}

describe('card session service: every failure is logged and audited', () => {
  it.each([
    ['no reader connected', transport(async () => []), 'auto', KioskErrorCode.readerNotFound],
    ['the configured reader is not connected', transport(async () => [{ name: 'Other', cardPresent: true, demo: false }]), 'Mine', KioskErrorCode.readerNotFound],
    ['no card on the reader', transport(async () => [{ name: 'Mine', cardPresent: false, demo: false }]), 'auto', KioskErrorCode.cardNotDetected],
    [
      'the PC/SC service is down',
      transport(async () => {
        throw new KioskError(KioskErrorCode.pcscServiceDown, 'pcscd is not running');
      }),
      'auto',
      KioskErrorCode.pcscServiceDown,
    ],
    ['the connection fails', transport(async () => [{ name: 'Mine', cardPresent: true, demo: false }]), 'auto', KioskErrorCode.cardReadFailed],
  ])('%s', async (_what, readers, readerName, code) => {
    const kernel = await testKernel();
    const { events, audit } = recorder();
    const session = createCardSessionService(kernel, readers, readerName, audit);
    const failure = await session.read({ cardNumber: 'AB12345678CD' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CardSessionError);
    expect(failure).toMatchObject({ code, cardType: undefined });
    expect(events).toEqual([{ event: 'card.error', errorCode: code }]);
    expect(kernel.logger.recent().filter((record) => record.message === 'card read failed')).toMatchObject([{ level: 'warn', fields: { code, apdus: 0 } }]);
  });

  it('disconnects after a failure once connected, and audits the card type when it is known', async () => {
    const kernel = await kernelWithBuiltinPlugins({}, sampleTrustAnchors);
    const readers = new VirtualTransport('Mine');
    readers.insert(createSampleCard('gen2-residence-comprehensive-28h'));
    const connect = vi.spyOn(readers, 'connect');
    const { events, audit } = recorder();
    const session = createCardSessionService(kernel, readers, 'auto', audit);
    await expect(session.read({ cardNumber: 'AB12345678CE' })).rejects.toMatchObject({ code: 'WRONG_CARD_NUMBER', cardType: '05' });
    expect(events).toEqual([{ event: 'card.error', cardType: '05', errorCode: 'WRONG_CARD_NUMBER' }]);
    const connection = (await connect.mock.results[0]!.value) as CardConnection;
    await expect(connection.transmit(new Uint8Array([0x00, 0xa4, 0x00, 0x00]))).rejects.toThrow(/connection closed/);
  });

  it('an audit that fails — rejecting, throwing, or refusing the event — never turns a read into an error, and is logged', async () => {
    const kernel = await kernelWithBuiltinPlugins({}, sampleTrustAnchors);
    const readers = new VirtualTransport('Mine');
    readers.insert(createSampleCard('gen2-residence-comprehensive-28h'));
    const failing = [
      { record: async () => Promise.reject(new Error('ENOSPC: no space left on device')) },
      {
        record: () => {
          throw new Error('audit: value of cardType is not allowed');
        },
      },
      new AuditLog({
        append: async () => {
          throw new Error('EACCES: permission denied');
        },
      }),
    ];
    for (const audit of failing) {
      const session = createCardSessionService(kernel, readers, 'auto', audit);
      expect((await session.read({ cardNumber: 'CD23456789EF' })).cardType).toBe('05');
      await expect(session.read({ cardNumber: 'CD23456789EE' })).rejects.toMatchObject({ code: 'WRONG_CARD_NUMBER' });
    }
    const failures = kernel.logger.recent().filter((record) => record.message === 'audit log write failed');
    expect(failures.map((record) => [record.level, record.fields?.event, record.fields?.reason])).toEqual([
      ['error', 'card.read', 'ENOSPC: no space left on device'],
      ['error', 'card.error', 'ENOSPC: no space left on device'],
      ['error', 'card.read', 'audit: value of cardType is not allowed'],
      ['error', 'card.error', 'audit: value of cardType is not allowed'],
      ['error', 'card.read', 'EACCES: permission denied'],
      ['error', 'card.error', 'EACCES: permission denied'],
    ]);
  });

  it('a write that hangs does not hold the read: it goes on after a while, saying so', async () => {
    const kernel = await kernelWithBuiltinPlugins({}, sampleTrustAnchors);
    const readers = new VirtualTransport('Mine');
    readers.insert(createSampleCard('gen2-residence-comprehensive-28h'));
    const session = new CardSessionService({
      transport: readers,
      plugins: kernel.plugins,
      implementations: kernel.implementations,
      contributions: kernel.contributions,
      logger: kernel.logger,
      readerName: 'auto',
      audit: { record: () => new Promise<void>(() => undefined) },
      auditWaitMilliseconds: 50,
    });
    expect((await session.read({ cardNumber: 'CD23456789EF' })).cardType).toBe('05');
    expect(kernel.logger.recent().filter((record) => record.message.startsWith('audit log write is slow'))).toMatchObject([{ level: 'warn', fields: { event: 'card.read' } }]);
  });
});
