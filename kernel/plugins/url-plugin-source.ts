import type { PluginModule } from '../api/plugin';
import { installPluginRuntime } from './plugin-runtime';
import type { PluginSource } from './plugin-source';

/** A plugin served by the host over HTTP(S) or from the app's own files (NW.js), read with fetch. */
export class UrlPluginSource implements PluginSource {
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
}
