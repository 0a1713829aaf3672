import en from '../../locales/en/kiosk.json';
import ja from '../../locales/ja/kiosk.json';

/** A message in both languages: host notices are shown outside the kiosk's i18n (which may not be running). */
export interface BilingualText {
  readonly ja: string;
  readonly en: string;
}

/** The manual's messages (Windows §8 (1) and (2)) that the NW.js host itself shows. */
export const HOST_MESSAGES = {
  /** §8 (1): another start while the app runs. Same text as the kiosk's ALREADY_RUNNING error. */
  alreadyRunning: { ja: ja.errors.ALREADY_RUNNING.message, en: en.errors.ALREADY_RUNNING.message },
  alreadyRunningHelp: {
    ja: '「OK」でこの表示を閉じ、既に起動しているアプリケーションをご利用ください。',
    en: 'Press OK to close this message and use the application that is already running.',
  },
  /** §8 (2), second form: the kiosk gives up and leaves; its supervisor starts it again. */
  crashQuit: { ja: '異常が発生したためアプリケーションを終了します', en: 'An error occurred. The application will close.' },
  crashQuitHelp: {
    ja: 'アプリケーションは自動的に再起動します。同じ表示が繰り返される場合は、パソコンを再起動してください。',
    en: 'The application restarts automatically. If this message keeps appearing, restart the computer.',
  },
  /** §8 (2), first form: shown by the kiosk itself (error INTERNAL) when it recovers to the top screen. */
  crashRecover: { ja: ja.errors.INTERNAL.message, en: en.errors.INTERNAL.message },
  ok: { ja: 'OK', en: 'OK' },
} as const satisfies Record<string, BilingualText>;

export interface HostNotice {
  readonly element: HTMLElement;
  close(): void;
}

export interface HostNoticeOptions {
  readonly message: BilingualText;
  readonly help?: BilingualText;
  readonly testId: string;
  /** Called once, by the OK button or by `close()`'s caller deciding so. */
  readonly onConfirm?: () => void;
}

/**
 * A modal notice over everything, in plain DOM (no Preact): it must work when the kiosk's own UI is broken or
 * not started. Japanese first, English below; one OK button that takes the focus.
 */
export function showHostNotice(doc: Document, options: HostNoticeOptions): HostNotice {
  const backdrop = doc.createElement('div');
  backdrop.className = 'dialog-backdrop host-notice';
  const dialog = doc.createElement('div');
  dialog.className = 'dialog';
  dialog.setAttribute('role', 'alertdialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.dataset.testid = options.testId;
  const messageId = `${options.testId}-message`;
  dialog.setAttribute('aria-labelledby', messageId);

  const message = doc.createElement('div');
  message.id = messageId;
  message.className = 'error-message';
  message.append(paragraph(doc, options.message.ja, 'ja'), paragraph(doc, options.message.en, 'en'));
  dialog.append(message);
  if (options.help) {
    const help = doc.createElement('div');
    help.className = 'error-detail';
    help.append(paragraph(doc, options.help.ja, 'ja'), paragraph(doc, options.help.en, 'en'));
    dialog.append(help);
  }

  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'button primary';
  button.textContent = HOST_MESSAGES.ok.ja;
  button.dataset.testid = `${options.testId}-ok`;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    backdrop.remove();
  };
  button.addEventListener('click', () => {
    close();
    options.onConfirm?.();
  });
  dialog.append(button);
  backdrop.append(dialog);
  doc.body.append(backdrop);
  button.focus();
  return { element: backdrop, close };
}

function paragraph(doc: Document, text: string, lang: 'ja' | 'en'): HTMLParagraphElement {
  const element = doc.createElement('p');
  element.lang = lang;
  element.textContent = text;
  return element;
}
