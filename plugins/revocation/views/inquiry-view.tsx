import { useEffect, useRef, useState } from 'preact/hooks';
import type { PluginContext, RestrictedView, RestrictedViewEvent, ViewProps } from '../../../kernel/api';
import { checkExpiry, EMPTY_EXPIRY, EXPIRY_FIELD_LENGTH, expiryFromCard, type ExpiryParts } from '../expiry-date';
import { readInquirySettings, serviceOrigin, type InquirySettings } from '../inquiry-settings';
import { isInMaintenance, maintenanceHours, spokenTime } from '../maintenance';
import { DateKeypad, EXPIRY_FIELDS, type ExpiryField } from './date-keypad';

export interface InquiryViewOptions {
  /** The clock the maintenance window is checked against (tests pass a fixed one). */
  readonly now?: () => Date;
  /** How often the maintenance window is re-checked while the screen is open. */
  readonly recheckMs?: number;
}

type Problem =
  | { readonly kind: 'unavailable' | 'misconfigured' | 'unreachable' | 'timeout' }
  | { readonly kind: 'http-error'; readonly status: number | undefined };

type PageState = Extract<RestrictedViewEvent, { type: 'loaded' }>['form'] | 'loading';

/**
 * 失効情報照会表示画面 (Windows manual v1.10 §6): the card number (and, for 2nd-generation cards, the validity
 * period from tag C5) filled in, the validity period typed for 1st-generation cards, the manual's notes and
 * input rules, and 問合せ, which shows the ISA's inquiry page in the host's restricted browser view with the
 * form filled in. The answer is the service's own page; the kiosk does not interpret it.
 */
