import type { KioskError } from '../../../kernel/errors/kiosk-error';

interface Props {
  readonly error: KioskError;
}

/**
 * Shown instead of the kiosk when the config file is invalid. The kernel (and so i18n) cannot start without
 * a config, so this screen carries both languages itself.
 */
export function ConfigErrorScreen({ error }: Props) {
  return (
    <main class="screen config-error-screen" data-screen="config-error" role="alert">
      <h1 lang="ja">設定ファイルに誤りがあります</h1>
      <p lang="en">The configuration file has errors</p>
      <p lang="ja">管理者は以下の内容を確認し、設定ファイルを修正してから再起動してください。</p>
      <p lang="en">Administrator: check the following, correct the configuration file and restart.</p>
      <pre class="config-problems" data-testid="config-problems">
        {error.message}
      </pre>
    </main>
  );
}
