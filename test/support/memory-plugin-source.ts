import type { PluginModule } from '../../kernel/api';
import type { PluginSource } from '../../kernel/plugins/plugin-source';

/** A plugin made of in-memory files, for host tests. */
export class MemoryPluginSource implements PluginSource {
  readonly builtin = false;
  loads = 0;

  constructor(
    readonly location: string,
    private readonly files: Record<string, unknown>,
    private readonly module?: PluginModule | (() => PluginModule),
  ) {}

  async readManifest(): Promise<unknown> {
    if (!('package.json' in this.files)) throw new Error('package.json: no such file');
    const manifest = this.files['package.json'];
    return typeof manifest === 'string' ? JSON.parse(manifest) : manifest;
  }

  async readText(relativePath: string): Promise<string> {
    if (!(relativePath in this.files)) throw new Error(`${relativePath}: no such file`);
    const content = this.files[relativePath];
    return typeof content === 'string' ? content : JSON.stringify(content);
  }

  async hasFile(relativePath: string): Promise<boolean> {
    return relativePath in this.files;
  }

  assetUrl(relativePath: string): string {
    return `memory://${this.location}/${relativePath}`;
  }

  async loadMain(): Promise<PluginModule> {
    this.loads += 1;
    if (!this.module) throw new Error('no main module');
    return typeof this.module === 'function' ? this.module() : this.module;
  }
}

export function manifest(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, version: '1.0.0', engines: { 'zairyu-kiosk': '^1.0.0' }, main: './main.js', ...extra };
}