export function createInquiryView(context: PluginContext, options: InquiryViewOptions = {}) {
  const { i18n } = context;
  const t = (key: string, values?: Record<string, unknown>) => i18n.t(key, values);
  const now = options.now ?? (() => new Date());
  const logger = context.logger;

  return function InquiryView({ result, close }: ViewProps) {
    const settings = readInquirySettings(context.settings);
    const maintenanceNow = () => isInMaintenance(now(), settings.maintenanceStart, settings.maintenanceEnd);
    const autoExpiry = expiryFromCard(result?.cardExpiry);
    const [typed, setTyped] = useState<ExpiryParts>(EMPTY_EXPIRY);
    const [activeField, setActiveField] = useState<ExpiryField>('year');
    const [showProblems, setShowProblems] = useState(false);
    const [maintenance, setMaintenance] = useState(maintenanceNow);
    const [phase, setPhase] = useState<'form' | 'inquiry'>('form');
    const [problem, setProblem] = useState<Problem | undefined>(undefined);
    const [pageState, setPageState] = useState<PageState>('loading');
    const [blocked, setBlocked] = useState(false);
    const viewRef = useRef<RestrictedView | undefined>(undefined);
    const frameHost = useRef<HTMLDivElement>(null);

    const parts = autoExpiry ?? typed;
    const expiry = checkExpiry(parts);
    const complete = EXPIRY_FIELDS.every((field) => parts[field].length === EXPIRY_FIELD_LENGTH[field]);

    useEffect(() => {
      const timer = setInterval(() => setMaintenance(maintenanceNow()), options.recheckMs ?? 15_000);
      return () => clearInterval(timer);
    }, []);

    // Leaving the screen (back, return to top, idle timeout, card removal) closes the view and clears its storage.
    useEffect(
      () => () => {
        const view = viewRef.current;
        viewRef.current = undefined;
        void view?.close();
      },
      [],
    );

    useEffect(() => {
      if (phase === 'inquiry' && viewRef.current && frameHost.current) viewRef.current.mount(frameHost.current);
    }, [phase]);

    const endInquiry = () => {
      const view = viewRef.current;
      viewRef.current = undefined;
      void view?.close();
      setPhase('form');
    };

    const onEvent = (view: RestrictedView, event: RestrictedViewEvent) => {
      if (viewRef.current !== view) return;
      switch (event.type) {
        case 'loaded':
          setPageState(event.form);
          if (event.form === 'incomplete') logger.warn('inquiry form not filled: selectors not found', { missing: event.missing?.length ?? 0 });
          return;
        case 'blocked-navigation':
          logger.info('navigation away from the inquiry service blocked');
          setBlocked(true);
          return;
        case 'failed':
          logger.warn('inquiry failed', { reason: event.reason, status: event.status });
          setProblem(event.reason === 'http-error' ? { kind: 'http-error', status: event.status } : { kind: event.reason });
          endInquiry();
          return;
        case 'timeout':
          logger.warn('inquiry timed out', { seconds: settings.timeoutSeconds });
          setProblem({ kind: 'timeout' });
          endInquiry();
          return;
      }
    };

    const inquire = () => {
      setProblem(undefined);
      setShowProblems(true);
      if (maintenanceNow()) {
        setMaintenance(true);
        return;
      }
      if (!result || !expiry.ok) return;
      const browser = context.host.restrictedBrowser();
      if (!browser) return setProblem({ kind: 'unavailable' });
      const origin = serviceOrigin(settings.serviceUrl);
      if (!origin) return setProblem({ kind: 'misconfigured' });
      const view = browser.open({
        url: settings.serviceUrl,
        allowedOrigin: origin,
        fill: fillFor(settings, result.cardNumber, expiry.parts),
        submitSelector: settings.submitSelector,
        antiAbuseSelector: settings.antiAbuseSelector,
        timeoutMs: settings.timeoutSeconds * 1000,
      });
      viewRef.current = view;
      view.onEvent((event) => onEvent(view, event));
      logger.info('inquiry opened', { origin, autoExpiry: autoExpiry !== undefined });
      setPageState('loading');
      setBlocked(false);
      setPhase('inquiry');
    };

    const leave = () => {
      endInquiry();
      close();
    };

    if (!result) {
      return (
        <section class="view revocation" aria-labelledby="revocation-heading" data-testid="revocation-view">
          <h2 id="revocation-heading">{t('heading')}</h2>
          <p class="notice">{t('noResult')}</p>
          <button type="button" class="button secondary" data-testid="revocation-back" onClick={leave}>
            {t('back')}
          </button>
        </section>
      );
    }

    const expiryFields = (
      <div class="revocation-expiry" role="group" aria-labelledby="revocation-expiry-label" style={ROW}>
        {EXPIRY_FIELDS.map((field) => {
          const value = parts[field];
          const label = field === 'year' ? t('year') : field === 'month' ? t('month') : t('day');
          const content = (
            <span class="revocation-expiry-value" data-testid={`revocation-expiry-${field}`} style={VALUE}>
              {value || placeholder(field)}
            </span>
          );
          return (
            <span key={field} style={ROW}>
              {autoExpiry || phase === 'inquiry' ? (
                content
              ) : (
                <button
                  type="button"
                  class="key"
                  aria-pressed={activeField === field}
                  aria-label={label}
                  data-expiry-field={field}
                  style={activeField === field ? ACTIVE_FIELD : undefined}
                  onClick={() => setActiveField(field)}
                >
                  {content}
                </button>
              )}
              <span>{label}</span>
            </span>
          );
        })}
      </div>
    );

    const summary = (
      <dl class="panel revocation-inputs" style={INPUTS}>
        <dt>{t('cardNumberLabel')}</dt>
        <dd style={DD}>
          <output class="revocation-number" data-testid="revocation-number" style={VALUE}>
            {result.cardNumber}
          </output>
          <span class="note">{t('filledFromCard')}</span>
        </dd>
        <dt id="revocation-expiry-label">{t('expiryLabel')}</dt>
        <dd style={DD}>
          {expiryFields}
          <span class="note" data-testid="revocation-expiry-source" data-source={autoExpiry ? 'chip' : 'typed'}>
            {autoExpiry ? t('expiryFromChip') : t('expiryTyped')}
          </span>
        </dd>
      </dl>
    );

    if (phase === 'inquiry') {
      return (
        <section class="view revocation" aria-labelledby="revocation-heading" data-testid="revocation-view" data-phase="inquiry">
          <h2 id="revocation-heading">{t('heading')}</h2>
          {summary}
          <p class="notice" data-testid="revocation-not-proof">
            {t('notes.notProof')}
          </p>
          <p class="note">{t('notes.forgedCards')}</p>
          <p class="note" role="status" data-testid="revocation-page-state" data-state={pageState}>
            {pageStateText(pageState)}
          </p>
          {blocked && (
            <p class="notice" role="alert" data-testid="revocation-blocked">
              {t('status.blocked')}
            </p>
          )}
          <div class="revocation-frame-host" data-testid="revocation-frame-host" ref={frameHost} style={FRAME_HOST} />
          <div style={ROW}>
            <button type="button" class="button secondary" data-testid="revocation-edit" onClick={endInquiry}>
              {t('editAgain')}
            </button>
            <button type="button" class="button primary" data-testid="revocation-back" onClick={leave}>
              {t('back')}
            </button>
          </div>
        </section>
      );
    }

    const expiryProblem = !expiry.ok && (showProblems || (complete && expiry.problem === 'invalid')) ? expiry.problem : undefined;
    return (
      <section class="view revocation" aria-labelledby="revocation-heading" data-testid="revocation-view" data-phase="form">
        <p class="note">{t('agency')}</p>
        <h2 id="revocation-heading">{t('heading')}</h2>
        {maintenance && (
          <p class="notice panel" role="alert" data-testid="revocation-maintenance">
            {t('maintenanceNow', { start: settings.maintenanceStart, end: settings.maintenanceEnd })}
          </p>
        )}
        {problem && (
          <p class="notice error-message panel" style={PROBLEM} role="alert" data-testid="revocation-problem" data-problem={problem.kind}>
            {problemText(problem, settings)}
          </p>
        )}
        <p>{t('intro')}</p>
        <p>{t('instruction')}</p>
        <ul class="revocation-notes note" style={LIST}>
          <li>{t('notes.foreignRegistration')}</li>
          <li>{t('notes.dataUpdate')}</li>
          <li data-testid="revocation-not-proof">
            {t('notes.notProof')} {t('notes.forgedCards')}
          </li>
          <li>
            {t('notes.maintenance', {
              start: spokenTime(settings.maintenanceStart, i18n.language),
              end: spokenTime(settings.maintenanceEnd, i18n.language),
              hours: maintenanceHours(settings.maintenanceStart, settings.maintenanceEnd),
            })}
          </li>
        </ul>
        {summary}
        {!autoExpiry && (
          <DateKeypad
            i18n={i18n}
            parts={typed}
            active={activeField}
            onChange={(next, active) => {
              setTyped(next);
              setActiveField(active);
            }}
          />
        )}
        {expiryProblem && (
          <p class="notice" style={PROBLEM_TEXT} role="alert" data-testid="revocation-expiry-problem" data-problem={expiryProblem}>
            {expiryProblem === 'incomplete' ? t('expiryIncomplete') : t('expiryInvalid')}
          </p>
        )}
        <ul class="revocation-rules note" style={LIST}>
          <li>{t('rules.number')}</li>
          <li>{t('rules.expiry')}</li>
          <li>{t('rules.example')}</li>
        </ul>
        <p>{t('confirm')}</p>
        <div style={ROW}>
          <button type="button" class="button primary" data-testid="revocation-submit" disabled={maintenance} style={maintenance ? DISABLED : undefined} onClick={inquire}>
            {t('inquire')}
          </button>
          <button type="button" class="button secondary" data-testid="revocation-back" onClick={leave}>
            {t('back')}
          </button>
        </div>
      </section>
    );
  };

  function pageStateText(state: PageState): string {
    switch (state) {
      case 'loading':
        return t('status.loading');
      case 'filled':
      case 'already-submitted':
        return t('status.submitted');
      case 'filled-awaiting-person':
        return t('status.awaitingPerson');
      case 'incomplete':
        return t('status.incomplete');
      case 'none':
        return t('status.otherPage');
    }
  }

  function problemText(problem: Problem, settings: InquirySettings): string {
    switch (problem.kind) {
      case 'unavailable':
        return t('errors.unavailable');
      case 'misconfigured':
        return t('errors.misconfigured');
      case 'unreachable':
        return t('errors.unreachable');
      case 'timeout':
        return t('errors.timeout', { seconds: settings.timeoutSeconds });
      case 'http-error':
        return t('errors.httpError', { status: problem.status ?? '?' });
    }
  }
}

