import type { PluginI18n, ViewProps } from '../../../kernel/api';

/**
 * The inquiry screen's frame: title and the manual's notes. The form, the restricted view of the government
 * page and the maintenance window are filled in by the revocation work (issue #5).
 */
export function createInquiryView(i18n: PluginI18n) {
  return function InquiryView({ close }: ViewProps) {
    return (
      <section class="view revocation" aria-labelledby="revocation-heading">
        <h1 id="revocation-heading">{i18n.t('heading')}</h1>
        <p>{i18n.t('intro')}</p>
        <p class="note">{i18n.t('notProof')}</p>
        <p class="note">{i18n.t('maintenance')}</p>
        <button type="button" class="button secondary" onClick={close}>
          {i18n.t('back')}
        </button>
      </section>
    );
  };
}
