import { inject, injectable } from 'inversify';
import type { Language } from '../api/plugin';
import type { KioskConfig } from '../config/kiosk-config';
import type { ContributionProvider } from '../contributions/contribution-provider';
import { I18nService, type MessageTree } from '../i18n/i18n-service';
import { LoggerService } from '../logging/logger-service';
import { qualifyContext, type ContributionPoint } from './contribution-point';
import { ContributionRegistry } from './contribution-registry';
import { ImplementationRegistry } from './implementation-registry';
import { checkManifest } from './manifest';
import { createPluginContext } from './plugin-context-factory';
import { summarise, type PluginRecord, type PluginState, type PluginSummary } from './plugin-record';
import { normalisePluginPath, type PluginSource } from './plugin-source';
import { PluginStates } from './plugin-states';
import { codeTableFileSchema, type CodeTableContribution } from './points/code-tables';
import type { LocaleContribution } from './points/locales';
import { checkSettingValue, type SettingsContribution } from './points/settings';
import { describeSchemaIssues } from './schema-errors';
import { ContributionPointsProvider, HostServicesToken, KioskConfigToken, TrustAnchorsToken, type HostServices } from './tokens';
import type { TrustAnchors } from '../api/trust';
import { CodeTableService } from '../code-tables/code-table-service';

/** An activation that has not settled by then is treated as failed, so one plugin cannot hang the kiosk. */
export const ACTIVATION_TIMEOUT_MS = 10_000;

interface StagedResources {
  locales: { language: Language; messages: MessageTree }[];
  codeTables: { id: string; table: ReturnType<typeof codeTableFileSchema.parse> }[];
}

/**
 * Loads plugins the way VS Code loads extensions: the manifest first (validated against the schema of each
 * contribution point), dependencies resolved, contributions registered, and code activated only when one of the
 * plugin's activation events fires. A plugin that is invalid, misses a dependency or throws is disabled with a
 * reason an operator can read; the others keep working.
 */
@injectable()
export class PluginHost {
  private readonly records = new Map<string, PluginRecord>();
  private readonly logger;

  constructor(
    @inject(ContributionPointsProvider) private readonly points: ContributionProvider<ContributionPoint>,
    @inject(I18nService) private readonly i18n: I18nService,
    @inject(LoggerService) logger: LoggerService,
    @inject(KioskConfigToken) private readonly config: KioskConfig,
    @inject(PluginStates) private readonly states: PluginStates,
    @inject(ContributionRegistry) private readonly contributions: ContributionRegistry,
    @inject(ImplementationRegistry) private readonly implementations: ImplementationRegistry,
    @inject(TrustAnchorsToken) private readonly trustAnchors: () => Promise<TrustAnchors>,
    @inject(HostServicesToken) private readonly hostServices: HostServices,
    @inject(CodeTableService) private readonly codeTables: CodeTableService,
  ) {
    this.logger = logger.child('plugins');
  }

  /** Loads every source, then activates the plugins that wait for `onStartup`. */
  async load(sources: readonly PluginSource[]): Promise<void> {
    const staged = new Map<string, StagedResources>();
    for (const source of sources) {
      const loaded = await this.readPlugin(source);
      if (loaded) staged.set(loaded.record.name, loaded.resources);
    }
    this.resolveDependencies();
    for (const record of this.records.values()) {
      const resources = staged.get(record.name);
      if (record.state === 'enabled' && resources) this.register(record, resources);
    }
    this.warnAboutUnknownSettings();
    await this.activateByEvent('onStartup');
  }

  /** Activates every enabled plugin that declared `event` (e.g. `onCardType:05`, `onView:revocation.inquiry`). */
  async activateByEvent(event: string): Promise<void> {
    // A plugin already activating is awaited too, so two panels asking at once both get it active.
    const waiting = [...this.records.values()].filter(
      (record) => (record.state === 'enabled' || record.state === 'activating') && record.manifest?.activationEvents.includes(event),
    );
    await Promise.all(waiting.map((record) => this.activate(record.name)));
  }

