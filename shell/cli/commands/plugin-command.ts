import type { KioskConfig } from '../../../kernel/config/kiosk-config';
import { createPluginProject } from './plugin-new-command';
import { signPlugin, verifyPlugin } from './plugin-sign-command';

export const PLUGIN_USAGE = `  plugin new FOLDER [--name NAME] [--card-type C1]  write a new card-type plugin (template with tests)
  plugin sign FOLDER --key KEY.pem --cert CERT.pem [--out DIR] [--passphrase-env VAR]
                                                    sign a plugin (with --out: sign an installable copy)
  plugin verify FOLDER [--publishers DIR] [--config FILE] [--json]
                                                    check a plugin's signature as the kiosk would
`;

export interface PluginCommandValues {
  readonly name?: string | undefined;
  readonly 'card-type'?: string | undefined;
  readonly key?: string | undefined;
  readonly cert?: string | undefined;
  readonly out?: string | undefined;
  readonly publishers?: string | undefined;
  readonly 'passphrase-env'?: string | undefined;
  readonly json?: boolean | undefined;
}

export interface PluginCommandContext {
  /** dist/sdk/zairyu-plugin-api next to the CLI bundle. */
  readonly sdkFolder: string;
  /** The kiosk config (for the default publisher folder). */
  readonly config: () => Promise<KioskConfig>;
  readonly log: (line: string) => void;
  readonly error: (line: string) => void;
}

/** `zairyu plugin new|sign|verify`; returns the exit code (2: usage). */
export async function runPluginCommand(
  subcommand: string | undefined,
  args: readonly string[],
  values: PluginCommandValues,
  context: PluginCommandContext,
): Promise<number> {
  const folder = args[0];
  if (!folder) {
    context.error(`Usage:\n${PLUGIN_USAGE}`);
    return 2;
  }
  switch (subcommand) {
    case 'new': {
      const created = await createPluginProject({
        folder,
        sdkFolder: context.sdkFolder,
        ...(values.name ? { name: values.name } : {}),
        ...(values['card-type'] ? { cardType: values['card-type'] } : {}),
      });
      context.log(`created plugin "${created.name}" in ${created.folder}:`);
      for (const file of created.files) context.log(`  ${file}`);
      context.log(`next: cd ${created.folder} && npm install && npm test && npm run build (see README.md and docs/plugins.md)`);
      return 0;
    }
    case 'sign': {
      if (!values.key || !values.cert) {
        context.error('plugin sign needs --key KEY.pem and --cert CERT.pem');
        return 2;
      }
      let passphrase: string | undefined;
      if (values['passphrase-env']) {
        passphrase = process.env[values['passphrase-env']];
        if (passphrase === undefined) {
          context.error(`environment variable ${values['passphrase-env']} is not set`);
          return 2;
        }
      }
      const signed = await signPlugin({
        folder,
        keyFile: values.key,
        certFile: values.cert,
        ...(values.out ? { out: values.out } : {}),
        ...(passphrase !== undefined ? { passphrase } : {}),
      });
      context.log(`signed ${signed.name} ${signed.version}: ${signed.files} files, publisher "${signed.publisher}"`);
      context.log(`install: copy ${signed.folder} into a folder listed in the kiosk's pluginFolders`);
      return 0;
    }
    case 'verify': {
      const publishers = values.publishers ?? (await context.config()).pluginPublisherFolder;
      const result = await verifyPlugin(folder, publishers);
      if (values.json) context.log(JSON.stringify({ ...result, publisherFolder: publishers }, null, 2));
      else if (result.ok) context.log(`${result.folder}: ${result.name} ${result.version} signed by "${result.publisher}", ${result.files} files intact`);
      else context.log(`${result.folder}: REFUSED: ${result.reason}`);
      return result.ok ? 0 : 1;
    }
  }
  context.error(`Usage:\n${PLUGIN_USAGE}`);
  return 2;
}
