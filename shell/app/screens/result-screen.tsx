import type { CardReadResult, VerificationOutcome } from '../../../kernel/api';
import { ContributedPanel } from '../components/contributed-panel';
import { VerificationSummaryText } from '../components/verification-summary';
import { LanguageToggle } from '../components/language-toggle';
import { resultPanelSlots } from '../../../kernel/plugins/points/result-panels';
import { useKiosk, useT } from '../kiosk-context';

interface Props {
  readonly result: CardReadResult;
  readonly onVerifyNumber: (() => void) | undefined;
  readonly onBackToTop: () => void;
}

const ICON: Record<VerificationOutcome, string> = { ok: '✓', ng: '✕', notApplicable: '－' };

/** 在留カード等結果表示画面: the two verification results, then the panels plugins contribute for the card type. */
export function ResultScreen({ result, onVerifyNumber, onBackToTop }: Props) {
  const { kernel } = useKiosk();
  const t = useT();
  const panels = kernel.contributions.resultPanels(result.cardType);
  const cardType = kernel.contributions.cardType(result.cardType);
  return (
    <main class="screen result-screen" data-screen="result">
      <header class="screen-header">
        <h1>{t('result.title')}</h1>
        <LanguageToggle />
      </header>
      {cardType && <p class="card-type" data-testid="card-type">{t(cardType.value.displayNameKey)}</p>}
      <VerificationSummaryText result={result} cardType={cardType?.value} />
      <section class="verification" aria-label={t('result.title')}>
        {(['tamper', 'issuer'] as const).map((check) => {
          const outcome = (check === 'tamper' ? result.tamperCheck : result.issuerCheck).outcome;
          return (
            <div key={check} class={`verification-item outcome-${outcome}`} data-testid={`${check}-check`} data-outcome={outcome}>
              <span class="verification-icon" aria-hidden="true">
                {ICON[outcome]}
              </span>
              <span>{t(`result.${check}`)}</span>
              <span class="visually-hidden">{t(`result.${outcome}`)}</span>
            </div>
          );
        })}
      </section>
      {onVerifyNumber && (
        <button type="button" class="button secondary" data-testid="verify-number" onClick={onVerifyNumber}>
          {t('result.verifyNumber')}
        </button>
      )}
      {resultPanelSlots.map((slot) => (
        <div key={slot} class={`result-slot slot-${slot}`}>
          {panels
            .filter((panel) => panel.value.slot === slot)
            .map((panel) => (
              <ContributedPanel key={panel.value.id} pluginName={panel.pluginName} panelId={panel.value.id} result={result} />
            ))}
        </div>
      ))}
      <button type="button" class="button primary" data-testid="back-to-top" onClick={onBackToTop}>
        {t('result.backToTop')}
      </button>
    </main>
  );
}
