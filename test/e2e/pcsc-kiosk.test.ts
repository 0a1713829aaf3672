import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditLog } from '../../kernel/audit/audit-log';
import { openAuditFile } from '../../kernel/node/audit-file';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrustStoreDocument } from '../../kernel/node/trust-store-document';
import { PcscTransport } from '../../kernel/node/pcsc-transport';
import type { VirtualCard } from '../../kernel/smartcard/virtual-card';
import { ResidenceCardEmulator } from '../../plugins/residence-card/emulator/residence-card-emulator';
import { SAMPLE_PROFILES, type SampleProfile } from '../../plugins/residence-card/emulator/profiles';
import { createSampleCard, sampleFileSystem } from '../../plugins/residence-card/emulator/sample-cards';
import { startWebKioskServer, type RunningServer } from '../../shell/web/server/static-server';
import { readCodeTableFiles } from '../../kernel/node/code-table-folder';
import { SAMPLE_CODE_TABLES } from '../support/builtin-kernel';
import SAMPLE_PERMISSION_TYPES from '../fixtures/sample-cards/code-tables/permissionType.json';
import { launchChromium, screenshot } from '../support/browser';
import { startPcscd, VIRTUAL_READER, type RunningPcscd } from '../support/pcscd';
import { VirtualReaderSlot } from '../support/virtual-reader-slot';

const webRoot = join(process.cwd(), 'dist', 'web');
const testTrustStore = join(process.cwd(), 'test', 'fixtures', 'sample-cards', 'trust-store');
const baseConfig = { reader: { name: VIRTUAL_READER, demo: 'never' }, trustStoreProfile: 'test', cardRemovalGraceSeconds: 1 };

type Readable = Extract<SampleProfile, { kind: 'gen1' | 'gen2' }>;
const readable = SAMPLE_PROFILES.filter((profile): profile is Readable => profile.kind === 'gen1' || profile.kind === 'gen2');

/** What the result screen must say for each sample (Windows manual §5.1 / iOS manual §5.3). */
function expectedScreen(profile: Readable) {
  const spr = profile.cardType === '2' || profile.cardType === '06';
  const signature = profile.signature;
  if (signature.kind === 'absent') {
    const gen1 = profile.kind === 'gen1';
    return {
      tamper: 'notApplicable',
      issuer: 'notApplicable',
      ja: gen1 ? '16歳未満のカードを読み取りました' : '1歳未満のカードを読み取りました',
      en: gen1 ? 'holder under 16' : 'holder under 1',
    };
  }
  const ok = signature.kind === 'issued' && signature.issuer === 'trusted';
  const checks =
    signature.kind === 'altered-after-signing' ? { tamper: 'ng', issuer: 'ok' } : ok ? { tamper: 'ok', issuer: 'ok' } : { tamper: 'ok', issuer: 'ng' };
  return ok
    ? { ...checks, ja: spr ? '正常な特別永住者証明書を読み取りました' : '正常な在留カードを読み取りました', en: spr ? 'Read a fully functioning special permanent resident certificate.' : 'Read a fully functioning residence card.' }
    : { ...checks, ja: 'https://www.moj.go.jp/isa/about/region/index.html', en: 'The card may be damaged or forged.' };
}

/** Panel texts the manual prescribes for the sample's work permission (1st gen: texts present; 2nd gen: codes). */
function expectedPermission(profile: Readable): { ja: string[]; en: string[] } {
  if (profile.cardType === '2' || profile.cardType === '06' || !profile.workPermission) return { ja: [], en: [] };
  if (profile.kind === 'gen1') {
    const ja: string[] = [];
    const en: string[] = [];
    if (profile.workPermission.comprehensive) {
      ja.push('許可（原則週28時間以内 風俗営業等への従事を除く）');
      en.push('Permitted (in principle up to 28 hours a week');
    }
    if (profile.workPermission.individual) {
      ja.push('許可（資格外活動許可書に記載された範囲内の活動）');
      en.push('Permitted (activities within the scope stated in the permit)');
    }
    return { ja, en };
  }
  const permission = profile.workPermission;
  const ja: string[] = [];
  const en: string[] = [];
  if (permission.comprehensive === '1') ja.push('包括許可：許可（週28時間以内・風俗営業不可）');
  if (permission.comprehensive === '2') ja.push('包括許可：許可（週28時間以内・教育等の活動）');
  if (permission.comprehensive !== '0') {
    const e = permission.comprehensiveExpiry;
    ja.push(`包括許可期限：${e.slice(0, 4)}年${e.slice(4, 6)}月${e.slice(6)}日`);
    en.push(`${e.slice(0, 4)}-${e.slice(4, 6)}-${e.slice(6)}`);
  }
  if (permission.individual === '1') {
    ja.push('個別許可：許可（資格外活動許可書参照）');
    en.push('Individual permission: Permitted (see the permit)');
  }
  return { ja, en };
}

