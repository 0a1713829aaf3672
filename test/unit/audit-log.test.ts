import { appendFile, copyFile, mkdir, mkdtemp, readFile, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { AuditLog, loggingAuditRecorder, scanAuditLog, verifyAuditLog } from '../../kernel/audit/audit-log';
import { auditEventProblem, GENESIS_HASH, type AuditRecord } from '../../kernel/audit/audit-record';
import { auditPluginName, pluginAuditCheck } from '../../kernel/audit/plugin-audit';
import { openAuditFile } from '../../kernel/node/audit-file';
import { createCardSessionService } from '../../kernel/session/card-session-service';
import { VirtualTransport } from '../../kernel/smartcard/virtual-transport';
import { createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
import { kernelWithBuiltinPlugins, sampleTrustAnchors } from '../support/builtin-kernel';

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'zairyu-audit-'));
}

async function fileLines(path: string): Promise<AuditRecord[]> {
  return (await readFile(path, 'utf8'))
    .split('\n')
    .filter((line) => line.startsWith('{"seq"') && line.endsWith('}'))
    .map((line) => JSON.parse(line) as AuditRecord);
}

function recordingLogger() {
  const entries: { level: string; message: string; fields: Record<string, unknown> | undefined }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void entries.push({ level, message, fields });
  return { entries, logger: { info: at('info'), warn: at('warn'), error: at('error') } };
}

function memorySink() {
  const lines: string[] = [];
  return { lines, sink: { append: async (line: string) => void lines.push(line) } };
}

