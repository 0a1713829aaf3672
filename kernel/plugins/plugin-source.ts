import type { PluginModule } from '../api/plugin';

/**
 * Where a plugin's files come from: a folder on disk (Node), URLs served by the host (browser), or an
 * in-memory fixture (tests). The host only ever asks for plugin-relative paths.
 */
export interface PluginSource {
  /** Human-readable location for messages: a folder path or a URL. */
  readonly location: string;
  readonly builtin: boolean;
  /**
   * Why this plugin must not be loaded at all (e.g. its signature is missing or does not verify), or undefined.
   * Asked before the manifest is read; sources without checks leave it out.
   */
  refusal?(): Promise<string | undefined>;
  readManifest(): Promise<unknown>;
  /** Text of a file inside the plugin folder; rejects when it is missing. */
  readText(relativePath: string): Promise<string>;
  assetUrl(relativePath: string): string;
  loadMain(mainPath: string): Promise<PluginModule>;
}

/** Normalises './a/b.json' and 'a/b.json' alike, refusing anything that leaves the plugin folder. */
export function normalisePluginPath(relativePath: string): string {
  const trimmed = relativePath.replace(/^\.\//, '');
  if (trimmed.startsWith('/') || trimmed.split('/').some((part) => part === '..' || part === '')) {
    throw new Error(`path "${relativePath}" leaves the plugin folder`);
  }
  return trimmed;
}
