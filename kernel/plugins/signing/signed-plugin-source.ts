import type { PluginModule } from '../../api/plugin';
import { normalisePluginPath, type PluginSource, type VerifiedMainLoader } from '../plugin-source';
import { dataUrlOf } from './data-url';
import { sha256Hex } from './file-list';
import type { PluginFiles } from './plugin-files';
import { verifyPluginSignature, type PluginSignatureCheck } from './plugin-signature';
import type { PluginPublishers } from './publisher-certificates';

type AcceptedCheck = Extract<PluginSignatureCheck, { ok: true }>;

/**
 * An external plugin that must carry a valid signature. The host asks `refusal()` before anything else; when
 * the signature is missing or wrong the plugin is disabled with that reason and none of its files is read
 * further. After a good check nothing is read from the plugin's files again: the manifest and resources are
 * served from the bytes the check read and hashed, assets are handed out as `data:` URLs of those bytes, and
 * `main` is imported from its verified bytes (`loader.loadVerifiedMain`), so a file replaced after the check
 * never runs.
 */
export class SignedPluginSource implements PluginSource {
  readonly builtin = false;
  private check: Promise<PluginSignatureCheck> | undefined;
  /** The check once it has succeeded: `assetUrl` is synchronous. */
  private acceptedCheck: AcceptedCheck | undefined;
  private readonly assetUrls = new Map<string, string>();

  constructor(
    private readonly loader: VerifiedMainLoader,
    private readonly files: PluginFiles,
    private readonly publishers: () => Promise<PluginPublishers>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get location(): string {
    return this.loader.location;
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

  async hasFile(relativePath: string): Promise<boolean> {
    return (await this.accepted()).contents.has(normalisePluginPath(relativePath));
  }

  /**
   * A `data:` URL of the verified bytes (the kiosk pages' CSPs allow `data:` images). Not a `blob:` URL: a data:
   * URL means the same in every host and JavaScript context and needs no revoking. A path that is not a signed
   * file of an accepted plugin gets a URL that loads nothing, never one that reaches the folder.
   */
  assetUrl(relativePath: string): string {
    const path = normalisePluginPath(relativePath);
    const bytes = this.acceptedCheck?.contents.get(path);
    if (!bytes) return `about:invalid#not-a-signed-file:${encodeURIComponent(path)}`;
    let url = this.assetUrls.get(path);
    if (url === undefined) {
      url = dataUrlOf(path, bytes);
      this.assetUrls.set(path, url);
    }
    return url;
  }

  async loadMain(mainPath: string): Promise<PluginModule> {
    const check = await this.accepted();
    const path = normalisePluginPath(mainPath);
    const entry = check.fileList.files.find((file) => file.path === path);
    const bytes = check.contents.get(path);
    if (!entry || !bytes) throw new Error(`${mainPath}: not a signed file`);
    // The bytes are in memory since the check; hashing them again costs little and catches any mix-up.
    if ((await sha256Hex(bytes)) !== entry.sha256) throw new Error(`${path}: verified bytes do not match the signed digest`);
    return this.loader.loadVerifiedMain({ path, bytes: bytes.slice(), sha256: entry.sha256 });
  }

  private verified(): Promise<PluginSignatureCheck> {
    this.check ??= this.publishers()
      .then((publishers) => verifyPluginSignature(this.files, publishers, { now: this.now() }))
      .catch((error: unknown) => ({ ok: false as const, reason: `signature could not be checked: ${error instanceof Error ? error.message : String(error)}` }))
      .then((check) => {
        if (check.ok) this.acceptedCheck = check;
        return check;
      });
    return this.check;
  }

  private async accepted(): Promise<AcceptedCheck> {
    const check = await this.verified();
    if (!check.ok) throw new Error(check.reason);
    return check;
  }
}
