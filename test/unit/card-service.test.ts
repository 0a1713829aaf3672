import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { join } from 'node:path';
import { AuditLog, verifyAuditLog } from '../../kernel/audit/audit-log';
import type { AuditEvent } from '../../kernel/audit/audit-record';
import { CARD_SERVICE_PATH } from '../../kernel/smartcard/card-service-protocol';
import { VirtualTransport } from '../../kernel/smartcard/virtual-transport';
import { WebSocketTransport } from '../../kernel/smartcard/websocket-transport';
import { createCardSessionService } from '../../kernel/session/card-session-service';
import { createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
import { attachCardService } from '../../shell/web/server/card-service';
import { startWebKioskServer, type RunningServer } from '../../shell/web/server/static-server';
import { kernelWithBuiltinPlugins, sampleTrustAnchors } from '../support/builtin-kernel';

const TOKEN = 'a-launch-token-of-enough-length-0123456789';

describe('card service (WebSocket bridge on 127.0.0.1)', () => {
  let server: RunningServer;
  const readers = new VirtualTransport('Test reader');
  let origin: string;

  beforeAll(async () => {
    readers.insert(createSampleCard('gen2-residence-comprehensive-28h'));
    server = await startWebKioskServer({
      webRoot: join(process.cwd(), 'shell', 'web'),
      configText: async () => '{}',
      cardService: { transport: readers, token: TOKEN },
    });
    origin = new URL(server.url).origin;
  });
  afterAll(async () => {
    await server?.close();
  });

  const url = (token: string) => `${server.url.replace('http', 'ws').replace(/\/$/, '')}${CARD_SERVICE_PATH}?token=${token}`;

  /** Resolves with how the upgrade ended: 'open', or the HTTP status of the refusal. */
  function tryConnect(token: string, headers: Record<string, string>): Promise<string> {
    return new Promise((resolve) => {
      const socket = new NodeWebSocket(url(token), { headers });
      socket.on('open', () => {
        socket.close();
        resolve('open');
      });
      socket.on('unexpected-response', (_request, response) => resolve(String(response.statusCode)));
      socket.on('error', () => resolve('error'));
    });
  }

  it('accepts only the kiosk page origin with the launch token', async () => {
    expect(await tryConnect(TOKEN, { origin })).toBe('open');
    expect(await tryConnect('wrong-token-of-the-same-length-000000000000', { origin })).toBe('403');
    expect(await tryConnect(TOKEN.slice(0, 10), { origin })).toBe('403');
    expect(await tryConnect(TOKEN, { origin: 'http://evil.example' })).toBe('403');
    expect(await tryConnect(TOKEN, { origin: 'http://localhost:1' })).toBe('403');
    expect(await tryConnect(TOKEN, {})).toBe('403');
  });

  it('relays a whole read: the page-side transport, the session and the plugins over the bridge', async () => {
    const transport = new WebSocketTransport(url(TOKEN), (address) => new NodeWebSocket(address, { origin }) as unknown as WebSocket);
    const kernel = await kernelWithBuiltinPlugins({}, sampleTrustAnchors);
    const session = createCardSessionService(kernel, transport, 'auto');
    expect(await transport.listReaders()).toEqual([{ name: 'Test reader', cardPresent: true, demo: true }]);
    const outcome = await session.readWithStats({ cardNumber: 'CD23456789EF' });
    expect(outcome.result.cardType).toBe('05');
    expect(outcome.result.tamperCheck.outcome).toBe('ok');
    expect(outcome.result.issuerCheck.outcome).toBe('ok');
    expect(outcome.transfer.apduCount).toBeGreaterThan(10);

    // Errors cross the bridge with their codes.
    await expect(session.read({ cardNumber: 'ZZ00000000ZZ' })).rejects.toMatchObject({ code: 'WRONG_CARD_NUMBER' });
    readers.remove();
    await expect(session.read({ cardNumber: 'CD23456789EF' })).rejects.toMatchObject({ code: 'CARD_NOT_DETECTED' });
    await transport.close();
  });

  it('a server without an audit log answers audit events with false; the page reports that once and stops sending', async () => {
    const transport = new WebSocketTransport(url(TOKEN), (address) => new NodeWebSocket(address, { origin }) as unknown as WebSocket);
    expect(await transport.recordAudit({ event: 'app.start' })).toBe(false);
    const recorder = transport.auditRecorder();
    await expect(recorder.record({ event: 'app.start' })).rejects.toThrow(/keeps no audit log/);
    await expect(recorder.record({ event: 'session.wiped', reason: 'idle' })).resolves.toBeUndefined();
    await transport.close();
  });
});

describe('card service: the page\'s audit events', () => {
  let server: RunningServer;
  let service: { close(): void };
  let origin: string;
  const lines: string[] = [];
  const logged: { level: string; message: string; fields: unknown }[] = [];
  const logger = {
    warn: (message: string, fields?: unknown) => void logged.push({ level: 'warn', message, fields }),
    error: (message: string, fields?: unknown) => void logged.push({ level: 'error', message, fields }),
  };
  let failWrites = false;
  const readers = new VirtualTransport('Test reader');

  beforeAll(async () => {
    readers.insert(createSampleCard('gen2-residence-comprehensive-28h'));
    server = await startWebKioskServer({ webRoot: join(process.cwd(), 'shell', 'web'), configText: async () => '{}' });
    origin = new URL(server.url).origin;
    const log = new AuditLog({
      append: async (line) => {
        if (failWrites) throw new Error('EACCES: permission denied');
        lines.push(line);
      },
    });
    service = attachCardService({ server: server.server, transport: readers, token: TOKEN, allowedOrigin: () => origin, audit: log, logger });
  });
  afterAll(async () => {
    service?.close();
    await server?.close();
  });

  const page = () =>
    new WebSocketTransport(`${server.url.replace('http', 'ws').replace(/\/$/, '')}${CARD_SERVICE_PATH}?token=${TOKEN}`, (address) => new NodeWebSocket(address, { origin }) as unknown as WebSocket);

  it('appends what the page sends (the start, each read, each wipe) to the one hash chain', async () => {
    const transport = page();
    const recorder = transport.auditRecorder();
    const kernel = await kernelWithBuiltinPlugins({}, sampleTrustAnchors);
    const session = createCardSessionService(kernel, transport, 'auto', recorder);
    await recorder.record({ event: 'app.start' });
    await session.read({ cardNumber: 'CD23456789EF' });
    await expect(session.read({ cardNumber: 'CD23456789EE' })).rejects.toMatchObject({ code: 'WRONG_CARD_NUMBER' });
    await recorder.record({ event: 'session.wiped', reason: 'backToTop' });
    expect(lines.map((line) => (JSON.parse(line) as AuditEvent).event)).toEqual(['app.start', 'card.read', 'card.error', 'session.wiped']);
    expect(verifyAuditLog(lines.join('\n'))).toMatchObject({ ok: true, records: 4 });
    for (const personal of ['CD23456789E', 'SAMPLE', '見本']) expect(lines.join('\n')).not.toContain(personal);
    await transport.close();
  });

  it('refuses events that fail the personal-data guard, logging why but never what', async () => {
    const transport = page();
    const before = lines.length;
    const refused: unknown[] = [
      { event: 'card.read', cardType: 'AB12345678CD' },
      { event: 'card.read', AB12345678CD: 'ok' },
      { event: 'card.read', name: 'SAMPLE TARO' },
      { event: 'audit.resumed', reason: 'tornLine', discardedBytes: 1 },
      { event: 'app.start', seq: '99' },
      'AB12345678CD',
    ];
    for (const event of refused) {
      await expect(transport.recordAudit(event as AuditEvent)).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/^audit event refused: /) });
    }
    expect(lines.length).toBe(before);
    expect(logged.map((entry) => [entry.level, entry.message, entry.fields])).toEqual([
      ['warn', 'audit event from the page refused', { problem: 'value of cardType is not allowed' }],
      ['warn', 'audit event from the page refused', { problem: 'unknown field' }],
      ['warn', 'audit event from the page refused', { problem: 'unknown field' }],
      ['warn', 'audit event from the page refused', { problem: 'audit.resumed is written by the log itself' }],
      ['warn', 'audit event from the page refused', { problem: 'unknown field' }],
      ['warn', 'audit event from the page refused', { problem: 'not an object' }],
    ]);
    for (const content of ['AB12345678CD', 'SAMPLE']) expect(JSON.stringify(logged)).not.toContain(content);
    // The connection stays usable.
    expect(await transport.recordAudit({ event: 'app.start' })).toBe(true);
    await transport.close();
  });

  it('a write that fails is reported to the page and logged on the server', async () => {
    const transport = page();
    logged.length = 0;
    failWrites = true;
    await expect(transport.recordAudit({ event: 'app.start' })).rejects.toThrow(/audit log write failed: EACCES/);
    failWrites = false;
    expect(logged).toEqual([{ level: 'error', message: 'audit log write failed', fields: { event: 'app.start', reason: 'EACCES: permission denied' } }]);
    expect(await transport.recordAudit({ event: 'app.start' })).toBe(true);
    expect(verifyAuditLog(lines.join('\n'))).toMatchObject({ ok: true });
    await transport.close();
  });
});
