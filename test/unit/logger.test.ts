import { describe, expect, it } from 'vitest';
import { LoggerService, type LogRecord } from '../../kernel/logging/logger-service';

describe('logger', () => {
  it('masks anything shaped like a card number or a long byte string, in messages and fields', () => {
    const printed: LogRecord[] = [];
    const logger = new LoggerService({ level: 'debug', capacity: 10, sinks: [(record) => printed.push(record)] });
    logger.child('session').warn('read failed for AB12345678CD', { input: 'ab 12345678 cd', apdu: '0123456789abcdef0123456789abcdef01' });
    const text = JSON.stringify(printed) + JSON.stringify(logger.recent());
    expect(text).not.toMatch(/12345678/);
    expect(text).not.toMatch(/0123456789abcdef/);
    expect(printed[0]).toMatchObject({ scope: 'kernel/session', message: 'read failed for [card-number]', fields: { input: '[card-number]', apdu: '[bytes]' } });
  });

  it('keeps a bounded number of records and survives a failing sink', () => {
    const logger = new LoggerService({ level: 'info', capacity: 3, sinks: [() => { throw new Error('disk full'); }] });
    for (let index = 0; index < 10; index += 1) logger.info(`event ${index}`);
    logger.debug('not kept');
    expect(logger.recent().map((record) => record.message)).toEqual(['event 7', 'event 8', 'event 9']);
  });
});
