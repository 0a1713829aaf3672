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
  /**
   * Whether a file of the plugin is there (help images and other resources the manifest names are checked before
   * the plugin is enabled). Sources that cannot tell cheaply leave it out; their files are found missing on use.
   */
  hasFile?(relativePath: string): Promise<boolean>;
  /**
   * URL of a file inside the plugin folder (help images and the like). Signed plugins hand out `data:` URLs of
   * the bytes their signature check read, so nothing is fetched from the folder afterwards.
   */
  assetUrl(relativePath: string): string;
  loadMain(mainPath: string): Promise<PluginModule>;
}

/** A plugin's main module as its signature check read it: the bytes that must run, and nothing else. */
export interface VerifiedModule {
  /** Plugin-relative path, e.g. `dist/extension.js`. */
  readonly path: string;
  readonly bytes: Uint8Array;
  /** SHA-256 of `bytes`, lower-case hex, as listed in the signed file list. */
  readonly sha256: string;
}

/**
 * How a host imports the main module of a signed plugin: from exactly the verified bytes, never by reading the
 * plugin's file again (which could have been replaced since the check). Node hosts import a private copy of
 * the bytes (kernel/node/fs-plugin-source.ts); the web page imports the server's snapshot by its digest
 * (kernel/plugins/url-plugin-source.ts).
 */
export interface VerifiedMainLoader {
  /** Human-readable location for messages: a folder path or a URL. */
  readonly location: string;
  loadVerifiedMain(main: VerifiedModule): Promise<PluginModule>;
}

/** Normalises './a/b.json' and 'a/b.json' alike, refusing anything that leaves the plugin folder. */
export function normalisePluginPath(relativePath: string): string {
  const trimmed = relativePath.replace(/^\.\//, '');
  if (trimmed.startsWith('/') || trimmed.split('/').some((part) => part === '..' || part === '')) {
    throw new Error(`path "${relativePath}" leaves the plugin folder`);
  }
  return trimmed;
}
