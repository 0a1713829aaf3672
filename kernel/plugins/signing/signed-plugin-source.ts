import type { PluginModule } from '../../api/plugin';
import { normalisePluginPath, type PluginSource } from '../plugin-source';
import { sha256Hex } from './file-list';
import type { PluginFiles } from './plugin-files';
import { verifyPluginSignature, type PluginSignatureCheck } from './plugin-signature';
import type { PluginPublishers } from './publisher-certificates';

/**
 * An external plugin that must carry a valid signature. The host asks `refusal()` before anything else; when
 * the signature is missing or wrong the plugin is disabled with that reason and none of its files is read
 * further. After a good check the manifest and resources are served from the verified bytes, and `main` is
 * compared with its signed digest again just before it is imported.
 */
export class SignedPluginSource implements PluginSource {
  readonly builtin = false;
  private check: Promise<PluginSignatureCheck> | undefined;

  constructor(
    private readonly inner: PluginSource,
    private readonly files: PluginFiles,
    private readonly publishers: () => Promise<PluginPublishers>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get location(): string {
    return this.inner.location;
  }

  async refusal(): Promise<string | undefined> {
    const check = await this.verified();
    return check.ok ? undefined : check.reason;
  }

  async readManifest(): Promise<unknown> {
    return JSON.parse(await this.readText('package.json'));
  }

  async readText(relativePath: string): Promise<string> {
    const bytes = (await this.accepted()).contents.get(normalisePluginPath(relativePath));
    if (!bytes) throw new Error(`${relativePath}: no such file in the signed plugin`);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  }

  assetUrl(relativePath: string): string {
    return this.inner.assetUrl(relativePath);
  }

  async loadMain(mainPath: string): Promise<PluginModule> {
    const check = await this.accepted();
    const path = normalisePluginPath(mainPath);
    const entry = check.fileList.files.find((file) => file.path === path);
    if (!entry) throw new Error(`${mainPath}: not a signed file`);
    // Narrows the window between the check at start-up and the import (which reads the file again) to this moment.
    if ((await sha256Hex(await this.files.read(path))) !== entry.sha256) throw new Error(`file changed since start-up: ${path}`);
    return this.inner.loadMain(mainPath);
  }

  private verified(): Promise<PluginSignatureCheck> {
    this.check ??= this.publishers()
      .then((publishers) => verifyPluginSignature(this.files, publishers, { now: this.now() }))
      .catch((error: unknown) => ({ ok: false as const, reason: `signature could not be checked: ${error instanceof Error ? error.message : String(error)}` }));
    return this.check;
  }

  private async accepted(): Promise<Extract<PluginSignatureCheck, { ok: true }>> {
    const check = await this.verified();
    if (!check.ok) throw new Error(check.reason);
    return check;
  }
}
