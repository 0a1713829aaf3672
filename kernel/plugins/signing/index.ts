/** Signed external plugins: the file list, its detached CMS signature, publisher certificates (docs/plugins.md). */
export * from './file-list';
export type { PluginFiles } from './plugin-files';
export * from './plugin-signature';
export * from './publisher-certificates';
export * from './sign-file-list';
export { SignedPluginSource } from './signed-plugin-source';
