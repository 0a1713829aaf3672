// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import type { CardReadResult, PluginI18n } from 'zairyu-plugin-api';
import type { MemberCardDetails } from '../src/member-card-data';
import { createMemberCardPanel } from '../src/member-card-panel';
import { SAMPLE_MEMBER } from './member-card-emulator';

/** Echoes keys and options, so the test sees what the panel asks to translate. */
const i18n: PluginI18n = { language: 'en', t: (key, options) => (options ? `${key} ${JSON.stringify(options)}` : key) };

const result: CardReadResult<MemberCardDetails> = {
  cardType: '90',
  pluginName: 'example-member-card',
  cardNumber: SAMPLE_MEMBER.memberNumber,
  cardExpiry: SAMPLE_MEMBER.validUntil,
  tamperCheck: { outcome: 'notApplicable', reasons: [] },
  issuerCheck: { outcome: 'notApplicable', reasons: [] },
  details: { memberNumber: SAMPLE_MEMBER.memberNumber, holderName: SAMPLE_MEMBER.holderName, validFrom: '20250401', validUntil: '20300331', tier: 'gold' },
};

describe('member card panel', () => {
  it('shows the holder, number, validity and, when the setting says so, the tier', () => {
    const Panel = createMemberCardPanel(i18n, { showTier: true });
    render(<Panel result={result} />, document.body);
    const text = document.body.textContent ?? '';
    expect(text).toContain(SAMPLE_MEMBER.holderName);
    expect(text).toContain('MB12345678JP');
    expect(text).toContain('"from":"2025/04/01","until":"2030/03/31"');
    expect(text).toContain('tier.gold');

    const Hidden = createMemberCardPanel(i18n, { showTier: false });
    render(<Hidden result={result} />, document.body);
    expect(document.body.textContent).not.toContain('tier.gold');
  });
});
