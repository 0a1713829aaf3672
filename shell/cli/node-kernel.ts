import { join } from 'node:path';
import { createKernel, type Kernel } from '../../kernel/container/create-kernel';
import type { KioskConfig } from '../../kernel/config/kiosk-config';
import { presentError } from '../../kernel/errors/error-presentation';
import { KioskErrorCode, toKioskError } from '../../kernel/errors/kiosk-error';
import { nodePluginSources } from '../../kernel/node/node-plugin-sources';
import { loadTrustAnchors } from '../../kernel/node/node-trust-anchors';
import { loadOperatorCodeTables } from '../../kernel/node/code-table-folder';
import { CardSessionError } from '../../kernel/session/card-session-service';
import { builtinPlugins } from '../../plugins/builtin-plugins';
import { shellMessages } from '../app/shell-messages';

/** A kernel for command-line use: the built-in plugins from `webRoot/plugins`, plus the configured folders. */
export async function createNodeKernel(webRoot: string, config: KioskConfig): Promise<Kernel> {
  const kernel = await createKernel({
    config,
    shellMessages,
    trustAnchors: (logger) => loadTrustAnchors(config.trustStoreFolder, config.trustStoreProfile, logger),
    operatorCodeTables: await loadOperatorCodeTables(config.codeTableFolder),
  });
  const sources = await nodePluginSources(join(webRoot, 'plugins'), builtinPlugins, config, (folder, error) =>
    kernel.logger.error('plugin folder cannot be read', { folder, reason: (error as Error).message }),
  );
  await kernel.plugins.load(sources);
  return kernel;
}

export interface CliError {
  readonly error: {
    /** One of the manual's errors (Windows §8, iOS §7), or UNSUPPORTED_CARD_TYPE / INVALID_CONFIG. */
    readonly code: string;
    readonly message: { readonly ja: string; readonly en: string };
    /** The kiosk's finer code where the manual's is broader (e.g. MALFORMED_CARD_DATA under CARD_READ_FAILED). */
    readonly reason?: string;
    readonly detail?: string;
  };
}

/**
 * Codes of ours that the manual's list knows by another name: the dialog already shows the manual's message for
 * them, and scripts that follow the manual's list should not meet codes it does not have.
 */
const MANUAL_CODE: Partial<Record<KioskErrorCode, KioskErrorCode>> = {
  [KioskErrorCode.malformedCardData]: KioskErrorCode.cardReadFailed,
  [KioskErrorCode.pluginFailed]: KioskErrorCode.internal,
};

/** The JSON error document of the CLI: the manual's message in both languages, mapped like the kiosk's dialog. */
export function describeCliError(error: unknown, kernel: Kernel | undefined): CliError {
  const kioskError = toKioskError(error);
  const cardType = error instanceof CardSessionError ? error.cardType : undefined;
  const manualCode = MANUAL_CODE[kioskError.code];
  const code = manualCode ?? kioskError.code;
  const reason = manualCode ? { reason: kioskError.code } : {};
  if (!kernel) return { error: { code, message: { ja: kioskError.message, en: kioskError.message }, ...reason } };
  const presentation = presentError(kioskError, kernel.contributions, cardType);
  const translate = (lng: string) => kernel.i18n.t(presentation.messageKey, { lng, service: 'pcscd' });
  return { error: { code, message: { ja: translate('ja'), en: translate('en') }, ...reason, detail: kioskError.message } };
}
