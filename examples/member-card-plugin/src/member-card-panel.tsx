import type { PluginI18n, ResultPanelProps } from 'zairyu-plugin-api';
import type { MemberCardDetails } from './member-card-data';

/**
 * The result panel for member cards. Components are Preact; the kiosk provides Preact (one instance for the
 * whole kiosk), so hooks work as in the kiosk's own panels.
 */
export function createMemberCardPanel(i18n: PluginI18n, options: { readonly showTier: boolean }) {
  return function MemberCardPanel({ result }: ResultPanelProps) {
    const details = result.details as MemberCardDetails;
    return (
      <section class="panel member-card" aria-labelledby="member-card-title" data-testid="member-card-panel">
        <h2 id="member-card-title">{i18n.t('panel.title')}</h2>
        <dl>
          <dt>{i18n.t('panel.holder')}</dt>
          <dd>{details.holderName}</dd>
          <dt>{i18n.t('panel.number')}</dt>
          <dd>{details.memberNumber}</dd>
          <dt>{i18n.t('panel.validity')}</dt>
          <dd>{i18n.t('panel.validityRange', { from: formatDate(details.validFrom), until: formatDate(details.validUntil) })}</dd>
          {options.showTier && (
            <>
              <dt>{i18n.t('panel.tier')}</dt>
              <dd>{i18n.t(`tier.${details.tier}`)}</dd>
            </>
          )}
        </dl>
      </section>
    );
  };
}

function formatDate(yyyymmdd: string): string {
  return `${yyyymmdd.slice(0, 4)}/${yyyymmdd.slice(4, 6)}/${yyyymmdd.slice(6, 8)}`;
}
