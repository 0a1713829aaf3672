import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, verifyAuditLog } from '../../kernel/audit/audit-log';
import { openAuditFile } from '../../kernel/node/audit-file';
import { createCardSessionService } from '../../kernel/session/card-session-service';
import { VirtualTransport } from '../../kernel/smartcard/virtual-transport';
import { createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
import { kernelWithBuiltinPlugins, sampleTrustAnchors } from '../support/builtin-kernel';

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

  it('continues the chain of an existing file and refuses to continue a broken one', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'zairyu-audit-'));
    const path = join(folder, 'audit.log');
    await (await openAuditFile(path)).record({ event: 'app.start' });
    await (await openAuditFile(path)).record({ event: 'app.start' });
    const text = await readFile(path, 'utf8');
    expect(verifyAuditLog(text)).toMatchObject({ ok: true, records: 2 });
    await writeFile(path, text.replace('"seq":1', '"seq":7'));
    await expect(openAuditFile(path)).rejects.toThrow(/broken at line 1/);
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
});
