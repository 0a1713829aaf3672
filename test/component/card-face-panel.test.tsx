import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CardReadResult, Logger, PluginI18n } from '../../kernel/api';
import { useOpenJpegWasmFromNodeModules } from '../../kernel/imaging/jpeg2000/openjpeg-node.test-support';
import { StaticReaderMonitor } from '../../kernel/reader/reader-monitor';
import type { CardImage, Gen1Details, Gen2Details } from '../../plugins/residence-card/model';
import { createCardFacePanel } from '../../plugins/residence-card/panels/card-face-panel';
import { KioskApp } from '../../shell/app/kiosk-app';
import { kernelWithBuiltinPlugins, SAMPLE_CODE_TABLES } from '../support/builtin-kernel';

const IMAGES = join(process.cwd(), 'test', 'fixtures', 'sample-cards', 'images');
const image = async (name: string, format: CardImage['format']): Promise<CardImage> => ({ format, bytes: new Uint8Array(await readFile(join(IMAGES, name))) });
const truncated = (cardImage: CardImage): CardImage => ({ format: cardImage.format, bytes: cardImage.bytes.slice(0, 300) });

const warnings: unknown[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message, fields) => warnings.push({ message, fields }),
  error: () => undefined,
  child: () => logger,
};

/** The panel as the residence-card plugin registers it, with the tests' operator code tables laid over its own. */
async function cardFacePanel(language: 'ja' | 'en') {
  const kernel = await kernelWithBuiltinPlugins({ language, codeTableFolder: SAMPLE_CODE_TABLES });
  const i18n: PluginI18n = { t: kernel.i18n.forNamespace('residence-card'), language };
  return createCardFacePanel(i18n, kernel.codeTables, logger);
}

function result(cardType: string, details: unknown): CardReadResult {
  const ok = { outcome: 'ok', reasons: [] } as const;
  return { cardType, pluginName: 'residence-card', cardNumber: 'CD23456789EF', cardExpiry: undefined, tamperCheck: ok, issuerCheck: ok, details };
}

async function gen1Details(overrides: Partial<Gen1Details> = {}): Promise<Gen1Details> {
  return {
    generation: 1,
    frontImage: await image('gen1-front-a95dcb99.tif', 'tiff-g4'),
    faceImage: await image('face-0d97f27f.jp2', 'jp2'),
    addressHistory: [{ date: '20241101', municipalityCode: '131016', address: '東京都見本区見本町二丁目3番4号' }],
    signature: undefined,
    ...overrides,
  };
}

async function gen2Details(overrides: Partial<Gen2Details> = {}): Promise<Gen2Details> {
  return {
    generation: 2,
    cardNumber: 'CD23456789EF',
    printed: {
      cardExpiry: '20310331',
      birthDate: '19950404',
      sex: 'female',
      nationalityCode: 'VNM',
      statusOfResidenceCode: '18',
      periodOfStay: '0300',
      permissionType: '02',
      permissionDate: '20260401',
      workRestriction: '9',
      periodOfStayExpiry: '20290331',
      signedBytes: new Uint8Array(),
    },
    nameImage: await image('gen2-name-69ff42ba.tif', 'tiff-g4'),
    faceImage: await image('face-e5a70f56.jp2', 'jp2'),
    addressImage: await image('gen2-address-149fac70.tif', 'tiff-g4'),
    other: undefined,
    signature: undefined,
    ...overrides,
  };
}

/** The card-face images by kind, once none of them is decoding any more. */
async function settledImages(root: HTMLElement): Promise<Record<string, string>> {
  return waitFor(() => {
    const states = Object.fromEntries([...root.querySelectorAll<HTMLElement>('[data-image-kind]')].map((element) => [element.dataset.imageKind, element.dataset.state]));
    expect(Object.values(states)).not.toContain('decoding');
    return states as Record<string, string>;
  });
}

beforeAll(useOpenJpegWasmFromNodeModules);
afterEach(() => {
  cleanup();
  warnings.length = 0;
});

describe('card face panel: 1st generation', () => {
  it('draws the front image with the photo in its frame', async () => {
    const Panel = await cardFacePanel('ja');
    render(<Panel result={result('1', await gen1Details())} />);
    const face = screen.getByTestId('card-face');
    expect(await settledImages(face)).toEqual({ front: 'ready', photo: 'ready' });
    const front = face.querySelector('canvas[data-image-kind="front"]')!;
    expect([front.getAttribute('width'), front.getAttribute('height')]).toEqual(['640', '404']);
    const photoBox = face.querySelector<HTMLElement>('.card-face-photo')!;
    expect(photoBox.style.left).toBe('73.750%');
    expect(photoBox.style.width).toBe('21.406%');
    expect(screen.getByRole('heading').textContent).toBe('在留カード');
    expect(screen.getByRole('img', { name: '顔写真' })).toBeTruthy();
  });

  it('shows a placeholder and the message for a corrupt front image, and keeps the photo', async () => {
    const Panel = await cardFacePanel('ja');
    const details = await gen1Details();
    render(<Panel result={result('1', { ...details, frontImage: truncated(details.frontImage) })} />);
    const face = screen.getByTestId('card-face');
    expect(await settledImages(face)).toEqual({ front: 'failed', photo: 'ready' });
    expect(within(face).getByText('画像を表示できません')).toBeTruthy();
    expect(screen.getByRole('img', { name: '券面画像: 画像を表示できません' })).toBeTruthy();
    expect(warnings).toEqual([{ message: 'card image cannot be shown', fields: { image: 'front', code: 'MALFORMED_CARD_DATA' } }]);
  });

  it('shows no photo frame content for a card without a face image (under 16)', async () => {
    const Panel = await cardFacePanel('ja');
    render(<Panel result={result('1', await gen1Details({ faceImage: undefined }))} />);
    expect(await settledImages(screen.getByTestId('card-face'))).toEqual({ front: 'ready' });
  });
});

