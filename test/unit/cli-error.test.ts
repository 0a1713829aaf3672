import { describe, expect, it } from 'vitest';
import { KioskError, KioskErrorCode } from '../../kernel/errors/kiosk-error';
import { describeCliError } from '../../shell/cli/node-kernel';
import { kernelWithBuiltinPlugins } from '../support/builtin-kernel';

describe("the CLI's error document", () => {
  it("uses the manual's codes: malformed card data is the manual's 'card could not be read', with the finer reason kept", async () => {
    const kernel = await kernelWithBuiltinPlugins();
    const document = describeCliError(new KioskError(KioskErrorCode.malformedCardData, 'SM padding'), kernel);
    expect(document.error).toMatchObject({
      code: 'CARD_READ_FAILED',
      reason: 'MALFORMED_CARD_DATA',
      detail: 'SM padding',
      message: { ja: expect.stringContaining('カードが読み取れません もう一度かざしてください'), en: expect.any(String) },
    });
  });

  it('keeps the manual codes as they are, naming pcscd in the Smart Card service message', async () => {
    const kernel = await kernelWithBuiltinPlugins();
    expect(describeCliError(new KioskError(KioskErrorCode.wrongCardNumber, 'x'), kernel).error).toMatchObject({ code: 'WRONG_CARD_NUMBER', message: { ja: '在留カード等番号が間違っています' } });
    const service = describeCliError(new KioskError(KioskErrorCode.pcscServiceDown, 'no service'), kernel).error;
    expect(service.code).toBe('PCSC_SERVICE_DOWN');
    expect(service).not.toHaveProperty('reason');
    expect(describeCliError(new Error('boom'), kernel).error.code).toBe('INTERNAL');
  });
});