/** Which field of the service's form receives which value (selectors from the settings). */
export function fillFor(settings: InquirySettings, cardNumber: string, expiry: ExpiryParts) {
  return [
    { selector: settings.numberSelector, value: cardNumber },
    { selector: settings.yearSelector, value: expiry.year },
    { selector: settings.monthSelector, value: expiry.month },
    { selector: settings.daySelector, value: expiry.day },
  ];
}

function placeholder(field: ExpiryField): string {
  return field === 'year' ? '____' : '__';
}

const ROW = { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' };
const INPUTS = { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '12px 24px', alignItems: 'center', margin: 0 };
const DD = { margin: 0, display: 'flex', flexDirection: 'column', gap: '4px' };
const VALUE = { fontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace", fontSize: '1.6rem', letterSpacing: '0.1em' };
const ACTIVE_FIELD = { borderColor: 'var(--accent)', borderWidth: '4px' };
const LIST = { listStyle: 'none', paddingLeft: 0, display: 'flex', flexDirection: 'column', gap: '4px' };
const PROBLEM = { color: 'var(--ng)', borderColor: 'var(--ng)' };
const PROBLEM_TEXT = { color: 'var(--ng)' };
const DISABLED = { opacity: 0.4, cursor: 'not-allowed' };
const FRAME_HOST = { width: '100%', minHeight: '60vh', display: 'flex', flexDirection: 'column' };
