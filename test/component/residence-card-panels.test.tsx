import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { CardReadResult, PluginI18n } from '../../kernel/api';
import type { Gen1Details, Gen2WorkPermission } from '../../plugins/residence-card/model';
import { createAddressPanel, createWorkPermissionPanel } from '../../plugins/residence-card/panels/result-panels';
import { kernelWithBuiltinPlugins } from '../support/builtin-kernel';

afterEach(cleanup);

async function pluginI18n(language: 'ja' | 'en'): Promise<PluginI18n> {
  const kernel = await kernelWithBuiltinPlugins({ language });
  return { t: kernel.i18n.forNamespace('residence-card'), language };
}

function result(details: unknown, cardType = '05'): CardReadResult {
  const ok = { outcome: 'ok', reasons: [] } as const;
  return { cardType, pluginName: 'residence-card', cardNumber: 'AB12345678CD', cardExpiry: undefined, tamperCheck: ok, issuerCheck: ok, details };
}

const gen2 = (permission: Omit<Gen2WorkPermission, 'generation'>) => result({ generation: 2, workPermission: { generation: 2, ...permission } });

describe('work-permission panel: the manual wording for each generation (Windows §5.1 (6))', () => {
  const cases: [string, CardReadResult, string[]][] = [
    ['1st gen, comprehensive', result({ generation: 1, workPermission: { generation: 1, comprehensive: '許可：原則週２８時間以内', individual: '' } }, '1'), ['許可（原則週28時間以内 風俗営業等への従事を除く）']],
    ['1st gen, individual', result({ generation: 1, workPermission: { generation: 1, comprehensive: '', individual: '許可：範囲内' } }, '1'), ['許可（資格外活動許可書に記載された範囲内の活動）']],
    ['1st gen, none', result({ generation: 1, workPermission: { generation: 1, comprehensive: '', individual: '' } }, '1'), ['許可なし']],
    ['2nd gen, 28 h', gen2({ comprehensive: '1', comprehensiveExpiry: '20270401', individual: '0' }), ['包括許可：許可（週28時間以内・風俗営業不可）', '包括許可期限：2027年04月01日']],
    ['2nd gen, education', gen2({ comprehensive: '2', comprehensiveExpiry: '20280101', individual: '0' }), ['包括許可：許可（週28時間以内・教育等の活動）', '包括許可期限：2028年01月01日']],
    ['2nd gen, individual', gen2({ comprehensive: '0', comprehensiveExpiry: '', individual: '1' }), ['個別許可：許可（資格外活動許可書参照）']],
    ['2nd gen, both', gen2({ comprehensive: '1', comprehensiveExpiry: '20270401', individual: '1' }), ['包括許可：許可（週28時間以内・風俗営業不可）', '包括許可期限：2027年04月01日', '個別許可：許可（資格外活動許可書参照）']],
    ['2nd gen, none', gen2({ comprehensive: '0', comprehensiveExpiry: '', individual: '0' }), ['許可なし']],
  ];

  it.each(cases)('%s', async (_name, readResult, lines) => {
    const Panel = createWorkPermissionPanel(await pluginI18n('ja'));
    render(<Panel result={readResult} />);
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(lines);
    expect(screen.getByRole('heading').textContent).toBe('資格外活動許可');
  });

  it('renders nothing for a card without the work-permission file (special permanent residents)', async () => {
    const Panel = createWorkPermissionPanel(await pluginI18n('ja'));
    const { container } = render(<Panel result={result({ generation: 2 }, '06')} />);
    expect(container.innerHTML).toBe('');
  });

  it('has English wording', async () => {
    const Panel = createWorkPermissionPanel(await pluginI18n('en'));
    render(<Panel result={gen2({ comprehensive: '1', comprehensiveExpiry: '20270401', individual: '1' })} />);
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Comprehensive permission: Permitted (up to 28 hours a week, no adult entertainment businesses)',
      'Comprehensive permission valid until: 2027-04-01',
      'Individual permission: Permitted (see the permit)',
    ]);
  });
});

describe('address panel (1st generation only)', () => {
  const gen1 = (addressHistory: Gen1Details['addressHistory']) =>
    result({ generation: 1, frontImage: { format: 'tiff-g4', bytes: new Uint8Array() }, faceImage: undefined, addressHistory, signature: undefined }, '1');

  it('lists the entries written on the back, with the manual note', async () => {
    const Panel = createAddressPanel(await pluginI18n('ja'));
    render(
      <Panel
        result={gen1([
          { date: '20260701', municipalityCode: '131016', address: '東京都見本区見本町二丁目3番4号' },
          { date: '20261015', municipalityCode: '141003', address: '神奈川県見本市' },
        ])}
      />,
    );
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['2026/07/01 東京都見本区見本町二丁目3番4号', '2026/10/15 神奈川県見本市']);
    expect(screen.getByText('※注意：令和8年6月14日より前に行われた住居地変更は表示されません。')).toBeTruthy();
  });

  it('says so when nothing is written, and is absent for 2nd-generation cards', async () => {
    const Panel = createAddressPanel(await pluginI18n('ja'));
    render(<Panel result={gen1([])} />);
    expect(screen.getByText('裏面への住居地の追記はありません。')).toBeTruthy();
    cleanup();
    const { container } = render(<Panel result={result({ generation: 2 })} />);
    expect(container.innerHTML).toBe('');
  });
});