describe('audit log', () => {
  it('chains records by hash; the verifier finds a changed, removed or reordered record', async () => {
    const { lines, sink } = memorySink();
    const log = new AuditLog(sink);
    await log.record({ event: 'app.start' });
    await log.record({ event: 'card.read', cardType: '05', tamper: 'ok', issuer: 'ok' });
    await log.record({ event: 'card.error', cardType: '1', errorCode: 'WRONG_CARD_NUMBER' });
    expect(verifyAuditLog(lines.join('\n'))).toMatchObject({ ok: true, records: 3 });

    const changed = [...lines];
    changed[1] = changed[1]!.replace('"tamper":"ok"', '"tamper":"ng"');
    expect(verifyAuditLog(changed.join('\n'))).toMatchObject({ ok: false, line: 2, reason: expect.stringContaining('changed') });
    expect(verifyAuditLog([lines[0], lines[2]].join('\n'))).toMatchObject({ ok: false, line: 2, reason: expect.stringContaining('missing') });
    expect(verifyAuditLog([lines[1], lines[0], lines[2]].join('\n'))).toMatchObject({ ok: false, line: 1 });
    expect(verifyAuditLog(lines.slice(0, 2).join('\n'))).toMatchObject({ ok: true, records: 2 });
  });

  it('refuses card data and unknown fields', async () => {
    const log = new AuditLog(memorySink().sink);
    expect(() => log.record({ event: 'card.error', errorCode: 'AB12345678CD' })).toThrow(/not allowed/);
    expect(() => log.record({ event: 'card.read', name: 'SAMPLE TARO' } as never)).toThrow(/unknown field/);
  });

  it('continues the chain of an existing file; opening a broken one starts a new segment instead of failing', async () => {
    const path = join(await folder(), 'audit.log');
    await (await openAuditFile(path)).record({ event: 'app.start' });
    await (await openAuditFile(path)).record({ event: 'app.start' });
    const text = await readFile(path, 'utf8');
    expect(verifyAuditLog(text)).toMatchObject({ ok: true, records: 2 });
    await writeFile(path, text.replace('"seq":1', '"seq":7'));
    const log = await openAuditFile(path);
    await log.record({ event: 'app.start' });
    const lines = await fileLines(path);
    expect(lines[2]).toMatchObject({ seq: 1, event: 'audit.resumed', reason: 'brokenChain', discardedBytes: Buffer.byteLength(text), prev: GENESIS_HASH });
    expect(lines[3]).toMatchObject({ seq: 2, event: 'app.start' });
    expect(verifyAuditLog(await readFile(path))).toMatchObject({ ok: false, line: 1, records: 2, reason: expect.stringMatching(/^sequence 7 after 0.*resumed at line 3 \(audit\.resumed, brokenChain\)/) });
  });
  it('a session records one event per read, and nothing personal reaches the log', async () => {
    const { lines, sink } = memorySink();
    const kernel = await kernelWithBuiltinPlugins({}, sampleTrustAnchors);
    const transport = new VirtualTransport();
    transport.insert(createSampleCard('gen1-residence-work-permitted'));
    const session = createCardSessionService(kernel, transport, 'auto', new AuditLog(sink));
    await session.read({ cardNumber: 'AB12345678CD' });
    await expect(session.read({ cardNumber: 'AB12345678CE' })).rejects.toMatchObject({ code: 'WRONG_CARD_NUMBER' });
    const text = lines.join('\n');
    expect(lines.map((line) => JSON.parse(line).event)).toEqual(['card.read', 'card.error']);
    expect(JSON.parse(lines[0]!)).toMatchObject({ cardType: '1', tamper: 'ok', issuer: 'ok' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ cardType: '1', errorCode: 'WRONG_CARD_NUMBER' });
    for (const personal of ['AB12345678C', 'SAMPLE', '見本', '東京都']) expect(text).not.toContain(personal);
    const logged = JSON.stringify(kernel.logger.recent());
    for (const personal of ['AB12345678C', 'SAMPLE', '見本', '東京都']) expect(logged).not.toContain(personal);
  });

  it('takes only event fields with plain values from callers, and never repeats refused content', () => {
    expect(auditEventProblem({ event: 'session.wiped', reason: 'idle' })).toBeUndefined();
    expect(auditEventProblem({ event: 'plugin.disabled', plugin: 'my-card', reason: 'failed' })).toBeUndefined();
    expect(auditEventProblem({ event: 'audit.resumed', reason: 'tornLine', discardedBytes: 12 })).toMatch(/written by the log itself/);
    expect(auditEventProblem({ event: 'audit.resumed', reason: 'tornLine', discardedBytes: 12 }, { internal: true })).toBeUndefined();
    // What the log adds itself cannot be smuggled in (it would overwrite the sequence or the chain).
    for (const field of ['seq', 'time', 'prev', 'hash']) expect(auditEventProblem({ event: 'app.start', [field]: '1' })).toBe('unknown field');
    expect(auditEventProblem({ event: 'card.read', AB12345678CD: 'x' })).toBe('unknown field');
    expect(auditEventProblem({ event: 'card.read', cardType: 'AB12345678CD' })).toBe('value of cardType is not allowed');
    expect(auditEventProblem({ event: 'card.read', cardType: 5 })).toBe('value of cardType is not allowed');
    expect(auditEventProblem({ event: 'audit.resumed', discardedBytes: -1 }, { internal: true })).toBe('value of discardedBytes is not allowed');
    expect(auditEventProblem({ event: 'card.peek' })).toBe('unknown event');
    expect(auditEventProblem({})).toBe('unknown event');
    for (const value of [null, 'app.start', [], 7]) expect(auditEventProblem(value)).toBe('not an object');
    expect(() => new AuditLog(memorySink().sink).record({ event: 'audit.resumed' })).toThrow(/written by the log itself/);
  });

  it('verify refuses a record with a field audit records do not have (the hash would not cover it)', async () => {
    const { lines, sink } = memorySink();
    await new AuditLog(sink).record({ event: 'app.start' });
    const added = lines[0]!.replace('"event"', '"name":"SAMPLE TARO","event"');
    expect(verifyAuditLog(added)).toMatchObject({ ok: false, line: 1, reason: expect.stringContaining('a field that audit records do not have') });
  });

  it('a torn last line (power cut) is closed and recorded with audit.resumed; the chain goes on and verify reports the break', async () => {
    const dir = await folder();
    const path = join(dir, 'audit.jsonl');
    const log = await openAuditFile(path);
    await log.record({ event: 'app.start' });
    await log.record({ event: 'card.read', cardType: '1', tamper: 'ok', issuer: 'ok' });
    const good = await readFile(path, 'utf8');
    const torn = '{"seq":3,"time":"2026-';
    await appendFile(path, torn);

    // The kiosk starts again after the power cut (a file this process has not opened yet: as a new process finds it).
    const restarted = join(dir, 'restarted.jsonl');
    await copyFile(path, restarted);
    const { entries, logger } = recordingLogger();
    const reopened = await openAuditFile(restarted, { logger });
    expect(entries).toEqual([
      { level: 'warn', message: expect.stringContaining('damaged'), fields: expect.objectContaining({ line: 3, problem: 'not JSON', reason: 'tornLine', discardedBytes: torn.length + 1 }) },
    ]);
    await reopened.record({ event: 'app.start' });
    const bytes = await readFile(restarted);
    expect(bytes.toString('utf8').startsWith(`${good}${torn}\n{"seq":3,`)).toBe(true);
    const records = await fileLines(restarted);
    expect(records.map((record) => record.event)).toEqual(['app.start', 'card.read', 'audit.resumed', 'app.start']);
    expect(records[2]).toMatchObject({ seq: 3, prev: records[1]!.hash, reason: 'tornLine', discardedBytes: torn.length + 1 });
    expect(records[3]).toMatchObject({ seq: 4, prev: records[2]!.hash });

    const verification = verifyAuditLog(bytes);
    expect(verification).toMatchObject({
      ok: false,
      line: 3,
      records: 4,
      breaks: [{ line: 3, problem: 'not JSON', discardedBytes: torn.length + 1, resumedAtLine: 4, resumeReason: 'tornLine' }],
    });
    expect(!verification.ok && verification.reason).toBe(
      `not JSON; ${torn.length + 1} bytes outside the chain, the log resumed at line 4 (audit.resumed, tornLine); 4 records verify in 2 chain segments`,
    );

    // The next start continues the new segment: the break stays one break.
    const later = join(dir, 'later.jsonl');
    await copyFile(restarted, later);
    await (await openAuditFile(later)).record({ event: 'app.start' });
    expect(verifyAuditLog(await readFile(later))).toMatchObject({ ok: false, records: 5, breaks: [expect.objectContaining({ line: 3, resumedAtLine: 4 })] });
    expect(scanAuditLog(await readFile(later))).toMatchObject({ open: undefined, records: 5 });
    // A second power cut: a second break, each reported.
    await appendFile(later, '{"seq":6,');
    await (await openAuditFile(later)).record({ event: 'app.start' });
    const twice = verifyAuditLog(await readFile(later));
    expect(twice).toMatchObject({ ok: false, line: 3, records: 7, breaks: [{ line: 3, resumedAtLine: 4 }, { line: 7, resumedAtLine: 8, discardedBytes: 10 }] });
    expect(!twice.ok && twice.reason).toMatch(/^not JSON; 23 bytes .*line 4 .*; then line 7: not JSON; 10 bytes outside the chain, the log resumed at line 8 \(audit\.resumed, tornLine\); 7 records verify in 3 chain segments$/);

    // Without the resumption the same damage is an unresolved break.
    expect(verifyAuditLog(`${good}${torn}`)).toMatchObject({
      ok: false,
      line: 3,
      records: 2,
      reason: `not JSON, a torn last line; ${torn.length} bytes from there to the end are outside the chain, no audit.resumed record accounts for them`,
    });
  });

  it('a log already open sees a torn line, a truncated file and a changed record before its next append', async () => {
    const path = join(await folder(), 'audit.jsonl');
    const { entries, logger } = recordingLogger();
    const log = await openAuditFile(path, { logger });
    await log.record({ event: 'app.start' });
    await appendFile(path, '{"seq":2,"ti');
    await log.record({ event: 'session.wiped', reason: 'idle' });
    expect((await fileLines(path)).map((record) => [record.seq, record.event, record.reason])).toEqual([
      [1, 'app.start', undefined],
      [2, 'audit.resumed', 'tornLine'],
      [3, 'session.wiped', 'idle'],
    ]);

    // Deleted (or cut short) under the running kiosk: the new file says so in its first record.
    await truncate(path, 0);
    await log.record({ event: 'app.start' });
    expect(await fileLines(path)).toMatchObject([
      { seq: 1, event: 'audit.resumed', reason: 'truncated', discardedBytes: 0, prev: GENESIS_HASH },
      { seq: 2, event: 'app.start' },
    ]);
    expect(verifyAuditLog(await readFile(path))).toMatchObject({ ok: false, line: 1, records: 2, reason: expect.stringContaining('shorter than it had written it') });
    expect(entries.map((entry) => entry.message)).toEqual([expect.stringContaining('damaged'), expect.stringContaining('shorter')]);
  });

  it('a record without its line end is kept; the next record starts on a new line', async () => {
    const { lines, sink } = memorySink();
    const memory = new AuditLog(sink);
    await memory.record({ event: 'app.start' });
    const path = join(await folder(), 'audit.jsonl');
    await writeFile(path, lines[0]!);
    await (await openAuditFile(path)).record({ event: 'app.start' });
    expect(verifyAuditLog(await readFile(path))).toMatchObject({ ok: true, records: 2 });
  });

  it('a write that fails is reported to the caller; bytes it left are recorded as writeFailed at the next record', async () => {
    const fileErrors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    onTestFinished(() => fileErrors.mockRestore());
    const dir = await folder();
    const path = join(dir, 'audit.jsonl');
    const log = await openAuditFile(path);
    await log.record({ event: 'app.start' });
    const good = await readFile(path, 'utf8');
    // The file cannot be written (here: a link to a folder that is gone) ...
    await rm(path);
    await symlink(join(dir, 'gone', 'audit.jsonl'), path);
    await expect(log.record({ event: 'card.error', errorCode: 'CARD_READ_FAILED' })).rejects.toThrow(/ENOENT/);
    const { entries, logger } = recordingLogger();
    await loggingAuditRecorder(log, logger).record({ event: 'card.error', errorCode: 'CARD_READ_FAILED' });
    expect(entries).toEqual([{ level: 'error', message: 'audit log write failed', fields: { event: 'card.error', reason: expect.stringMatching(/ENOENT/) } }]);
    // The log says which file (to the console here: no logger was given to it).
    expect(fileErrors.mock.calls.map(([line]) => String(line))).toEqual([
      expect.stringMatching(/ERROR \[audit\] audit log file cannot be written .*"path":".*audit\.jsonl".*ENOENT/),
      expect.stringMatching(/ERROR \[audit\] audit log file cannot be written/),
    ]);
    // ... and a write left half a line behind.
    await rm(path);
    await writeFile(path, `${good}{"seq":2,"time"`);
    await log.record({ event: 'app.start' });
    expect((await fileLines(path)).map((record) => [record.seq, record.event, record.reason])).toEqual([
      [1, 'app.start', undefined],
      [2, 'audit.resumed', 'writeFailed'],
      [3, 'app.start', undefined],
    ]);
    expect(verifyAuditLog(await readFile(path))).toMatchObject({ ok: false, records: 3, breaks: [expect.objectContaining({ line: 2, resumeReason: 'writeFailed' })] });
  });

  it('a file that cannot be read does not fail the open; each record fails (and the caller logs it) until it can', async () => {
    const dir = await folder();
    const path = join(dir, 'unreadable');
    await mkdir(path);
    const { entries, logger } = recordingLogger();
    const log = await openAuditFile(path, { logger });
    expect(entries).toEqual([{ level: 'error', message: 'audit log cannot be read', fields: { path, reason: expect.stringMatching(/EISDIR/) } }]);
    await expect(log.record({ event: 'app.start' })).rejects.toThrow(/EISDIR/);
    expect(entries).toHaveLength(2);
    // The folder of a new file is made.
    const nested = join(dir, 'audit', 'deeper', 'zairyu-audit.jsonl');
    await (await openAuditFile(nested)).record({ event: 'app.start' });
    expect(verifyAuditLog(await readFile(nested))).toMatchObject({ ok: true, records: 1 });
    expect((await stat(nested)).mode & 0o777).toBe(0o600);
  });

  it('serialises concurrent appends within one process: one log per file, one linear chain', async () => {
    const path = join(await folder(), 'audit.jsonl');
    const [first, second] = await Promise.all([openAuditFile(path), openAuditFile(path)]);
    expect(first).toBe(second);
    await Promise.all(
      Array.from({ length: 40 }, (_, index) => (index % 2 ? first! : second!).record({ event: 'card.read', cardType: String(index % 10), tamper: 'ok', issuer: 'ok' })),
    );
    const third = await openAuditFile(path);
    await Promise.all([third.record({ event: 'app.start' }), first!.record({ event: 'app.start' })]);
    expect(verifyAuditLog(await readFile(path))).toMatchObject({ ok: true, records: 42 });
  });

  it('records each plugin taken out of service once, by its plain name', async () => {
    const { lines, sink } = memorySink();
    const summaries = [
      { name: 'residence-card', state: 'active' },
      { name: 'broken', state: 'disabled' },
      { name: 'residence-card@/home/someone/plugins/copy', state: 'disabled' },
    ];
    const check = pluginAuditCheck({ summaries: () => summaries as never }, new AuditLog(sink));
    check();
    check();
    summaries[0]!.state = 'failed';
    check();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lines.map((line) => JSON.parse(line) as AuditRecord)).toMatchObject([
      { event: 'plugin.disabled', plugin: 'broken', reason: 'disabled' },
      { event: 'plugin.disabled', plugin: 'residence-card', reason: 'disabled' },
      { event: 'plugin.disabled', plugin: 'residence-card', reason: 'failed' },
    ]);
    expect(auditPluginName('ü/ber')).toBe('__ber');
    expect(auditPluginName('')).toBe('_');
  });
});
