import { describe, expect, it } from 'vitest';
import { KioskErrorCode, type CardChannel } from '../../../kernel/api';
import { presentError } from '../../../kernel/errors/error-presentation';
import { kernelWithBuiltinPlugins } from '../../../test/support/builtin-kernel';
import { ResidenceCardCommands } from './card-commands';
import { gen2CipherSuite } from './cipher-suite';
import { DF1 } from './file-map';

/** A channel whose card answers every command with one status word. */
const answering = (sw: number): CardChannel => ({ atr: new Uint8Array(), transmit: async () => Uint8Array.of(sw >> 8, sw & 0xff) });

describe('residence card commands: status words the screen depends on', () => {
  it('a residence card without one of its DFs is a broken chip, with the reissue page — not "not a residence card"', async () => {
    const commands = new ResidenceCardCommands(answering(0x6a82), gen2CipherSuite);
    const error = await commands.selectDf(DF1, 'DF1').then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: KioskErrorCode.chipBroken });
    const kernel = await kernelWithBuiltinPlugins();
    const presentation = presentError(error, kernel.contributions, '05');
    expect(presentation.code).toBe('CHIP_BROKEN');
    expect(presentation.messageKey).toBe('kiosk:errors.CHIP_BROKEN.message');
    expect(presentation.helpUrl).toBe('https://www.moj.go.jp/isa/applications/procedures/nyuukokukanri10_00012.html');
  });

  it('a refused read keeps its status word for the plugins’ mappings (69 82 → the manual’s read error, retry)', async () => {
    const commands = new ResidenceCardCommands(answering(0x6982), gen2CipherSuite);
    const error = await commands.readPlain(0x81, 'DF2/EF01').then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: KioskErrorCode.cardReadFailed, statusWord: 0x6982 });
    const kernel = await kernelWithBuiltinPlugins();
    expect(presentError(error, kernel.contributions, '05')).toMatchObject({ messageKey: 'kiosk:errors.CARD_READ_FAILED.message', action: 'retry' });
  });

  it('a reader that cannot pass extended-length commands is named as the problem: 「カードリーダー/ライタを確認してください」', async () => {
    const commands = new ResidenceCardCommands(answering(0x6700), gen2CipherSuite);
    const error = await commands.readPlain(0x82, 'DF3/EF01').then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: KioskErrorCode.readerNotFound });
    expect((error as Error).message).toMatch(/extended-length APDUs/);
    const kernel = await kernelWithBuiltinPlugins();
    expect(presentError(error, kernel.contributions, '05')).toMatchObject({ messageKey: 'kiosk:errors.READER_NOT_FOUND.message' });
  });
});
