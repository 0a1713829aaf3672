import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { KioskConfig } from '../../../kernel/config/kiosk-config';
import { serviceOrigin } from '../../../plugins/revocation/inquiry-settings';
import { fillAgentScript, type FillAgentSetup } from '../fill-agent';
import type { RestrictedFrameService } from './static-server';

/**
 * The web host's half of the restricted browser view (see kernel/api/restricted-browser.ts): a reverse proxy
 * on its own loopback port (its own origin, so a framed page can never script the kiosk page) that forwards
 * to ONE configured origin, the ISA's revocation inquiry.
 *
 * - Only paths of the target origin can be requested; a redirect to any other origin becomes a 403 page.
 * - The service's cookies stay here, in memory, per kiosk session (a cookie of the proxy origin names the
 *   session); `/__zairyu/end` drops them and tells the browser to clear the proxy origin's storage.
 * - HTML gets one `<script src="/__zairyu/fill.js">`: it stops links and forms that lead elsewhere, and on the
 *   first page that has the configured fields fills them with what the kiosk page posts (checked origin) and
 *   clicks the submit element. It never touches anything else, e.g. an anti-abuse check.
 * - Request bodies hold card numbers: they are never logged.
 */
export interface RevocationProxyOptions {
  /** scheme://host[:port] of the inquiry service; the only origin requests go to. */
  readonly targetOrigin: string;
  /** The kiosk page's origin: the only page that may frame the proxy and talk to its fill script. */
  readonly kioskOrigin: string;
  readonly port?: number;
  /** Upstream requests taking longer fail with the "unreachable / timed out" page. */
  readonly upstreamTimeoutMs?: number;
  /** Sessions unused this long are dropped (in case a kiosk page never ended one). */
  readonly sessionIdleMs?: number;
  readonly fetch?: typeof fetch;
  readonly log?: (message: string, fields?: Record<string, string | number | boolean>) => void;
}

export interface RunningRevocationProxy extends RestrictedFrameService {
  /** Number of live sessions (cookie jars), for tests. */
  sessionCount(): number;
  /** The cookies kept for a session, for tests. */
  cookiesOf(sessionId: string): ReadonlyMap<string, string> | undefined;
}

export const PROXY_PREFIX = '/__zairyu/';
export const SESSION_COOKIE = '__zairyu_s';
const MAX_BODY_BYTES = 1024 * 1024;

/** Request headers passed upstream (everything else, e.g. the browser's own cookies, stays here). */
const FORWARDED_REQUEST_HEADERS = ['accept', 'accept-language', 'content-type', 'user-agent', 'cache-control', 'pragma', 'upgrade-insecure-requests'];
/** Response headers never passed back (hop-by-hop, recomputed, or meaningless/harmful behind the proxy). */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-authenticate',
  'proxy-connection',
  'te',
  'trailer',
  'content-encoding',
  'content-length',
  'set-cookie',
  'x-frame-options',
  'strict-transport-security',
  'public-key-pins',
  'alt-svc',
  'clear-site-data',
  'location',
  'content-security-policy',
  'cache-control',
  'expires',
  'referrer-policy',
]);

interface Session {
  readonly cookies: Map<string, string>;
  lastUsed: number;
}