describe('card face panel: 2nd generation, composed from the chip', () => {
  it('labels the printed entries in Japanese, with the name, address and photo images', async () => {
    const Panel = await cardFacePanel('ja');
    render(<Panel result={result('05', await gen2Details())} />);
    const face = screen.getByTestId('card-face');
    expect(await settledImages(face)).toEqual({ name: 'ready', address: 'ready', photo: 'ready' });
    const entries = Object.fromEntries([...face.querySelectorAll('dt')].map((term) => [term.textContent, term.nextElementSibling?.textContent]));
    expect(entries).toMatchObject({
      生年月日: '1995年04月04日',
      性別: '女',
      '国籍・地域': 'ベトナム',
      // Not in any table (the real ISA codes are not public here): shown as the code, saying so.
      在留資格: 'コード 18（コード表にありません）',
      就労制限の有無: '就労不可',
      '在留期間（満了日）': '3年（2029年03月31日）',
      // From the operator's table (test/fixtures/sample-cards/code-tables/permissionType.json).
      許可の種類: '在留期間更新許可（見本）（2026年04月01日）',
    });
    expect(Object.keys(entries)).toEqual(['氏名', '生年月日', '性別', '国籍・地域', '住居地', '在留資格', '就労制限の有無', '在留期間（満了日）', '許可の種類']);
    expect(face.querySelector('[data-entry="cardExpiry"]')!.textContent).toBe('このカードは2031年03月31日まで有効です');
    expect(face.querySelector('[data-entry="cardNumber"]')!.textContent).toBe('CD23456789EF');
  });

  it('is labelled in English, and shows a code the nationality table lacks as the code', async () => {
    const Panel = await cardFacePanel('en');
    const details = await gen2Details();
    render(<Panel result={result('06', { ...details, printed: { ...details.printed, nationalityCode: 'QQQ', permissionType: undefined, permissionDate: undefined, workRestriction: undefined, periodOfStayExpiry: undefined } })} />);
    const face = screen.getByTestId('card-face');
    await settledImages(face);
    expect([...face.querySelectorAll('dt')].map((term) => term.textContent)).toEqual(['Name', 'Date of birth', 'Sex', 'Nationality / region', 'Address']);
    expect(face.querySelector('[data-entry="nationality"]')!.textContent).toBe('code QQQ (not in the code table)');
    expect(face.querySelector('[data-entry="cardExpiry"]')!.textContent).toBe('This certificate is valid until 2031-03-31');
    expect(screen.getByRole('heading').textContent).toBe('Special permanent resident certificate');
  });

  it.each([
    ['en', '0106', '20290331', '1 year 6 months (2029-03-31)'],
    ['en', '0500', '20300331', '5 years (2030-03-31)'],
    ['en', '0001', '20260430', '1 month (2026-04-30)'],
    ['en', '090', '20260630', '90 days (2026-06-30)'],
    ['en', '0000', undefined, 'Indefinite'],
    ['ja', '0403', '20290131', '4年3月（2029年01月31日）'],
    ['ja', '0000', undefined, '無期限'],
  ] as const)('%s: period of stay %s (CE) with its end %s (CD) reads %s', async (language, periodOfStay, periodOfStayExpiry, expected) => {
    const Panel = await cardFacePanel(language);
    const details = await gen2Details();
    render(<Panel result={result('05', { ...details, printed: { ...details.printed, periodOfStay, periodOfStayExpiry } })} />);
    const face = screen.getByTestId('card-face');
    expect(face.querySelector('[data-entry="periodOfStayExpiry"]')!.textContent).toBe(expected);
  });

  it('names the status of residence from the code tables, in the current language', async () => {
    const Panel = await cardFacePanel('en');
    const details = await gen2Details();
    render(<Panel result={result('05', { ...details, printed: { ...details.printed, statusOfResidenceCode: 'RYUGAKU' } })} />);
    const face = screen.getByTestId('card-face');
    expect(face.querySelector('[data-entry="statusOfResidence"]')!.textContent).toBe('Student (sample card code)');
    expect(face.querySelector('[data-entry="permission"]')!.textContent).toBe('Extension of period of stay (sample) (2026-04-01)');
  });

  it('keeps the composed face when the photo and the address image are corrupt', async () => {
    const Panel = await cardFacePanel('en');
    const details = await gen2Details();
    render(<Panel result={result('05', { ...details, faceImage: truncated(details.faceImage!), addressImage: truncated(details.addressImage) })} />);
    const face = screen.getByTestId('card-face');
    expect(await settledImages(face)).toEqual({ name: 'ready', address: 'failed', photo: 'failed' });
    expect(within(face).getAllByText('The image cannot be shown')).toHaveLength(2);
    expect(face.querySelector('[data-entry="birthDate"]')!.textContent).toBe('1995-04-04');
  });

  it('renders nothing for a result without the card-face data', async () => {
    const Panel = await cardFacePanel('ja');
    const { container } = render(<Panel result={result('05', { generation: 2 })} />);
    expect(container.innerHTML).toBe('');
  });
});

