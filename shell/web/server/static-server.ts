import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { CardTransport } from '../../../kernel/smartcard/card-transport';
import { attachCardService } from './card-service';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.tif': 'image/tiff',
  '.jp2': 'image/jp2',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-src 'none'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export interface TrustStoreDocument {
  readonly profile: 'production' | 'test';
  /** Certificate files as found in the folder; the page pins them (production) before trusting any. */
  readonly files: readonly { readonly name: string; readonly base64: string }[];
}

export interface WebKioskServerOptions {
  /** dist/web: the built page and the built-in plugins' files. */
  readonly webRoot: string;
  /** Returns the config text the page validates (served as /config.json). */
  readonly configText: () => Promise<string>;
  /** The trust-store folder's certificates (served as /trust-store.json). */
  readonly trustStore?: () => Promise<TrustStoreDocument>;
  /** Readers for the page, relayed over the card service WebSocket (needs the launch token). */
  readonly cardService?: { readonly transport: CardTransport; readonly token: string };
  readonly port?: number;
}

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  /** The address to open the kiosk with: carries the card service token in the fragment (never sent to a server). */
  readonly kioskUrl: string;
  close(): Promise<void>;
}

/**
 * Serves the kiosk page on 127.0.0.1 only. Requests whose Host is not this address are refused, so a web page
 * elsewhere cannot reach it through DNS rebinding; only GET and HEAD exist.
 */
export async function startWebKioskServer(options: WebKioskServerOptions): Promise<RunningServer> {
  const webRoot = resolve(options.webRoot);
  let allowedHosts = new Set<string>();
  const server = createServer((request, response) => {
    handle(request, response).catch(() => send(response, 500, 'internal error'));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts.has(request.headers.host ?? '')) return send(response, 421, 'wrong host');
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'method not allowed');
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (path === '/config.json') return send(response, 200, await options.configText(), CONTENT_TYPES['.json']);
    if (path === '/trust-store.json') {
      const document: TrustStoreDocument = options.trustStore ? await options.trustStore() : { profile: 'production', files: [] };
      return send(response, 200, JSON.stringify(document), CONTENT_TYPES['.json']);
    }
    const file = normalize(join(webRoot, path === '/' ? 'index.html' : path));
    if (!file.startsWith(webRoot + sep)) return send(response, 403, 'forbidden');
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return send(response, 404, 'not found');
    send(response, 200, await readFile(file), CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origin = `http://127.0.0.1:${port}`;
  const cardService = options.cardService
    ? attachCardService({ server, transport: options.cardService.transport, token: options.cardService.token, allowedOrigin: () => origin })
    : undefined;
  return {
    server,
    url: `${origin}/`,
    kioskUrl: options.cardService ? `${origin}/#token=${options.cardService.token}` : `${origin}/`,
    close: () =>
      new Promise((resolveClose) => {
        cardService?.close();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

function send(response: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type });
  response.end(body);
}