/**
 * The kiosk as deployed on Linux: Chromium → the card service WebSocket (launch token) → PcscTransport →
 * pcscd → vsmartcard-vpcd → the sample card emulator.
 */
describe('kiosk in Chromium through the card service and real pcscd', () => {
  let pcscd: RunningPcscd;
  let transport: PcscTransport;
  let server: RunningServer;
  let browser: Browser;
  let reader: VirtualReaderSlot;
  let config: Record<string, unknown> = baseConfig;
  let auditFolder: string;
  const auditPath = () => join(auditFolder, 'audit.jsonl');
  const auditRecords = async () =>
    (await readFile(auditPath(), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { event: string; cardType?: string; reason?: string; errorCode?: string; tamper?: string });

  beforeAll(async () => {
    pcscd = await startPcscd();
    transport = new PcscTransport({ reconnectDelayMs: 200 });
    reader = new VirtualReaderSlot(transport);
    auditFolder = await mkdtemp(join(tmpdir(), 'zairyu-e2e-audit-'));
    const audit = await openAuditFile(auditPath());
    server = await startWebKioskServer({
      webRoot,
      configText: async () => JSON.stringify(config),
      trustStore: () => readTrustStoreDocument(testTrustStore, 'test'),
      // The operator's code tables go through the server to the page, which validates them.
      codeTables: () => readCodeTableFiles(SAMPLE_CODE_TABLES),
      cardService: { transport, token: 'e2e-token-0123456789abcdef0123456789abcdef', audit },
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await reader?.close();
    await browser?.close();
    await server?.close();
    await transport?.close();
    await pcscd?.stop();
    if (auditFolder) await rm(auditFolder, { recursive: true, force: true });
  }, 30_000);

  const insert = (virtualCard: VirtualCard) => reader.insert(virtualCard);
  const removeCard = () => reader.remove();

  async function openKiosk(options: { expectCard?: boolean } = {}): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(server.kioskUrl);
    await page.waitForSelector('#app[data-ready="true"]');
    expect(page.url()).not.toContain('token');
    if (options.expectCard !== false) await page.waitForSelector('[data-testid="reader-status"][data-state="cardPresent"]');
    return page;
  }

  async function typeAndRead(page: Page, cardNumber: string): Promise<void> {
    for (const key of cardNumber) await page.click(`[data-key="${key}"]`);
    expect(await page.inputValue('[data-testid="card-number"]')).toBe(cardNumber);
    await page.click('[data-testid="start-reading"]');
  }

  async function setLanguage(page: Page, language: 'ja' | 'en'): Promise<void> {
    if ((await page.getAttribute('html', 'lang')) === language) return;
    // A dialog carries its own toggle, rendered after the screen's.
    await page.locator('[data-testid="language-toggle"]').last().click();
    await page.waitForFunction((wanted) => document.documentElement.lang === wanted, language);
  }

  it.each(readable.map((profile) => [profile.id, profile] as const))('reads %s and shows the manual screen in both languages', async (id, profile) => {
    config = baseConfig;
    await insert(createSampleCard(profile.id));
    const page = await openKiosk();
    await typeAndRead(page, profile.cardNumber);
    await page.waitForSelector('[data-screen="result"]', { timeout: 30_000 });
    const expected = expectedScreen(profile);
    expect(await page.getAttribute('[data-testid="tamper-check"]', 'data-outcome')).toBe(expected.tamper);
    expect(await page.getAttribute('[data-testid="issuer-check"]', 'data-outcome')).toBe(expected.issuer);
    const permission = expectedPermission(profile);
    for (const language of ['ja', 'en'] as const) {
      await setLanguage(page, language);
      const text = (await page.textContent('[data-screen="result"]')) ?? '';
      expect(await page.textContent('[data-testid="verification-summary"]')).toContain(expected[language]);
      for (const line of permission[language]) expect(text).toContain(line);
      if (profile.kind === 'gen2' && profile.printed.residence) {
        // The status of residence from the plugin's table, the permission type from the operator's.
        expect(await page.textContent('[data-entry="statusOfResidence"]')).toContain(language === 'ja' ? '（見本カードのコード）' : '(sample card code)');
        const { permissionType, permissionDate } = profile.printed.residence;
        const date = language === 'ja' ? `${permissionDate.slice(0, 4)}年${permissionDate.slice(4, 6)}月${permissionDate.slice(6)}日` : `${permissionDate.slice(0, 4)}-${permissionDate.slice(4, 6)}-${permissionDate.slice(6)}`;
        const name = (SAMPLE_PERMISSION_TYPES as Record<string, { ja: string; en: string }>)[permissionType]![language];
        expect(await page.textContent('[data-entry="permission"]')).toBe(language === 'ja' ? `${name}（${date}）` : `${name} (${date})`);
      }
      if (profile.kind === 'gen1') {
        for (const entry of profile.addressHistory) expect(text).toContain(entry.address);
        expect(text).toContain(language === 'ja' ? '令和8年6月14日より前に行われた住居地変更は表示されません' : 'before 14 June 2026');
      }
      await screenshot(page, `result-${id}-${language}`);
    }
    await page.click('[data-testid="back-to-top"]');
    await page.waitForSelector('[data-screen="top"]');
    expect(await page.content()).not.toContain(profile.cardNumber);
    await page.close();
  });

  it('taking the card away on the result screen returns to top with nothing of the card left', async () => {
    config = baseConfig;
    const profile = readable.find((entry) => entry.id === 'gen1-residence-work-permitted')!;
    await insert(createSampleCard(profile.id));
    const page = await openKiosk();
    await typeAndRead(page, profile.cardNumber);
    await page.waitForSelector('[data-screen="result"]', { timeout: 30_000 });
    await reader.vpcd!.removeCard();
    await page.waitForSelector('[data-screen="top"]', { timeout: 10_000 });
    const html = await page.content();
    expect(html).not.toContain(profile.cardNumber);
    expect(html).not.toContain('見本区');
    expect(html).not.toContain('包括');
    // The kiosk's audit log, written through the card service: the read and the wipe, chained, without card data.
    await expect.poll(async () => (await auditRecords()).at(-1)).toMatchObject({ event: 'session.wiped', reason: 'cardRemoved' });
    const records = await auditRecords();
    expect(records.filter((record) => record.event === 'app.start').length).toBeGreaterThan(0);
    expect(records.at(-2)).toMatchObject({ event: 'card.read', cardType: '1', tamper: 'ok' });
    const text = await readFile(auditPath(), 'utf8');
    expect(verifyAuditLog(text)).toMatchObject({ ok: true });
    expect(text).not.toContain(profile.cardNumber);
    await page.close();
  });

  it('the idle timeout counts down, then returns to top and wipes the result', async () => {
    config = { ...baseConfig, idleTimeoutSeconds: 15, idleWarningSeconds: 10 };
    const profile = readable.find((entry) => entry.id === 'gen2-residence-comprehensive-28h')!;
    await insert(createSampleCard(profile.id));
    const page = await openKiosk();
    await typeAndRead(page, profile.cardNumber);
    await page.waitForSelector('[data-screen="result"]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="idle-warning"]', { timeout: 15_000 });
    await screenshot(page, 'idle-warning-ja');
    // Continue, switch to English on the result screen (a touch on the dialog's own toggle already ends the
    // countdown, before the click lands), and wait for the countdown again.
    await page.click('[data-testid="idle-continue"]');
    await page.waitForSelector('[data-testid="idle-warning"]', { state: 'detached' });
    await page.locator('[data-screen="result"] [data-testid="language-toggle"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForSelector('[data-testid="idle-warning"]', { timeout: 15_000 });
    expect(await page.textContent('[data-testid="idle-warning"]')).toContain('returning to the top screen in');
    await screenshot(page, 'idle-warning-en');
    await page.waitForSelector('[data-screen="top"]', { timeout: 20_000 });
    const html = await page.content();
    expect(html).not.toContain(profile.cardNumber);
    expect(html).not.toContain('包括許可');
    await page.close();
  });

  describe('each error dialog from a real cause', () => {
    async function expectDialog(page: Page, code: string, ja: string, name: string): Promise<void> {
      await page.waitForSelector('[data-testid="error-dialog"]', { timeout: 30_000 });
      expect(await page.getAttribute('[data-testid="error-dialog"]', 'data-code')).toBe(code);
      expect(await page.textContent('#error-message')).toContain(ja);
      await screenshot(page, `error-${name}-ja`);
      await setLanguage(page, 'en');
      await screenshot(page, `error-${name}-en`);
    }

    it('wrong card number, then a read after correcting it', async () => {
      config = baseConfig;
      await insert(createSampleCard('gen2-special-permanent'));
      const page = await openKiosk();
      await typeAndRead(page, 'SP23456789CC');
      await expectDialog(page, 'WRONG_CARD_NUMBER', '在留カード等番号が間違っています', 'wrong-number');
      expect(await page.textContent('#error-message')).toBe('The residence card number is incorrect.');
      await page.click('[data-testid="error-confirm"]');
      await page.click('[data-key="backspace"]');
      await page.click('[data-key="D"]');
      await page.click('[data-testid="start-reading"]');
      await page.waitForSelector('[data-screen="result"]', { timeout: 30_000 });
      expect(await page.textContent('[data-testid="card-type"]')).toBe('Special permanent resident certificate (2nd generation)');
      await page.close();
    });

    it('a card that is not a residence card', async () => {
      config = baseConfig;
      await insert(createSampleCard('not-residence-card'));
      const page = await openKiosk();
      await typeAndRead(page, 'AB12345678CD');
      await expectDialog(page, 'NOT_RESIDENCE_CARD', '在留カード以外のカードをかざしている可能性があります', 'not-residence-card');
      await page.close();
    });

    it('a 特定在留カード (07), which is detected and not read', async () => {
      config = baseConfig;
      await insert(createSampleCard('specific-07'));
      const page = await openKiosk();
      await typeAndRead(page, 'EF12345678GH');
      await expectDialog(page, 'UNSUPPORTED_CARD_TYPE', 'このカードの種類にはまだ対応していません', 'unsupported-card');
      await page.close();
    });

    it('a chip whose protected file is missing', async () => {
      config = baseConfig;
      const profile = readable.find((entry) => entry.id === 'gen2-residence-no-permission')!;
      const fileSystem = sampleFileSystem(profile);
      const df1 = fileSystem.dfs[0]!;
      const files = new Map(df1.files);
      files.delete(0x04);
      await insert(new ResidenceCardEmulator({ ...fileSystem, dfs: [{ ...df1, files }, ...fileSystem.dfs.slice(1)] }));
      const page = await openKiosk();
      await typeAndRead(page, profile.cardNumber);
      await expectDialog(page, 'CHIP_BROKEN', '在留カードのICチップが故障している可能性があります', 'chip-broken');
      expect(await page.textContent('[data-testid="error-dialog"]')).toContain('https://www.moj.go.jp/isa/applications/procedures/nyuukokukanri10_00012.html');
      await page.close();
    });

    it('the card taken away during the read', async () => {
      config = baseConfig;
      const profile = readable.find((entry) => entry.id === 'gen1-residence-work-permitted')!;
      const emulator = createSampleCard(profile.id);
      let commands = 0;
      await insert({
        atr: emulator.atr,
        reset: () => emulator.reset(),
        transmit: (command) => {
          commands += 1;
          if (commands === 7) void reader.vpcd?.removeCard();
          return emulator.transmit(command);
        },
      });
      const page = await openKiosk();
      await typeAndRead(page, profile.cardNumber);
      await expectDialog(page, 'CARD_READ_FAILED', 'カードが読み取れません もう一度かざしてください', 'card-removed');
      await page.close();
    });

    it('no card on the reader', async () => {
      config = baseConfig;
      await removeCard();
      const page = await openKiosk({ expectCard: false });
      await typeAndRead(page, 'AB12345678CD');
      await expectDialog(page, 'CARD_NOT_DETECTED', 'カードが読み取れません', 'no-card');
      await page.close();
    });

    it('the configured reader is not connected', async () => {
      config = { ...baseConfig, reader: { name: 'ACME Reader 00 00', demo: 'never' } };
      const page = await openKiosk({ expectCard: false });
      expect(await page.getAttribute('[data-testid="reader-status"]', 'data-state')).toBe('none');
      await typeAndRead(page, 'AB12345678CD');
      await expectDialog(page, 'READER_NOT_FOUND', 'カードリーダー/ライタを確認してください', 'reader-missing');
      await page.close();
    });

    it('the PC/SC service is stopped: the message names pcscd', async () => {
      config = baseConfig;
      await removeCard();
      await pcscd.stop();
      try {
        const page = await openKiosk({ expectCard: false });
        await typeAndRead(page, 'AB12345678CD');
        await page.waitForSelector('[data-testid="error-dialog"]', { timeout: 30_000 });
        expect(await page.getAttribute('[data-testid="error-dialog"]', 'data-code')).toBe('PCSC_SERVICE_DOWN');
        expect(await page.textContent('[data-testid="error-dialog"]')).toContain('Smart Card サービスを起動してください');
        expect(await page.textContent('[data-testid="error-dialog"]')).toContain('pcscd');
        await screenshot(page, 'error-pcsc-down-ja');
        await setLanguage(page, 'en');
        expect(await page.textContent('[data-testid="error-dialog"]')).toContain('pcscd');
        await screenshot(page, 'error-pcsc-down-en');
        await page.close();
      } finally {
        pcscd = await startPcscd();
      }
    });

    it('an unexpected error in the page returns to top with the manual message', async () => {
      config = baseConfig;
      const page = await openKiosk({ expectCard: false });
      await page.evaluate(() => setTimeout(() => {
        throw new Error('unexpected failure in a component');
      }));
      await expectDialog(page, 'INTERNAL', '異常が発生したためトップ画面に戻ります', 'internal');
      await page.click('[data-testid="error-confirm"]');
      await page.waitForSelector('[data-screen="top"]');
      await page.close();
    });
  });

  it('screens in both languages: top, help pages, revocation view, licences', async () => {
    config = baseConfig;
    await insert(createSampleCard('gen2-residence-individual'));
    const page = await openKiosk();
    for (const language of ['ja', 'en'] as const) {
      await setLanguage(page, language);
      await screenshot(page, `top-pcsc-${language}`);
      await page.click('[data-testid="number-help"]');
      for (const pageId of ['gen1', 'gen2', 'specific']) {
        await page.waitForSelector(`[data-page-id="help.${pageId}"]`);
        await screenshot(page, `help-${pageId}-${language}`);
        if (pageId !== 'specific') await page.click('[data-testid="help-next"]');
      }
      await page.click('[data-testid="help-close"]');
      await page.click('[data-testid="licence-link"]');
      await page.waitForSelector('[data-testid="licence-dialog"]');
      await page.waitForFunction(() => document.querySelector('.licence-text')?.textContent?.includes('preact'));
      await screenshot(page, `licences-${language}`);
      await page.click('[data-testid="licence-dialog"] button');
    }
    await setLanguage(page, 'ja');
    await typeAndRead(page, 'CD12345678EF');
    await page.waitForSelector('[data-screen="result"]', { timeout: 30_000 });
    await page.click('[data-testid="verify-number"]');
    await page.waitForSelector('[data-screen="view"]');
    await screenshot(page, 'revocation-ja');
    await setLanguage(page, 'en');
    await screenshot(page, 'revocation-en');
    await page.close();
  });
});