describe('card face panel: the zoom view (券面画像拡大表示画面)', () => {
  async function openZoom(how: 'click' | 'Enter' | 'Space') {
    const Panel = await cardFacePanel('ja');
    render(<Panel result={result('05', await gen2Details())} />);
    const trigger = screen.getByTestId('card-face');
    trigger.focus();
    if (how === 'click') fireEvent.click(trigger);
    else fireEvent.keyDown(trigger, { key: how === 'Space' ? ' ' : how });
    return { trigger, dialog: await screen.findByRole('dialog', { name: '券面画像拡大表示' }) };
  }

  it.each(['click', 'Enter', 'Space'] as const)('opens on %s, focused on its large close button, at 1.0×', async (how) => {
    const { dialog } = await openZoom(how);
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const stage = within(dialog).getByTestId('zoom-stage');
    expect(stage.hasAttribute('data-allow-pinch')).toBe(true);
    expect(stage.dataset.scale).toBe('1');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: '閉じる' }));
    expect(await settledImages(stage)).toEqual({ name: 'ready', address: 'ready', photo: 'ready' });
  });

  it('toggles 2.0× / 1.0× on double-tap', async () => {
    const { dialog } = await openZoom('click');
    const stage = within(dialog).getByTestId('zoom-stage');
    const tap = () => {
      fireEvent.pointerDown(stage, { pointerId: 1, pointerType: 'touch', clientX: 10, clientY: 10 });
      fireEvent.pointerUp(stage, { pointerId: 1, pointerType: 'touch', clientX: 10, clientY: 10 });
    };
    tap();
    expect(stage.dataset.scale).toBe('1');
    tap();
    await waitFor(() => expect(stage.dataset.scale).toBe('2'));
    tap();
    tap();
    await waitFor(() => expect(stage.dataset.scale).toBe('1'));
  });

  it('closes with Escape and with the close button, giving focus back to the card face', async () => {
    const { trigger, dialog } = await openZoom('Enter');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(trigger);
    fireEvent.click(trigger);
    fireEvent.click(within(await screen.findByRole('dialog')).getByTestId('zoom-close'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('keeps Tab and Shift+Tab inside', async () => {
    const { dialog } = await openZoom('click');
    const close = within(dialog).getByTestId('zoom-close');
    for (const shiftKey of [false, true]) {
      fireEvent.keyDown(dialog, { key: 'Tab', shiftKey });
      expect(document.activeElement).toBe(close);
    }
  });
});

describe('card face in the kiosk: a corrupt image leaves the rest of the result', () => {
  it('shows the placeholder while the verification results and the address panel stay', async () => {
    const kernel = await kernelWithBuiltinPlugins();
    // As a real read does (the reader is the plugin's): its panels are registered before the result shows.
    await kernel.plugins.activateByEvent('onCardType:1');
    const details = await gen1Details();
    const readResult = result('1', { ...details, frontImage: truncated(details.frontImage), faceImage: truncated(details.faceImage!) });
    render(
      <KioskApp
        services={{
          kernel,
          reader: new StaticReaderMonitor({ state: 'cardPresent', readerName: 'Demo', demo: true }),
          cardReading: { read: async () => readResult },
          appVersion: '9.9.9',
          pcscServiceName: 'pcscd',
          exitApp: () => undefined,
        }}
      />,
    );
    fireEvent.input(screen.getByTestId('card-number'), { target: { value: 'AB12345678CD' } });
    fireEvent.click(screen.getByTestId('start-reading'));
    const face = await screen.findByTestId('card-face');
    expect(await settledImages(face)).toEqual({ front: 'failed', photo: 'failed' });
    expect(within(face).getAllByText('画像を表示できません')).toHaveLength(2);
    expect(screen.getByTestId('tamper-check').dataset.outcome).toBe('ok');
    expect(screen.getByText('東京都見本区見本町二丁目3番4号')).toBeTruthy();
  });
});