export async function startRevocationProxy(options: RevocationProxyOptions): Promise<RunningRevocationProxy> {
  const targetOrigin = new URL(options.targetOrigin).origin;
  const kioskOrigin = new URL(options.kioskOrigin).origin;
  const doFetch = options.fetch ?? fetch;
  const log = options.log ?? (() => {});
  const upstreamTimeoutMs = options.upstreamTimeoutMs ?? 60_000;
  const sessionIdleMs = options.sessionIdleMs ?? 30 * 60_000;
  const sessions = new Map<string, Session>();
  let proxyOrigin = '';
  let allowedHosts = new Set<string>();
  const sendPage = (response: ServerResponse, status: number, html: string) => sendOwnPage(response, status, html, kioskOrigin);

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendPage(response, 502, errorPage('unreachable'));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts.has(request.headers.host ?? '')) return sendText(response, 421, 'wrong host');
    const raw = request.url ?? '/';
    // Absolute-form requests ("GET http://elsewhere/ HTTP/1.1") would make this an open proxy.
    if (!raw.startsWith('/') || raw.startsWith('//')) return sendPage(response, 403, blockedPage('?'));
    const url = new URL(raw, proxyOrigin);
    pruneSessions();
    if (url.pathname.startsWith(PROXY_PREFIX)) return handleOwn(request, response, url);
    if (!['GET', 'HEAD', 'POST'].includes(request.method ?? '')) return sendText(response, 405, 'method not allowed');
    const session = sessionOf(request);
    if (!session) return sendPage(response, 403, plainPage('No inquiry session / 照会のセッションがありません', ''));
    session.lastUsed = Date.now();
    await forward(request, response, url, session);
  }

  function handleOwn(request: IncomingMessage, response: ServerResponse, url: URL): void {
    const name = url.pathname.slice(PROXY_PREFIX.length);
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'method not allowed');
    switch (name) {
      case 'fill.js': {
        const status = Number(url.searchParams.get('status') ?? '200');
        const kind = url.searchParams.get('kind') ?? 'page';
        const detail = url.searchParams.get('detail') ?? '';
        const setup: FillAgentSetup = { kioskOrigin, status: Number.isFinite(status) ? status : 200, kind: asKind(kind), detail };
        response.writeHead(200, { ...OWN_HEADERS, 'Content-Type': 'text/javascript; charset=utf-8' });
        response.end(fillAgentScript(setup));
        return;
      }
      case 'start': {
        // One person at a time: a new inquiry forgets every earlier session.
        sessions.clear();
        const id = randomBytes(18).toString('base64url');
        sessions.set(id, { cookies: new Map(), lastUsed: Date.now() });
        const path = url.searchParams.get('path') ?? '/';
        const location = path.startsWith('/') && !path.startsWith('//') && !path.startsWith(PROXY_PREFIX) ? path : '/';
        response.writeHead(302, {
          ...OWN_HEADERS,
          'Set-Cookie': `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict`,
          Location: location,
        });
        response.end();
        log('inquiry session started', { sessions: sessions.size });
        return;
      }
      case 'end': {
        const id = sessionIdOf(request);
        if (id) sessions.delete(id);
        sessions.clear();
        response.writeHead(200, {
          ...OWN_HEADERS,
          'Content-Type': 'text/html; charset=utf-8',
          'Clear-Site-Data': '"cache", "cookies", "storage"',
          'Set-Cookie': `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`,
        });
        response.end('<!doctype html><meta charset="utf-8"><title>ended</title>');
        log('inquiry session ended');
        return;
      }
      case 'blocked':
        return sendPage(response, 403, blockedPage(url.searchParams.get('to') ?? '?'));
      default:
        return sendText(response, 404, 'not found');
    }
  }

  async function forward(request: IncomingMessage, response: ServerResponse, url: URL, session: Session): Promise<void> {
    const upstreamUrl = `${targetOrigin}${url.pathname}${url.search}`;
    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    const origin = request.headers.origin;
    if (origin) headers.set('origin', origin === proxyOrigin ? targetOrigin : origin);
    const referer = request.headers.referer;
    if (referer?.startsWith(`${proxyOrigin}/`)) headers.set('referer', targetOrigin + referer.slice(proxyOrigin.length));
    if (session.cookies.size > 0) headers.set('cookie', [...session.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const body = request.method === 'POST' ? await readBody(request) : undefined;
    if (body === null) return sendText(response, 413, 'request too large');

    let upstream: Response;
    try {
      upstream = await doFetch(upstreamUrl, {
        method: request.method ?? 'GET',
        headers,
        ...(body ? { body: new Uint8Array(body) } : {}),
        redirect: 'manual',
        signal: AbortSignal.timeout(upstreamTimeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      log('inquiry service not reachable', { timedOut });
      return sendPage(response, timedOut ? 504 : 502, errorPage(timedOut ? 'timeout' : 'unreachable'));
    }
    storeCookies(session, upstream.headers.getSetCookie());

    const outgoing: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!DROPPED_RESPONSE_HEADERS.has(name)) outgoing[name] = value;
    });
    const upstreamCsp = upstream.headers.get('content-security-policy');
    const location = upstream.headers.get('location');
    if (location) outgoing.location = rewriteLocation(location, upstreamUrl, targetOrigin);
    const csp = [withoutFrameAncestors(upstreamCsp), `frame-ancestors ${kioskOrigin}; form-action 'self'; frame-src 'self'; base-uri 'self'`];
    const headersOut: Record<string, string | string[]> = {
      ...outgoing,
      ...OWN_HEADERS,
      'Content-Security-Policy': csp.filter((entry): entry is string => Boolean(entry)),
    };

    const type = upstream.headers.get('content-type') ?? '';
    if (request.method === 'HEAD' || upstream.status === 204 || upstream.status === 304) {
      response.writeHead(upstream.status, headersOut);
      response.end();
      return;
    }
    const bytes = Buffer.from(await upstream.arrayBuffer());
    const payload = /^text\/html|^application\/xhtml\+xml/i.test(type)
      ? injectFillScript(rewriteOriginInHtml(bytes, targetOrigin, proxyOrigin), `${PROXY_PREFIX}fill.js?status=${upstream.status}`)
      : bytes;
    response.writeHead(upstream.status, { ...headersOut, 'Content-Length': String(payload.length) });
    response.end(payload);
  }

  function sessionIdOf(request: IncomingMessage): string | undefined {
    const header = request.headers.cookie ?? '';
    for (const part of header.split(';')) {
      const [name, ...rest] = part.trim().split('=');
      if (name === SESSION_COOKIE) return rest.join('=');
    }
    return undefined;
  }

  function sessionOf(request: IncomingMessage): Session | undefined {
    const id = sessionIdOf(request);
    return id ? sessions.get(id) : undefined;
  }

  function pruneSessions(): void {
    const now = Date.now();
    for (const [id, session] of sessions) if (now - session.lastUsed > sessionIdleMs) sessions.delete(id);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  proxyOrigin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`]);
  return {
    origin: proxyOrigin,
    targetOrigin,
    sessionCount: () => sessions.size,
    cookiesOf: (id) => sessions.get(id)?.cookies,
    close: () =>
      new Promise((resolveClose) => {
        sessions.clear();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

/**
 * The origin of the inquiry service the kiosk command proxies to: the kiosk config's
 * `pluginSettings.revocation.serviceUrl`, else the default in the revocation plugin's manifest. Undefined when
 * neither is an https (or loopback http) address.
 */
export async function revocationServiceOrigin(config: KioskConfig, webRoot: string): Promise<string | undefined> {
  const configured = config.pluginSettings.revocation?.serviceUrl;
  if (typeof configured === 'string') return serviceOrigin(configured);
  try {
    const manifest = JSON.parse(await readFile(join(webRoot, 'plugins', 'revocation', 'package.json'), 'utf8')) as {
      contributes?: { settings?: { serviceUrl?: { default?: unknown } } };
    };
    const fallback = manifest.contributes?.settings?.serviceUrl?.default;
    return typeof fallback === 'string' ? serviceOrigin(fallback) : undefined;
  } catch {
    return undefined;
  }
}

/** A redirect target: paths of the target origin stay (relative to the proxy); anything else → the 403 page. */
export function rewriteLocation(location: string, requestUrl: string, targetOrigin: string): string {
  let url: URL;
  try {
    url = new URL(location, requestUrl);
  } catch {
    return `${PROXY_PREFIX}blocked?to=${encodeURIComponent('?')}`;
  }
  if (url.origin === targetOrigin && !url.pathname.startsWith(PROXY_PREFIX)) return `${url.pathname}${url.search}${url.hash}`;
  return `${PROXY_PREFIX}blocked?to=${encodeURIComponent(url.origin)}`;
}

/** Absolute links to the service's own origin would leave the proxy (and be blocked): point them at the proxy. */
export function rewriteOriginInHtml(html: Buffer, targetOrigin: string, proxyOrigin: string): Buffer {
  // Latin-1 keeps every byte as one char, so this works for UTF-8 and Shift_JIS pages alike (ASCII-only patterns).
  const text = html.toString('latin1');
  const host = new URL(targetOrigin).host;
  const proxyHost = new URL(proxyOrigin).host;
  const rewritten = text.split(targetOrigin).join(proxyOrigin).split(`//${host}`).join(`//${proxyHost}`);
  return rewritten === text ? html : Buffer.from(rewritten, 'latin1');
}

/** Inserts the fill script as the first element of <head> (or of the document), byte-preserving the rest. */
export function injectFillScript(html: Buffer, src: string): Buffer {
  const text = html.toString('latin1');
  const tag = `<script src="${src}"></script>`;
  const anchor = /<head(\s[^>]*)?>/i.exec(text) ?? /<html(\s[^>]*)?>/i.exec(text);
  const at = anchor ? anchor.index + anchor[0].length : 0;
  return Buffer.concat([html.subarray(0, at), Buffer.from(tag, 'latin1'), html.subarray(at)]);
}

function withoutFrameAncestors(csp: string | null): string | undefined {
  if (!csp) return undefined;
  const kept = csp
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive && !/^frame-ancestors\b/i.test(directive));
  return kept.length > 0 ? kept.join('; ') : undefined;
}

function storeCookies(session: Session, setCookies: readonly string[]): void {
  for (const line of setCookies) {
    const [pair, ...attributes] = line.split(';');
    const separator = pair?.indexOf('=') ?? -1;
    if (!pair || separator <= 0) continue;
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    const expired = attributes.some((attribute) => {
      const [key, raw] = attribute.split('=').map((part) => part?.trim() ?? '');
      if (/^max-age$/i.test(key ?? '')) return Number(raw) <= 0;
      if (/^expires$/i.test(key ?? '')) return Date.parse(attribute.slice(attribute.indexOf('=') + 1).trim()) <= Date.now();
      return false;
    });
    if (expired) session.cookies.delete(name);
    else session.cookies.set(name, value);
  }
}

function readBody(request: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.destroy();
        resolveBody(null);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolveBody(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const OWN_HEADERS = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...OWN_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}

function sendOwnPage(response: ServerResponse, status: number, html: string, kioskOrigin: string): void {
  response.writeHead(status, {
    ...OWN_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': `default-src 'self'; frame-ancestors ${kioskOrigin}`,
  });
  response.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function plainPage(title: string, script: string): string {
  return `<!doctype html><html lang="ja"><head>${script}<meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><p>${escapeHtml(title)}</p></body></html>`;
}

function blockedPage(to: string): string {
  const script = `<script src="${PROXY_PREFIX}fill.js?status=403&amp;kind=blocked&amp;detail=${encodeURIComponent(to)}"></script>`;
  return plainPage('このサイトへは移動できません / This site cannot be opened here', script);
}

function errorPage(reason: 'unreachable' | 'timeout'): string {
  const script = `<script src="${PROXY_PREFIX}fill.js?status=502&amp;kind=error&amp;detail=${reason}"></script>`;
  return plainPage('失効情報照会のサービスに接続できません / The inquiry service cannot be reached', script);
}

function asKind(kind: string): FillAgentSetup['kind'] {
  return kind === 'blocked' || kind === 'error' ? kind : 'page';
}