  /** Resolves to true when the plugin is active (activating its dependencies first). */
  async activate(name: string): Promise<boolean> {
    const record = this.records.get(name);
    if (!record) return false;
    if (record.state === 'active') return true;
    if (record.state !== 'enabled' && record.state !== 'activating') return false;
    record.activation ??= this.runActivation(record);
    await record.activation;
    return this.stateOf(name) === 'active';
  }

  /** Takes a plugin out of service after it failed at run time (e.g. a contributed component kept throwing). */
  disable(name: string, reason: string): void {
    const record = this.records.get(name);
    if (!record || record.state === 'disabled' || record.state === 'failed') return;
    this.fail(record, reason);
  }

  stateOf(name: string): PluginState | undefined {
    return this.records.get(name)?.state;
  }

  /** URL of a file in a plugin's folder, e.g. a help illustration named in its manifest. */
  assetUrl(name: string, relativePath: string): string | undefined {
    const record = this.records.get(name);
    return record ? record.source.assetUrl(normalisePluginPath(relativePath)) : undefined;
  }

  exportsOf(name: string): unknown {
    return this.records.get(name)?.exports;
  }

  summaries(): PluginSummary[] {
    return [...this.records.values()].map(summarise);
  }

  private async readPlugin(source: PluginSource): Promise<{ record: PluginRecord; resources: StagedResources } | undefined> {
    const refusal = await source.refusal?.();
    if (refusal) {
      this.addDisabled(source, fallbackName(source), refusal);
      return undefined;
    }
    let raw: unknown;
    try {
      raw = await source.readManifest();
    } catch (error) {
      this.addDisabled(source, fallbackName(source), `manifest could not be read: ${messageOf(error)}`);
      return undefined;
    }
    const check = checkManifest(raw);
    if (!check.ok) {
      this.addDisabled(source, nameFromRaw(raw) ?? fallbackName(source), `invalid manifest: ${check.problems.join('; ')}`);
      return undefined;
    }
    const manifest = check.manifest;
    if (this.records.has(manifest.name)) {
      const first = this.records.get(manifest.name)!;
      this.addDisabled(source, manifest.name, `a plugin named "${manifest.name}" is already loaded from ${first.location}`);
      return undefined;
    }
    const record: PluginRecord = {
      name: manifest.name,
      location: source.location,
      builtin: source.builtin,
      source,
      manifest,
      state: 'enabled',
      reason: undefined,
      warnings: [],
      contributions: new Map(),
      module: undefined,
      exports: undefined,
      subscriptions: [],
      activation: undefined,
    };
    this.records.set(record.name, record);
    this.states.set(record.name, 'enabled');

    const problems: string[] = [];
    /** Files the manifest names (help images, locale files, code tables), checked before the plugin is enabled. */
    const resourceFiles: { point: string; path: string }[] = [];
    const pointsByName = new Map(this.points.getContributions().map((point) => [point.name, point]));
    for (const [pointName, value] of Object.entries(manifest.contributes)) {
      const point = pointsByName.get(pointName);
      if (!point) {
        record.warnings.push(`contributes.${pointName}: unknown contribution point, ignored`);
        continue;
      }
      const parsed = point.schema.safeParse(value);
      if (!parsed.success) {
        problems.push(...describeSchemaIssues(parsed.error, `contributes.${pointName}`));
        continue;
      }
      for (const path of point.resourcePaths?.(parsed.data) ?? []) resourceFiles.push({ point: pointName, path });
      const qualified = point.qualify ? point.qualify(parsed.data, qualifyContext(record.name)) : parsed.data;
      record.contributions.set(pointName, qualified);
    }
    problems.push(...this.checkConfiguredSettings(record));
    if (problems.length > 0) {
      this.fail(record, `invalid manifest: ${problems.join('; ')}`, 'disabled');
      return undefined;
    }

    try {
      await this.checkResourceFiles(record, resourceFiles);
      return { record, resources: await this.readResources(record) };
    } catch (error) {
      this.fail(record, messageOf(error), 'disabled');
      return undefined;
    }
  }

