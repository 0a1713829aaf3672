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
  return (
    <div class={`verification-summary summary-${summary}`} role="status" data-testid="verification-summary" data-summary={summary}>
      {summary === 'ok' && <p>{t(`result.summaryOk.${cardType?.family ?? 'other'}`)}</p>}
      {summary === 'underAge' && <p>{t(cardType?.generation === 1 ? 'result.summaryUnderAge.gen1' : 'result.summaryUnderAge.gen2')}</p>}
      {summary === 'ng' && (
        <>
          <p>{t('result.summaryNg')}</p>
          <p>
            {t('result.consult')} <span class="url">{CONSULTATION_URL}</span>
          </p>
        </>
      )}
    </div>
  );
}
