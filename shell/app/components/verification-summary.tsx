import type { CardReadResult } from '../../../kernel/api';
import type { CardTypeContribution } from '../../../kernel/plugins/points/card-types';
import { useT } from '../kiosk-context';

export const CONSULTATION_URL = 'https://www.moj.go.jp/isa/about/region/index.html';

export type VerificationSummary = 'ok' | 'ng' | 'underAge';

/**
 * The manual's three combinations of the two icons (Windows §5.1): both OK; either NG (possible damage or
 * forgery, with the consultation address); both not applicable (a card without photo and signature).
 */
export function summarise(result: CardReadResult): VerificationSummary {
  const outcomes = [result.tamperCheck.outcome, result.issuerCheck.outcome];
  if (outcomes.every((outcome) => outcome === 'ok')) return 'ok';
  if (outcomes.every((outcome) => outcome === 'notApplicable')) return 'underAge';
  return 'ng';
}

export function VerificationSummaryText({ result, cardType }: { result: CardReadResult; cardType: CardTypeContribution | undefined }) {
  const t = useT();
  const summary = summarise(result);
  // The ISA's wording and consultation address are for the ISA's cards; another plugin's card gets neutral text.
  const isaCard = cardType !== undefined && cardType.family !== 'other';
  return (
    <div class={`verification-summary summary-${summary}`} role="status" data-testid="verification-summary" data-summary={summary}>
      {summary === 'ok' && <p>{t(`result.summaryOk.${cardType?.family ?? 'other'}`)}</p>}
      {summary === 'underAge' && (
        <p>{isaCard ? t(cardType.generation === 1 ? 'result.summaryUnderAge.gen1' : 'result.summaryUnderAge.gen2') : t('result.summaryNotApplicableOther')}</p>
      )}
      {summary === 'ng' && isaCard && (
        <>
          <p>{t('result.summaryNg')}</p>
          <p>
            {t('result.consult')} <span class="url">{CONSULTATION_URL}</span>
          </p>
        </>
      )}
      {summary === 'ng' && !isaCard && <p>{t('result.summaryNgOther')}</p>}
    </div>
  );
}