  /** A help image or resource the manifest names but the plugin lacks disables it, rather than a broken screen later. */
  private async checkResourceFiles(record: PluginRecord, files: readonly { point: string; path: string }[]): Promise<void> {
    const { source } = record;
    if (!source.hasFile) return;
    const missing: string[] = [];
    for (const file of files) {
      if (!(await source.hasFile(normalisePluginPath(file.path)))) missing.push(`contributes.${file.point}: ${file.path} is missing`);
    }
    if (missing.length > 0) throw new Error(missing.join('; '));
  }

  private async readResources(record: PluginRecord): Promise<StagedResources> {
    const resources: StagedResources = { locales: [], codeTables: [] };
    const locales = (record.contributions.get('locales') ?? []) as LocaleContribution[];
    for (const file of locales) {
      const messages = await this.readJson(record, file.path);
      if (!isMessageTree(messages)) throw new Error(`${file.path}: messages must be an object of strings`);
      resources.locales.push({ language: file.language, messages });
    }
    const tables = (record.contributions.get('codeTables') ?? []) as CodeTableContribution[];
    for (const table of tables) {
      const parsed = codeTableFileSchema.safeParse(await this.readJson(record, table.path));
      if (!parsed.success) throw new Error(`${table.path}: ${describeSchemaIssues(parsed.error).join('; ')}`);
      resources.codeTables.push({ id: table.id, table: parsed.data });
    }
    return resources;
  }

  private async readJson(record: PluginRecord, path: string): Promise<unknown> {
    let text: string;
    try {
      text = await record.source.readText(normalisePluginPath(path));
    } catch (error) {
      throw new Error(`${path} could not be read: ${messageOf(error)}`);
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error(`${path} is not valid JSON: ${messageOf(error)}`);
    }
  }

  private checkConfiguredSettings(record: PluginRecord): string[] {
    const configured = this.config.pluginSettings[record.name] ?? {};
    const declared = (record.contributions.get('settings') ?? {}) as SettingsContribution;
    const problems: string[] = [];
    for (const [key, value] of Object.entries(configured)) {
      const declaration = declared[key];
      const problem = declaration ? checkSettingValue(declaration, value) : 'is not a setting of this plugin';
      if (problem) problems.push(`config pluginSettings.${record.name}.${key}: ${problem}`);
    }
    return problems;
  }

  /** Disables plugins whose dependencies are missing, disabled or circular, until nothing changes. */
  private resolveDependencies(): void {
    let changed = true;
    while (changed) {
      changed = false;
      for (const record of this.records.values()) {
        if (record.state !== 'enabled') continue;
        for (const dependency of record.manifest?.extensionDependencies ?? []) {
          const target = this.records.get(dependency);
          const problem = !target
            ? `depends on "${dependency}", which is not installed`
            : target.state !== 'enabled'
              ? `depends on "${dependency}", which is ${target.state}`
              : this.dependsOn(target, record.name, new Set())
                ? `circular dependency with "${dependency}"`
                : undefined;
          if (problem) {
            this.fail(record, problem, 'disabled');
            changed = true;
            break;
          }
        }
      }
    }
  }

  private dependsOn(record: PluginRecord, name: string, seen: Set<string>): boolean {
    if (seen.has(record.name)) return false;
    seen.add(record.name);
    return (record.manifest?.extensionDependencies ?? []).some((dependency) => {
      if (dependency === name) return true;
      const next = this.records.get(dependency);
      return next ? this.dependsOn(next, name, seen) : false;
    });
  }

