import type { PluginModule } from '../api/plugin';
import { installPluginRuntime } from './plugin-runtime';
import type { PluginSource, VerifiedMainLoader, VerifiedModule } from './plugin-source';

/** Query parameter naming the SHA-256 the served bytes must have (see `verifiedMainUrl`). */
export const VERIFIED_DIGEST_PARAMETER = 'sha256';

/** A plugin served by the host over HTTP(S) or from the app's own files (NW.js), read with fetch. */
export class UrlPluginSource implements PluginSource, VerifiedMainLoader {
  readonly location: string;

  constructor(
    baseUrl: string,
    readonly builtin: boolean,
    private readonly bundledMain?: () => Promise<PluginModule>,
  ) {
    this.location = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  }

  async readManifest(): Promise<unknown> {
    return JSON.parse(await this.readText('package.json'));
  }

  async readText(relativePath: string): Promise<string> {
    const response = await fetch(this.assetUrl(relativePath));
    if (!response.ok) throw new Error(`${relativePath}: HTTP ${response.status}`);
    return response.text();
  }

  assetUrl(relativePath: string): string {
    return new URL(relativePath, this.location).href;
  }

  async loadMain(mainPath: string): Promise<PluginModule> {
    if (this.bundledMain) return this.bundledMain();
    await installPluginRuntime();
    return (await import(/* @vite-ignore */ this.assetUrl(mainPath))) as PluginModule;
  }

  /**
   * Imports a signed plugin's main module. The page cannot import the bytes it verified itself: its CSP
   * (`script-src 'self'`, shell/web/index.html) refuses `blob:` and `data:` scripts, and widening it would let
   * any injected string run as code. So it imports the server's copy by a URL that names the verified digest:
   * the kiosk's loopback server serves plugin files from the snapshot it took when it listed them, never from
   * the disk, and answers 404 when the snapshot's bytes do not have that digest
   * (kernel/node/external-plugin-folders.ts). What runs is the verified bytes, or nothing.
   */
  async loadVerifiedMain(main: VerifiedModule): Promise<PluginModule> {
    if (this.bundledMain) return this.bundledMain();
    await installPluginRuntime();
    return (await import(/* @vite-ignore */ this.verifiedMainUrl(main))) as PluginModule;
  }

  /** `<location><path>?sha256=<digest>`: a URL of these bytes only (and a module-map key of its own). */
  verifiedMainUrl(main: VerifiedModule): string {
    const url = new URL(main.path, this.location);
    url.searchParams.set(VERIFIED_DIGEST_PARAMETER, main.sha256);
    return url.href;
  }
}
