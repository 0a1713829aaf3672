import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { defaultKioskConfig, kioskConfigSchema } from '../../kernel/config/kiosk-config';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { verifyAuditLog } from '../../kernel/audit/audit-log';
import { readTrustStoreDocument } from '../../kernel/node/trust-store-document';
import { isKioskError } from '../../kernel/errors/kiosk-error';
import { configPathFrom, loadKioskConfigFile, readConfigText } from '../../kernel/node/config-file';
import { findChromium, hasDisplay, launchKioskChromium, type KioskBrowser } from '../web/server/chromium-launcher';
import { startWebKioskServer } from '../web/server/static-server';
import { openAuditFile } from '../../kernel/node/audit-file';
import { consoleSink, LoggerService } from '../../kernel/logging/logger-service';
import { revocationServiceOrigin, startRevocationProxy } from '../web/server/revocation-proxy';
import { formatPluginTable, listPlugins } from './commands/plugins-command';
import { PLUGIN_USAGE, runPluginCommand } from './commands/plugin-command';
import { packageNwApp, PACKAGE_USAGE, parsePackageArgs } from '../nw/packaging';
import { readersToJson, runReadCommand, withTrustStoreOptions } from './commands/read-command';
import { listEmulatorProfiles, runEmulateCommand } from './commands/emulate-command';
import { ExternalPluginFolders } from '../../kernel/node/external-plugin-folders';
import { loadOperatorCodeTables, readCodeTableFiles } from '../../kernel/node/code-table-folder';
import { createNodeKernel, describeCliError } from './node-kernel';
import { PcscTransport } from '../../kernel/node/pcsc-transport';

const USAGE = `Usage: zairyu <command> [options]

Commands:
  kiosk [--config FILE] [--port N] [--no-browser]   serve the kiosk on 127.0.0.1 and open it full screen
  plugins [--config FILE] [--json]                  list plugins, their state and contributions
  readers [--json]                                  list PC/SC readers and whether a card is present
  read --card-number N [--reader NAME|auto] [--trust-store DIR | --test-trust-store DIR] [--audit-log FILE] [--json] [--include-images]
                                                    read and verify the card on a reader
  emulate --profile ID [--port 35963] [--deterministic] [--link-kbps 106|212|424|848]
                                                    put a sample card (fictional data) into vsmartcard-vpcd's reader
  emulate --list                                    list the sample card profiles
  audit verify FILE                                 check an audit log's hash chain
  config check [--config FILE]                      validate a kiosk config file
  config schema                                     print the JSON Schema of the kiosk config
  package --platform win|linux|osx [--arch x64|arm64] [--mirror URL]
                                                    package the NW.js kiosk (dist/nw) with nw-builder (docs/packaging.md)
${PLUGIN_USAGE}`;