  private register(record: PluginRecord, resources: StagedResources): void {
    for (const [point, value] of record.contributions) this.contributions.add(record.name, point, value);
    for (const locale of resources.locales) this.i18n.addNamespace(record.name, locale.language, locale.messages);
    for (const table of resources.codeTables) this.contributions.addCodeTable(record.name, table.id, table.table);
    this.logger.info('plugin enabled', { plugin: record.name, version: record.manifest?.version, builtin: record.builtin });
  }

  private warnAboutUnknownSettings(): void {
    for (const name of Object.keys(this.config.pluginSettings)) {
      if (!this.records.has(name)) this.logger.warn('config has settings for a plugin that is not installed', { plugin: name });
    }
  }

  private async runActivation(record: PluginRecord): Promise<void> {
    this.setState(record, 'activating');
    const manifest = record.manifest!;
    try {
      for (const dependency of manifest.extensionDependencies) {
        if (!(await this.activate(dependency))) throw new Error(`dependency "${dependency}" could not be activated`);
      }
      if (manifest.main === undefined) {
        // Declarative plugin: its contributions are all there is.
        this.setState(record, 'enabled');
        return;
      }
      const module = await withTimeout(record.source.loadMain(normalisePluginPath(manifest.main)), 'loading main');
      if (typeof module?.activate !== 'function') throw new Error(`${manifest.main} does not export an activate function`);
      record.module = module;
      const context = createPluginContext(record, {
        i18n: this.i18n,
        logger: this.logger,
        config: this.config,
        contributions: this.contributions,
        implementations: this.implementations,
        exportsOf: (name) => this.exportsOf(name),
        trustAnchors: this.trustAnchors,
        hostServices: this.hostServices,
        codeTables: this.codeTables,
      });
      record.exports = await withTimeout(Promise.resolve(module.activate(context)), 'activate()');
      if (record.state === 'activating') this.setState(record, 'active');
      this.logger.info('plugin activated', { plugin: record.name });
    } catch (error) {
      this.fail(record, `activation failed: ${messageOf(error)}`);
    }
  }

  private fail(record: PluginRecord, reason: string, state: 'disabled' | 'failed' = 'failed'): void {
    record.reason = reason;
    this.setState(record, state);
    this.implementations.withdraw(record.name);
    for (const subscription of record.subscriptions.splice(0)) {
      try {
        subscription.dispose();
      } catch {
        // Disposing a broken plugin's registrations must not break the host.
      }
    }
    this.logger.error(`plugin ${state}`, { plugin: record.name, reason });
    // Dependents cannot work without it.
    for (const other of this.records.values()) {
      if (other.manifest?.extensionDependencies.includes(record.name) && this.states.isUsable(other.name)) {
        this.fail(other, `depends on "${record.name}", which is ${state}`, state);
      }
    }
  }

  private addDisabled(source: PluginSource, name: string, reason: string): void {
    const unique = this.records.has(name) ? `${name}@${source.location}` : name;
    this.records.set(unique, {
      name: unique,
      location: source.location,
      builtin: source.builtin,
      source,
      manifest: undefined,
      state: 'disabled',
      reason,
      warnings: [],
      contributions: new Map(),
      module: undefined,
      exports: undefined,
      subscriptions: [],
      activation: undefined,
    });
    this.states.set(unique, 'disabled');
    this.logger.error('plugin disabled', { plugin: unique, location: source.location, reason });
  }

  private setState(record: PluginRecord, state: PluginState): void {
    record.state = state;
    this.states.set(record.name, state);
  }
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ACTIVATION_TIMEOUT_MS / 1000} s`)), ACTIVATION_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function nameFromRaw(raw: unknown): string | undefined {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^[a-z0-9][a-z0-9-]{0,63}$/.test(name) ? name : undefined;
}

function fallbackName(source: PluginSource): string {
  return source.location.split(/[\\/]/).filter(Boolean).pop() ?? source.location;
}

function isMessageTree(value: unknown): value is MessageTree {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((entry) => typeof entry === 'string' || isMessageTree(entry));
}
