// Types of scripts/build-nw.mjs, for the tests that build an NW.js app folder.
import type { Plugin } from 'esbuild';
import type * as manifestModule from '../shell/nw/manifest';
import type { NwManifest } from '../shell/nw/manifest';

export function loadManifestModule(root: string): Promise<typeof manifestModule>;

export function buildNwApp(options: {
  root: string;
  outDir: string;
  licenceText?: string;
  minify?: boolean;
}): Promise<{ manifest: NwManifest; nodeModules: string[] }>;

/** The esbuild plugin that makes OpenJPEG's Emscripten glue take its browser path in NW.js. */
export const emscriptenAsWeb: Plugin;

/** The esbuild target of the NW.js bundle. */
export const NW_CHROMIUM_TARGET: string;
