import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PcscTransport } from '../../kernel/node/pcsc-transport';
import type { VirtualCard } from '../../kernel/smartcard/virtual-card';
import { SAMPLE_PROFILES, type SampleProfile } from '../../plugins/residence-card/emulator/profiles';
import { createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
import { startPcscd, VIRTUAL_READER, type RunningPcscd } from '../support/pcscd';
import { VirtualReaderSlot } from '../support/virtual-reader-slot';

const run = promisify(execFile);
const CLI = join(process.cwd(), 'dist', 'cli.mjs');
const TEST_TRUST_STORE = join(process.cwd(), 'test', 'fixtures', 'sample-cards', 'trust-store');

interface CliResult {
  readonly exitCode: number;
  readonly json: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a parsed JSON document
}

/** `zairyu read ... --json` as an operator's script runs it. */
async function cliRead(cardNumber: string): Promise<CliResult> {
  const args = [CLI, 'read', '--reader', VIRTUAL_READER, '--card-number', cardNumber, '--test-trust-store', TEST_TRUST_STORE, '--json'];
  try {
    const { stdout } = await run('node', args, { timeout: 30_000 });
    return { exitCode: 0, json: JSON.parse(stdout) };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { exitCode: failed.code ?? -1, json: JSON.parse(failed.stdout ?? '{}') };
  }
}

/** What the official app would show for each sample. */
function expectedChecks(profile: SampleProfile): { tamper: string; issuer: string } {
  if (profile.kind !== 'gen1' && profile.kind !== 'gen2') throw new Error('not readable');
  switch (profile.signature.kind) {
    case 'absent':
      return { tamper: 'notApplicable', issuer: 'notApplicable' };
    case 'altered-after-signing':
      return { tamper: 'ng', issuer: 'ok' };
    case 'issued':
      return profile.signature.issuer === 'trusted' ? { tamper: 'ok', issuer: 'ok' } : { tamper: 'ok', issuer: 'ng' };
  }
}

describe('zairyu read through pcscd + vsmartcard-vpcd', () => {
  let pcscd: RunningPcscd;
  let watcher: PcscTransport;
  let reader: VirtualReaderSlot;

  const insert = (card: VirtualCard) => reader.insert(card);

  beforeAll(async () => {
    pcscd = await startPcscd();
    watcher = new PcscTransport({ reconnectDelayMs: 200 });
    reader = new VirtualReaderSlot(watcher);
  }, 60_000);

  afterAll(async () => {
    await reader?.close();
    await watcher?.close();
    await pcscd?.stop();
  }, 30_000);

  const readable = SAMPLE_PROFILES.filter((profile) => profile.kind === 'gen1' || profile.kind === 'gen2');

  it.each(readable.map((profile) => [profile.id, profile] as const))('reads and verifies %s', async (_id, profile) => {
    if (profile.kind !== 'gen1' && profile.kind !== 'gen2') return;
    await insert(createSampleCard(profile.id));
    const { exitCode, json } = await cliRead(profile.cardNumber);
    expect(exitCode, JSON.stringify(json)).toBe(0);
    expect(json.cardType).toBe(profile.cardType);
    expect(json.generation).toBe(profile.kind === 'gen1' ? 1 : 2);
    expect(json.family).toBe(['1', '05'].includes(profile.cardType) ? 'residenceCard' : 'specialPermanentResident');
    const checks = expectedChecks(profile);
    expect(json.verification.tamper.outcome).toBe(checks.tamper);
    expect(json.verification.issuer.outcome).toBe(checks.issuer);
    if (checks.issuer === 'ok') expect(json.verification.issuer.reasons).toContain('test-trust-store');
    expect(json.transfer.apduCount).toBeGreaterThan(8);

    const fields = json.fields;
    const hasPhoto = profile.holder.portrait !== undefined;
    expect(fields.faceImage === undefined ? 'none' : fields.faceImage.format).toBe(hasPhoto ? 'jp2' : 'none');
    if (hasPhoto) expect(fields.faceImage.bytes.byteLength).toBeLessThanOrEqual(3000);
    if (profile.kind === 'gen1') {
      expect(fields.frontImage.format).toBe('tiff-g4');
      expect(fields.frontImage.bytes.byteLength).toBeGreaterThan(1000);
      expect(fields.addressHistory).toEqual(profile.addressHistory);
      if (profile.cardType === '1') {
        expect(fields.workPermission).toEqual({
          generation: 1,
          comprehensive: profile.workPermission?.comprehensive ?? '',
          individual: profile.workPermission?.individual ?? '',
        });
        expect(fields.renewalApplication).toBe(profile.renewalApplication === '1');
      } else {
        expect(fields.workPermission).toBeUndefined();
      }
    } else {
      expect(fields.cardNumber).toBe(profile.cardNumber);
      expect(fields.printed).toMatchObject({
        cardExpiry: profile.printed.cardExpiry,
        birthDate: profile.printed.birthDate,
        nationalityCode: profile.printed.nationalityCode,
        statusOfResidenceCode: profile.printed.statusOfResidenceCode,
        periodOfStay: profile.printed.periodOfStay,
      });
      expect(fields.printed.sex).toBe({ '1': 'male', '2': 'female', '3': 'unspecified' }[profile.printed.sex]);
      // CA-CD exist on residence cards only.
      expect(fields.printed.workRestriction).toBe(profile.printed.residence?.workRestriction);
      expect(fields.printed.permissionType).toBe(profile.printed.residence?.permissionType);
      expect(fields.printed.permissionDate).toBe(profile.printed.residence?.permissionDate);
      expect(fields.printed.periodOfStayExpiry).toBe(profile.printed.residence?.periodOfStayExpiry);
      expect(fields.renewalApplication).toBe(profile.cardType === '05' ? profile.renewalApplication === '1' : undefined);
      expect(fields.other).toEqual(profile.other);
      expect(fields.nameImage.format).toBe('tiff-g4');
      expect(fields.addressImage.format).toBe('tiff-g4');
      expect(fields.workPermission).toEqual(profile.workPermission ? { generation: 2, ...profile.workPermission } : undefined);
    }
  });

  it('a wrong card number answers WRONG_CARD_NUMBER, and the card stays usable', async () => {
    const profile = readable.find((entry) => entry.id === 'gen2-residence-comprehensive-28h')!;
    await insert(createSampleCard(profile.id));
    const wrong = await cliRead('ZZ00000000ZZ');
    expect(wrong.exitCode).toBe(1);
    expect(wrong.json.error.code).toBe('WRONG_CARD_NUMBER');
    expect(wrong.json.error.message.ja).toBe('在留カード等番号が間違っています');
    const right = await cliRead(profile.cardNumber!);
    expect(right.exitCode).toBe(0);
    expect(right.json.verification.tamper.outcome).toBe('ok');
  });

  it('--audit-log appends a verifiable record per read, with no personal data', async () => {
    const profile = readable.find((entry) => entry.id === 'gen1-residence-work-permitted')!;
    await insert(createSampleCard(profile.id));
    const folder = await mkdtemp(join(tmpdir(), 'zairyu-audit-'));
    const log = join(folder, 'audit.log');
    await run('node', [CLI, 'read', '--reader', VIRTUAL_READER, '--card-number', profile.cardNumber!, '--test-trust-store', TEST_TRUST_STORE, '--audit-log', log, '--json']);
    await run('node', [CLI, 'read', '--reader', VIRTUAL_READER, '--card-number', 'AB12345678CE', '--test-trust-store', TEST_TRUST_STORE, '--audit-log', log, '--json']).catch(() => undefined);
    const text = await readFile(log, 'utf8');
    expect(text.trim().split('\n').map((line) => JSON.parse(line).event)).toEqual(['card.read', 'card.error']);
    for (const personal of [profile.cardNumber!.slice(0, 10), 'SAMPLE', '見本']) expect(text).not.toContain(personal);
    const { stdout } = await run('node', [CLI, 'audit', 'verify', log]);
    expect(stdout).toContain('2 records, chain intact');
  });

  it('a malformed number is refused before the card is touched', async () => {
    const result = await cliRead('AB12');
    expect(result.json.error.code).toBe('WRONG_CARD_NUMBER');
  });

  it('a card that is not a residence card, and a 07 card, get their own messages', async () => {
    await insert(createSampleCard('not-residence-card'));
    const other = await cliRead('AB12345678CD');
    expect(other.json.error.code).toBe('NOT_RESIDENCE_CARD');
    expect(other.json.error.message.ja).toContain('在留カード以外のカードをかざしている可能性があります');
    await insert(createSampleCard('specific-07'));
    const specific = await cliRead('EF12345678GH');
    expect(specific.json.error.code).toBe('UNSUPPORTED_CARD_TYPE');
  });

  it('the card taken away in the middle of a read answers CARD_READ_FAILED', async () => {
    const profile = readable.find((entry) => entry.id === 'gen1-residence-work-permitted')!;
    const card = createSampleCard(profile.id);
    let commands = 0;
    const removedAfterAuthentication: VirtualCard = {
      atr: card.atr,
      reset: () => card.reset(),
      transmit: (command) => {
        commands += 1;
        // SELECT MF, READ C1, GET CHALLENGE, MUTUAL AUTHENTICATE, VERIFY, SELECT DF1, then the first SM read.
        if (commands === 7) void reader.vpcd?.removeCard();
        return card.transmit(command);
      },
    };
    await insert(removedAfterAuthentication);
    const result = await cliRead(profile.cardNumber!);
    expect(result.exitCode).toBe(1);
    expect(result.json.error.code, JSON.stringify(result.json)).toBe('CARD_READ_FAILED');
  });

  it('no PC/SC service answers PCSC_SERVICE_DOWN; a running transport reconnects when the service is back', async () => {
    await reader.remove();
    await pcscd.stop();
    try {
      const result = await cliRead('AB12345678CD');
      expect(result.json.error.code).toBe('PCSC_SERVICE_DOWN');
      expect(result.json.error.message.ja).toBe('Smart Card サービスを起動してください');
      await expect(watcher.listReaders()).rejects.toMatchObject({ code: 'PCSC_SERVICE_DOWN' });
    } finally {
      pcscd = await startPcscd();
    }
    // The same transport instance (as a kiosk that keeps running) finds the reader and a card again.
    await insert(createSampleCard('gen2-special-permanent'));
    const again = await cliRead('SP23456789CD');
    expect(again.json.cardType).toBe('06');
  });
});
