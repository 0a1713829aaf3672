/**
 * Bundled into a classic script for a page with the NW.js kiosk's CSP (test/e2e/external-plugins-web.test.ts):
 * what the NW.js host does with a signed plugin's verified main module, in a real Chromium page.
 */
import { importModuleFromBlob } from '../../kernel/plugins/blob-module-import';
import { installPluginRuntime } from '../../kernel/plugins/plugin-runtime';
import './nw-page-probe-types';

window.importVerifiedPlugin = async (base64) => {
  try {
    await installPluginRuntime();
    const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
    const module = (await importModuleFromBlob(bytes)) as Record<string, unknown>;
    return { exports: Object.keys(module).sort() };
  } catch (error) {
    return { error: String(error) };
  }
};
