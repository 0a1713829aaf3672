import type { Language } from '../../kernel/api';
import type { MessageTree } from '../../kernel/i18n/i18n-service';
import en from '../../locales/en/kiosk.json';
import ja from '../../locales/ja/kiosk.json';

/** The shell's own messages, bundled (plugins bring theirs through `contributes.locales`). */
export const shellMessages: Record<Language, MessageTree> = { ja, en };
