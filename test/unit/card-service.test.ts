import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { join } from 'node:path';
import { CARD_SERVICE_PATH } from '../../kernel/smartcard/card-service-protocol';
import { VirtualTransport } from '../../kernel/smartcard/virtual-transport';
import { WebSocketTransport } from '../../kernel/smartcard/websocket-transport';
import { createCardSessionService } from '../../kernel/session/card-session-service';
import { createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
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
});
