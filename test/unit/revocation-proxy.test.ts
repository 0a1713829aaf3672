import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultKioskConfig } from '../../kernel/config/kiosk-config';
import {
  injectFillScript,
  revocationServiceOrigin,
  rewriteLocation,
  rewriteOriginInHtml,
  SESSION_COOKIE,
  startRevocationProxy,
  type RunningRevocationProxy,
} from '../../shell/web/server/revocation-proxy';
import { startWebKioskServer } from '../../shell/web/server/static-server';
import { ANSWER_INVALID, ANSWER_VALID, startRevocationStandin, type RunningStandin } from '../fixtures/revocation-standin/standin-server';
import { join } from 'node:path';

const KIOSK_ORIGIN = 'http://127.0.0.1:1';

describe('revocation proxy (web host, loopback)', () => {
  let standin: RunningStandin;
  let proxy: RunningRevocationProxy;
  const logged: string[] = [];

  beforeAll(async () => {
    standin = await startRevocationStandin();
    proxy = await startRevocationProxy({
      targetOrigin: standin.origin,
      kioskOrigin: KIOSK_ORIGIN,
      upstreamTimeoutMs: 1500,
      log: (message, fields) => logged.push(`${message} ${JSON.stringify(fields ?? {})}`),
    });
  });
  afterAll(async () => {
    await proxy?.close();
    await standin?.close();
  });
  afterEach(() => {
    Object.assign(standin.mode, { challenge: false, inlineCheck: false, slowMs: 0, failStatus: undefined, failFormStatus: undefined });
  });

  /** Starts a session like the kiosk's frame does; returns the session cookie. */
  async function startSession(path = '/inquiry'): Promise<string> {
    const response = await fetch(`${proxy.origin}/__zairyu/start?path=${encodeURIComponent(path)}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(path);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{20,}; Path=/; HttpOnly; SameSite=Strict$`));
    return cookie.split(';')[0]!;
  }

  it('refuses requests without a session, with a wrong Host, and absolute-form (open proxy) requests', async () => {
    expect((await fetch(`${proxy.origin}/inquiry`)).status).toBe(403);
    const raw = (path: string, host: string) =>
      new Promise<number>((resolveStatus, reject) => {
        const url = new URL(proxy.origin);
        const request = httpRequest({ host: url.hostname, port: url.port, path, headers: { host } }, (response) => {
          response.resume();
          resolveStatus(response.statusCode ?? 0);
        });
        request.on('error', reject);
        request.end();
      });
    expect(await raw('/inquiry', `evil.example:${new URL(proxy.origin).port}`)).toBe(421);
    expect(await raw(`${standin.otherOrigin}/`, new URL(proxy.origin).host)).toBe(403);
    expect(standin.otherHits).toEqual([]);
  });

  it('forwards to the service origin only, injects the fill script and frames only for the kiosk', async () => {
    const cookie = await startSession();
    const response = await fetch(`${proxy.origin}/inquiry`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<head><script src="/__zairyu/fill.js?status=200"></script>');
    expect(html.match(/__zairyu\/fill\.js/g)).toHaveLength(1);
    expect(html).toContain('txtZairyuCardNo');
    expect(response.headers.get('content-security-policy')).toContain(`frame-ancestors ${KIOSK_ORIGIN}`);
    expect(response.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    // The service's cookie stays in the proxy's memory, never in the browser.
    expect(response.headers.get('set-cookie')).toBeNull();
    const id = cookie.split('=')[1]!;
    expect(proxy.cookiesOf(id)?.get('ASP.NET_SessionId')).toBe('standin-session');
  });

  it('posts the form upstream with the kept cookies and returns the answer as the service gives it', async () => {
    const cookie = await startSession();
    await fetch(`${proxy.origin}/inquiry`, { headers: { cookie } });
    const form = new URLSearchParams({
      'ctl00$ContentPlaceHolder1$txtZairyuCardNo': 'CD23456789EF',
      'ctl00$ContentPlaceHolder1$txtYear': '2031',
      'ctl00$ContentPlaceHolder1$txtMonth': '03',
      'ctl00$ContentPlaceHolder1$txtDay': '31',
      'ctl00$ContentPlaceHolder1$btnInquiry': '問合せ',
    });
    const answer = await fetch(`${proxy.origin}/inquiry`, { method: 'POST', body: form, headers: { cookie, origin: proxy.origin, referer: `${proxy.origin}/inquiry` } });
    expect(await answer.text()).toContain(ANSWER_VALID);
    const last = standin.inquiries.at(-1)!;
    expect(last).toMatchObject({ cardNumber: 'CD23456789EF', year: '2031', month: '03', day: '31' });
    expect(last.cookie).toContain('ASP.NET_SessionId=standin-session');
    expect(last.cookie).not.toContain(SESSION_COOKIE);
    form.set('ctl00$ContentPlaceHolder1$txtZairyuCardNo', 'ZZ00000000ZZ');
    const invalid = await fetch(`${proxy.origin}/inquiry`, { method: 'POST', body: form, headers: { cookie } });
    expect(await invalid.text()).toContain(ANSWER_INVALID);
    // Card numbers are never logged.
    expect(logged.join('\n')).not.toMatch(/CD23456789EF|ZZ00000000ZZ/);
  });

  it('rewrites redirects within the service to the proxy, and turns redirects elsewhere into a 403 page', async () => {
    const cookie = await startSession();
    const within = await fetch(`${proxy.origin}/absolute`, { headers: { cookie }, redirect: 'manual' });
    expect(within.headers.get('location')).toBe('/inquiry');
    const away = await fetch(`${proxy.origin}/leave`, { headers: { cookie }, redirect: 'manual' });
    expect(away.headers.get('location')).toBe(`/__zairyu/blocked?to=${encodeURIComponent(standin.otherOrigin)}`);
    const blocked = await fetch(`${proxy.origin}${away.headers.get('location')}`, { headers: { cookie } });
    expect(blocked.status).toBe(403);
    expect(await blocked.text()).toContain('kind=blocked');
    expect(standin.otherHits).toEqual([]);
  });

  it('passes an HTTP error of the service through, marked for the kiosk page', async () => {
    standin.mode.failFormStatus = 500;
    const cookie = await startSession();
    const response = await fetch(`${proxy.origin}/inquiry`, { headers: { cookie } });
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('/__zairyu/fill.js?status=500');
  });

  it('answers a slow service with a "timed out" page', async () => {
    standin.mode.slowMs = 3000;
    const cookie = await startSession();
    const response = await fetch(`${proxy.origin}/inquiry`, { headers: { cookie } });
    expect(response.status).toBe(504);
    expect(await response.text()).toContain('kind=error&amp;detail=timeout');
  });

  it('ends the session: cookies dropped, and the browser told to clear the proxy origin', async () => {
    const cookie = await startSession();
    await fetch(`${proxy.origin}/inquiry`, { headers: { cookie } });
    expect(proxy.sessionCount()).toBe(1);
    const end = await fetch(`${proxy.origin}/__zairyu/end`, { headers: { cookie } });
    expect(end.headers.get('clear-site-data')).toBe('"cache", "cookies", "storage"');
    expect(end.headers.get('set-cookie')).toContain('Max-Age=0');
    expect(proxy.sessionCount()).toBe(0);
    expect((await fetch(`${proxy.origin}/inquiry`, { headers: { cookie } })).status).toBe(403);
  });

  it('serves a fill script that is valid JavaScript with the kiosk origin in it', async () => {
    const script = await (await fetch(`${proxy.origin}/__zairyu/fill.js?status=200`)).text();
    expect(() => new Function(script)).not.toThrow();
    expect(script).toContain(JSON.stringify(KIOSK_ORIGIN));
  });
});

describe('revocation proxy: an unreachable service', () => {
  it('answers with the "cannot reach" page', async () => {
    const port = await freePort();
    const proxy = await startRevocationProxy({ targetOrigin: `http://127.0.0.1:${port}`, kioskOrigin: KIOSK_ORIGIN });
    try {
      const start = await fetch(`${proxy.origin}/__zairyu/start?path=%2F`, { redirect: 'manual' });
      const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!;
      const response = await fetch(`${proxy.origin}/`, { headers: { cookie } });
      expect(response.status).toBe(502);
      expect(await response.text()).toContain('kind=error&amp;detail=unreachable');
    } finally {
      await proxy.close();
    }
  });
});

describe('revocation proxy helpers', () => {
  it('rewrites Location: same origin → path on the proxy, anything else → blocked page', () => {
    const target = 'https://lapse-immi.moj.go.jp';
    expect(rewriteLocation('https://lapse-immi.moj.go.jp/ZEC/a.aspx?x=1', `${target}/ZEC/b.aspx`, target)).toBe('/ZEC/a.aspx?x=1');
    expect(rewriteLocation('c.aspx', `${target}/ZEC/b.aspx`, target)).toBe('/ZEC/c.aspx');
    expect(rewriteLocation('http://lapse-immi.moj.go.jp/', `${target}/`, target)).toBe('/__zairyu/blocked?to=http%3A%2F%2Flapse-immi.moj.go.jp');
    expect(rewriteLocation('https://evil.example/x', `${target}/`, target)).toBe('/__zairyu/blocked?to=https%3A%2F%2Fevil.example');
    expect(rewriteLocation('//evil.example/x', `${target}/`, target)).toBe('/__zairyu/blocked?to=https%3A%2F%2Fevil.example');
  });

  it('points absolute links of the service at the proxy and keeps other bytes (Shift_JIS) intact', () => {
    const sjisBytes = Buffer.from([0x83, 0x65, 0x83, 0x58, 0x83, 0x67]); // テスト in Shift_JIS
    const html = Buffer.concat([
      Buffer.from('<html><head><title>'),
      sjisBytes,
      Buffer.from('</title></head><form action="https://svc.example/a"><a href="//svc.example/b">x</a></form></html>'),
    ]);
    const out = injectFillScript(rewriteOriginInHtml(html, 'https://svc.example', 'http://127.0.0.1:5000'), '/__zairyu/fill.js?status=200');
    expect(out.includes(sjisBytes)).toBe(true);
    const text = out.toString('latin1');
    expect(text).toContain('action="http://127.0.0.1:5000/a"');
    expect(text).toContain('href="//127.0.0.1:5000/b"');
    expect(text).toContain('<head><script src="/__zairyu/fill.js?status=200"></script><title>');
  });

  it('finds the service origin in the config, else in the plugin manifest', async () => {
    const webRoot = process.cwd(); // plugins/revocation/package.json is the manifest
    expect(await revocationServiceOrigin(defaultKioskConfig, webRoot)).toBe('https://lapse-immi.moj.go.jp');
    const configured = { ...defaultKioskConfig, pluginSettings: { revocation: { serviceUrl: 'http://127.0.0.1:4000/inquiry' } } };
    expect(await revocationServiceOrigin(configured, webRoot)).toBe('http://127.0.0.1:4000');
    const wrong = { ...defaultKioskConfig, pluginSettings: { revocation: { serviceUrl: 'http://service.example/' } } };
    expect(await revocationServiceOrigin(wrong, webRoot)).toBeUndefined();
  });
});

describe('web-kiosk server with a restricted frame', () => {
  it("allows frames from the proxy origin only, in the header and in the page's own CSP", async () => {
    const server = await startWebKioskServer({
      webRoot: join(process.cwd(), 'shell', 'web'),
      configText: async () => '{}',
      restrictedFrame: async () => ({ origin: 'http://127.0.0.1:5999', targetOrigin: 'https://svc.example', close: async () => {} }),
    });
    try {
      const page = await fetch(server.url);
      expect(page.headers.get('content-security-policy')).toContain('frame-src http://127.0.0.1:5999;');
      const html = await page.text();
      expect(html).toContain('frame-src http://127.0.0.1:5999;');
      expect(html).not.toContain("frame-src 'none'");
      expect(await (await fetch(`${server.url}restricted-frame.json`)).json()).toEqual({ origin: 'http://127.0.0.1:5999', allowedOrigin: 'https://svc.example' });
    } finally {
      await server.close();
    }
  });

  it("keeps frame-src 'none' without one", async () => {
    const server = await startWebKioskServer({ webRoot: join(process.cwd(), 'shell', 'web'), configText: async () => '{}' });
    try {
      const page = await fetch(server.url);
      expect(page.headers.get('content-security-policy')).toContain("frame-src 'none'");
      expect((await fetch(`${server.url}restricted-frame.json`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}