/** dist/web, next to this bundled file (dist/cli.mjs). */
const webRoot = join(dirname(fileURLToPath(import.meta.url)), 'web');

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'package') {
    // Packaging has its own options (docs/packaging.md).
    if (argv.includes('--help')) {
      console.log(PACKAGE_USAGE);
      return 0;
    }
    const root = join(webRoot, '..', '..');
    const project = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Parameters<typeof parsePackageArgs>[1];
    const { outDir } = await packageNwApp(parsePackageArgs(argv.slice(1), project, root));
    console.log(`Packaged: ${outDir}`);
    return 0;
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-browser': { type: 'boolean', default: false },
      reader: { type: 'string' },
      'card-number': { type: 'string' },
      'trust-store': { type: 'string' },
      'test-trust-store': { type: 'string' },
      'include-images': { type: 'boolean', default: false },
      profile: { type: 'string' },
      'audit-log': { type: 'string' },
      list: { type: 'boolean', default: false },
      deterministic: { type: 'boolean', default: false },
      'link-kbps': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      name: { type: 'string' },
      'card-type': { type: 'string' },
      key: { type: 'string' },
      cert: { type: 'string' },
      out: { type: 'string' },
      publishers: { type: 'string' },
      'passphrase-env': { type: 'string' },
    },
  });
  const [command, subcommand] = positionals;
  const configLocation = configPathFrom(values.config);

  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case 'plugin':
      return runPluginCommand(subcommand, positionals.slice(2), values, {
        sdkFolder: join(dirname(webRoot), 'sdk', 'zairyu-plugin-api'),
        config: () => loadKioskConfigFile(configLocation.path, configLocation.required),
        log: (line) => console.log(line),
        error: (line) => console.error(line),
      });
    case 'plugins': {
      const config = await loadKioskConfigFile(configLocation.path, configLocation.required);
      const plugins = await listPlugins(join(webRoot, 'plugins'), config);
      console.log(values.json ? JSON.stringify(plugins, null, 2) : formatPluginTable(plugins));
      return 0;
    }
    case 'readers': {
      const config = withTrustStoreOptions(await loadKioskConfigFile(configLocation.path, configLocation.required), {
        ...(values['trust-store'] ? { trustStore: values['trust-store'] } : {}),
        ...(values['test-trust-store'] ? { testTrustStore: values['test-trust-store'] } : {}),
      });
      const kernel = await createNodeKernel(webRoot, config);
      const transport = new PcscTransport({ logger: kernel.logger });
      try {
        const readers = await transport.listReaders();
        console.log(values.json ? JSON.stringify(readersToJson(readers), null, 2) : readers.map((reader) => `${reader.name}${reader.cardPresent ? '  [card]' : ''}`).join('\n') || 'no readers');
        return 0;
      } catch (error) {
        const described = describeCliError(error, kernel);
        if (values.json) console.log(JSON.stringify(described, null, 2));
        else console.error(`error ${described.error.code}: ${described.error.message.en} / ${described.error.message.ja}`);
        return 1;
      } finally {
        await transport.close();
      }
    }
    case 'read':
      return runReadCommand(
        {
          webRoot,
          config: await loadKioskConfigFile(configLocation.path, configLocation.required),
          ...(values.reader ? { reader: values.reader } : {}),
          cardNumber: values['card-number'] ?? '',
          ...(values['trust-store'] ? { trustStore: values['trust-store'] } : {}),
          ...(values['test-trust-store'] ? { testTrustStore: values['test-trust-store'] } : {}),
          ...(values['audit-log'] ? { auditLog: values['audit-log'] } : {}),
          includeImages: values['include-images'],
          json: values.json,
        },
        { out: (text) => console.log(text), err: (text) => console.error(text) },
      );
    case 'emulate': {
      if (values.list || !values.profile) {
        for (const profile of listEmulatorProfiles()) {
          console.log(`${profile.id.padEnd(52)} ${profile.cardNumber ?? '            '}  ${profile.description.en}`);
        }
        return values.list ? 0 : 2;
      }
      const emulator = await runEmulateCommand({
        profile: values.profile,
        port: values.port ? Number(values.port) : undefined,
        deterministic: values.deterministic,
        linkKbps: values['link-kbps'] ? Number(values['link-kbps']) : undefined,
        log: (line) => console.log(line),
      });
      console.log('Never run this on a production kiosk: vpcd lets any local program insert cards. Ctrl+C to stop.');
      await new Promise<void>((resolveStop) => {
        process.once('SIGINT', resolveStop);
        process.once('SIGTERM', resolveStop);
      });
      await emulator.close();
      return 0;
    }
    case 'audit': {
      if (subcommand !== 'verify' || !positionals[2]) break;
      // Bytes, not text: a break's size is counted in bytes, torn characters included.
      const verification = verifyAuditLog(await readFile(positionals[2]));
      console.log(
        verification.ok
          ? `${positionals[2]}: ${verification.records} records, chain intact`
          : `${positionals[2]}: BROKEN at line ${verification.line}: ${verification.reason}`,
      );
      return verification.ok ? 0 : 1;
    }
    case 'config': {
      if (subcommand === 'schema') {
        console.log(JSON.stringify(z.toJSONSchema(kioskConfigSchema, { io: 'input' }), null, 2));
        return 0;
      }
      if (subcommand === 'check') {
        const config = await loadKioskConfigFile(configLocation.path, true);
        console.log(`${configLocation.path}: valid`);
        // The operator's code tables are data beside the config: a refused file would silently show raw codes.
        const codeTables = await loadOperatorCodeTables(config.codeTableFolder);
        for (const problem of codeTables.problems) console.error(`${codeTables.source}: ${problem}`);
        const tableIds = Object.keys(codeTables.tables);
        if (tableIds.length > 0) console.log(`${codeTables.source}: code tables ${tableIds.join(', ')}`);
        return codeTables.problems.length === 0 ? 0 : 1;
      }
      break;
    }
    case 'kiosk': {
      // The page validates the config again and shows the config error screen; check here too, for the operator.
      await loadKioskConfigFile(configLocation.path, configLocation.required).catch((error: unknown) => {
        console.error(`warning: ${(error as Error).message}`);
      });
      const config = await loadKioskConfigFile(configLocation.path, configLocation.required).catch(() => defaultKioskConfig);
      const transport = new PcscTransport({ transmitTimeoutMs: config.reader.transmitTimeoutSeconds * 1000 });
      const logger = new LoggerService({ level: config.logLevel, capacity: 200, sinks: [consoleSink] }, 'kiosk');
      // The audit log (auditLogFile, relative to the working directory like the folders): the page sends its events
      // over the card service, which checks each one and appends it here.
      const auditPath = config.auditLogFile === null ? undefined : resolve(config.auditLogFile);
      const audit = auditPath === undefined ? undefined : await openAuditFile(auditPath, { logger: logger.child('audit') });
      const server = await startWebKioskServer({
        webRoot,
        port: values.port ? Number(values.port) : 0,
        cardService: { transport, token: randomBytes(32).toString('base64url'), ...(audit ? { audit } : {}), logger: logger.child('card-service') },
        trustStore: () => readTrustStoreDocument(config.trustStoreFolder, config.trustStoreProfile),
        codeTables: () => readCodeTableFiles(config.codeTableFolder),
        // Plugins from the configured folders: the page loads each one only when its signature verifies.
        externalPlugins: new ExternalPluginFolders(async () => config),
        // The revocation inquiry's restricted view: a loopback proxy to the configured service origin only.
        restrictedFrame: async (kioskOrigin) => {
          const targetOrigin = await revocationServiceOrigin(config, webRoot);
          if (!targetOrigin) {
            console.error('warning: revocation inquiry disabled: pluginSettings.revocation.serviceUrl is not an https address');
            return undefined;
          }
          return startRevocationProxy({ targetOrigin, kioskOrigin });
        },
        configText: async () => (await readConfigText(configLocation.path, configLocation.required).catch((error: Error) => {
          // Served as invalid JSON on purpose: the page then shows the config error screen with this reason.
          return `config file error: ${error.message}`;
        })) ?? '{}',
      });
      console.log(`Kiosk page: ${server.url}`);
      console.log(auditPath === undefined ? 'Audit log: none (config auditLogFile is null)' : `Audit log: ${auditPath}`);
      console.log('Readers: PC/SC through the local card service; the demo reader with sample cards is used when none is present (config reader.demo).');
      const chromium = findChromium();
      let browser: KioskBrowser | undefined;
      if (!values['no-browser'] && chromium && hasDisplay()) {
        browser = await launchKioskChromium(chromium, server.kioskUrl);
        console.log('Opened full screen in Chromium. Close the window (or press Ctrl+C here) to stop.');
      } else {
        console.log(
          chromium && !values['no-browser']
            ? `No display found: open the address above in a browser on this machine (demo reader only; real readers need the launch address ${server.url}#token=… that the kiosk window gets). Press Ctrl+C to stop.`
            : 'Open the address above in a browser on this machine (demo reader only). Press Ctrl+C to stop.',
        );
      }
      await new Promise<void>((resolveStop) => {
        process.once('SIGINT', resolveStop);
        process.once('SIGTERM', resolveStop);
        // Closing the window stops the kiosk.
        void browser?.closed.then(resolveStop);
      });
      await browser?.close();
      await server.close();
      await transport.close();
      return 0;
    }
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isKioskError(error)) {
      console.error(`error ${error.code}: ${error.message}`);
      process.exit(1);
    }
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
