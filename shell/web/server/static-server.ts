import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { CardTransport } from '../../../kernel/smartcard/card-transport';
import type { ExternalPluginCatalogue } from '../../../kernel/plugins/signing/external-plugin-catalogue';
import { attachCardService } from './card-service';
import type { AuditRecorder } from '../../../kernel/audit/audit-log';
import type { Logger } from '../../../kernel/api';

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
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; frame-src 'none'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
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

/**
 * A second loopback server whose pages the kiosk page may frame (the revocation inquiry's proxy): its origin
 * becomes the kiosk page's only `frame-src`, and the page learns it from /restricted-frame.json.
 */
export interface RestrictedFrameService {
  /** http://127.0.0.1:<its own port> */
  readonly origin: string;
  /** The one origin it forwards to. */
  readonly targetOrigin: string;
  close(): Promise<void>;
}

export interface WebKioskServerOptions {
  /** dist/web: the built page and the built-in plugins' files. */
  readonly webRoot: string;
  /** Returns the config text the page validates (served as /config.json). */
  readonly configText: () => Promise<string>;
  /** The trust-store folder's certificates (served as /trust-store.json). */
  readonly trustStore?: () => Promise<TrustStoreDocument>;
  /** Readers for the page, relayed over the card service WebSocket (needs the launch token). */
  readonly cardService?: {
    readonly transport: CardTransport;
    readonly token: string;
    /** The kiosk's audit log (config auditLogFile): the page sends its events through the card service. */
    readonly audit?: AuditRecorder;
    readonly logger?: Logger;
  };
  readonly port?: number;
  /** Started once this server knows its origin (which it needs); undefined: no framed pages at all. */
  readonly restrictedFrame?: (kioskOrigin: string) => Promise<RestrictedFrameService | undefined>;
  /**
   * The configured plugin folders (kernel/node/external-plugin-folders.ts), served as /external-plugins.json and
   * /external-plugins/<n>/<file>[?sha256=<hex>] from the snapshot taken for the catalogue; the page verifies each
   * plugin's signature before loading it, and imports its main module by the digest it verified. Undefined: none.
   */
  /** The operator's code-table files (kernel/node/code-table-folder.ts), served as /code-tables.json. Undefined: none. */
  readonly codeTables?: () => Promise<{ source: string; files: readonly { name: string; text: string }[]; problem?: string }>;
  readonly externalPlugins?: {
    catalogue(): Promise<ExternalPluginCatalogue>;
    /** The bytes of a listed file as they were when listed; undefined when not listed or not of that digest. */
    read(index: number, relativePath: string, sha256?: string): Promise<Uint8Array | undefined>;
  };
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
  let frame: RestrictedFrameService | undefined;
  const server = createServer((request, response) => {
    handle(request, response).catch(() => send(response, 500, 'internal error'));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts.has(request.headers.host ?? '')) return send(response, 421, 'wrong host');
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'method not allowed');
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (path === '/config.json') return send(response, 200, await options.configText(), CONTENT_TYPES['.json']);
    if (path === '/restricted-frame.json') {
      if (!frame) return send(response, 404, 'not found');
      return send(response, 200, JSON.stringify({ origin: frame.origin, allowedOrigin: frame.targetOrigin }), CONTENT_TYPES['.json'], frame);
    }
    if (path === '/trust-store.json') {
      const document: TrustStoreDocument = options.trustStore ? await options.trustStore() : { profile: 'production', files: [] };
      return send(response, 200, JSON.stringify(document), CONTENT_TYPES['.json']);
    }
    if (path === '/code-tables.json') {
      const document = options.codeTables ? await options.codeTables() : { source: 'none configured', files: [] };
      return send(response, 200, JSON.stringify(document), CONTENT_TYPES['.json']);
    }
    if (path === '/external-plugins.json') {
      // Always an answer: a host without plugin folders serves an empty catalogue, not a 404 the page must explain.
      const catalogue: ExternalPluginCatalogue = options.externalPlugins
        ? await options.externalPlugins.catalogue()
        : { plugins: [], publishers: { source: 'none configured', files: [] } };
      return send(response, 200, JSON.stringify(catalogue), CONTENT_TYPES['.json']);
    }
    const external = /^\/external-plugins\/(\d+)\/(.+)$/.exec(path);
    if (external && options.externalPlugins) {
      // `?sha256=`: the page's import of a main module it verified; only bytes of that digest are served then.
      const sha256 = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('sha256') ?? undefined;
      const bytes = await options.externalPlugins.read(Number(external[1]), external[2]!, sha256);
      if (!bytes) return send(response, 404, 'not found');
      return send(response, 200, Buffer.from(bytes), CONTENT_TYPES[extname(external[2]!)] ?? 'application/octet-stream');
    }
    const file = normalize(join(webRoot, path === '/' ? 'index.html' : path));
    if (!file.startsWith(webRoot + sep)) return send(response, 403, 'forbidden');
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return send(response, 404, 'not found');
    const body = await readFile(file);
    // The page's own CSP (meta) says frame-src 'none' for every host; this one may frame the restricted view.
    if (frame && file === join(webRoot, 'index.html')) return send(response, 200, withFrameSource(body.toString('utf8'), frame), CONTENT_TYPES['.html'], frame);
    send(response, 200, body, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', frame);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origin = `http://127.0.0.1:${port}`;
  try {
    frame = await options.restrictedFrame?.(origin);
  } catch (error) {
    server.close();
    throw error;
  }
  const cardService = options.cardService
    ? attachCardService({
        server,
        transport: options.cardService.transport,
        token: options.cardService.token,
        allowedOrigin: () => origin,
        ...(options.cardService.audit ? { audit: options.cardService.audit } : {}),
        ...(options.cardService.logger ? { logger: options.cardService.logger } : {}),
      })
    : undefined;
  return {
    server,
    url: `${origin}/`,
    kioskUrl: options.cardService ? `${origin}/#token=${options.cardService.token}` : `${origin}/`,
    close: () =>
      Promise.all([
        frame?.close(),
        new Promise<void>((resolveClose) => {
          cardService?.close();
          server.closeAllConnections();
          server.close(() => resolveClose());
        }),
      ]).then(() => undefined),
  };
}

function send(response: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', frame?: RestrictedFrameService): void {
  response.writeHead(status, { ...SECURITY_HEADERS, ...(frame ? { 'Content-Security-Policy': withFrameSource(SECURITY_HEADERS['Content-Security-Policy'], frame) } : {}), 'Content-Type': type });
  response.end(body);
}

/** `frame-src 'none'` → `frame-src <the restricted view's origin>` (only that one). */
function withFrameSource(policy: string, frame: RestrictedFrameService): string {
  return policy.replace("frame-src 'none'", `frame-src ${frame.origin}`);
}
