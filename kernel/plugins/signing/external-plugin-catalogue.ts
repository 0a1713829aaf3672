import type { PluginFiles } from './plugin-files';
import { publishersFromFiles, type PluginPublishers } from './publisher-certificates';
import { SignedPluginSource } from './signed-plugin-source';
import { UrlPluginSource } from '../url-plugin-source';

/** Where the web host serves the catalogue and the plugins' files, relative to the kiosk page. */
export const EXTERNAL_PLUGIN_CATALOGUE_PATH = 'external-plugins.json';
export const EXTERNAL_PLUGIN_FILES_PATH = 'external-plugins/';

/**
 * What a host that reads plugin folders (the web kiosk's server) tells a page that cannot: every plugin folder
 * with its file list, and the operator's publisher certificates. The page checks every signature itself, on the
 * bytes it receives, so the server is a file server and nothing more.
 */
export interface ExternalPluginCatalogue {
  readonly plugins: readonly ExternalPluginEntry[];
  readonly publishers: {
    readonly source: string;
    readonly files: readonly { readonly name: string; readonly base64: string }[];
    readonly problem?: string;
  };
}

export interface ExternalPluginEntry {
  /** The folder on the host, for messages. */
  readonly folder: string;
  /** Every file of the folder, or why the folder cannot be listed (a symbolic link, an unreadable folder). */
  readonly files?: readonly string[];
  readonly problem?: string;
}

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

/** One signed plugin source per catalogue entry, its files fetched from `${pageBase}external-plugins/<index>/`. */
export function pluginSourcesFromCatalogue(catalogue: ExternalPluginCatalogue, pageBase: string, fetchFile: typeof fetch = fetch): SignedPluginSource[] {
  let publishers: PluginPublishers | undefined;
  const trusted = async () =>
    (publishers ??= publishersFromFiles({
      source: catalogue.publishers.source,
      files: catalogue.publishers.files.map((file) => ({ name: file.name, bytes: fromBase64(file.base64) })),
      ...(catalogue.publishers.problem !== undefined ? { problem: catalogue.publishers.problem } : {}),
    }));
  return catalogue.plugins.map((entry, index) => {
    const base = new URL(`${EXTERNAL_PLUGIN_FILES_PATH}${index}/`, pageBase).href;
    return new SignedPluginSource(new UrlPluginSource(base, false), servedPluginFiles(entry, base, fetchFile), trusted);
  });
}

/** A catalogue that could not be fetched: one refused entry saying why, so the operator sees it in the plugin list. */
export function unavailableCatalogue(reason: string): ExternalPluginCatalogue {
  return { plugins: [{ folder: EXTERNAL_PLUGIN_CATALOGUE_PATH, problem: reason }], publishers: { source: EXTERNAL_PLUGIN_CATALOGUE_PATH, files: [] } };
}

function servedPluginFiles(entry: ExternalPluginEntry, base: string, fetchFile: typeof fetch): PluginFiles {
  return {
    location: entry.folder,
    async list() {
      if (entry.problem !== undefined || !entry.files) throw new Error(entry.problem ?? 'no file list');
      return [...entry.files];
    },
    async read(relativePath) {
      const response = await fetchFile(new URL(relativePath, base).href, { cache: 'no-store' });
      if (!response.ok) throw new Error(`${relativePath}: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
