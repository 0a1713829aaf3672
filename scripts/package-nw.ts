import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageNwApp, PACKAGE_USAGE, parsePackageArgs } from '../shell/nw/packaging';

/** dist/package.mjs: `npm run package -- --platform win|linux|osx [--arch ...] [--mirror file:///...]`. */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(PACKAGE_USAGE);
    return 0;
  }
  const project = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Parameters<typeof parsePackageArgs>[1];
  const options = parsePackageArgs(argv, project, root);
  console.log(`Packaging NW.js ${options.nwVersion} (normal flavor) for ${options.platform}-${options.arch}${options.mirror ? ` from ${options.mirror}` : ''}…`);
  const { outDir, appDir } = await packageNwApp(options);
  const shown = relative(process.cwd(), outDir);
  console.log(`Packaged: ${shown && !shown.startsWith('..') ? shown : outDir} (app files in ${relative(outDir, appDir)})`);
  if (!options.rebuildNative) {
    console.log('PC/SC: pcsclite must still be built for NW.js on the target machine (docs/packaging.md, "PC/SC in the packaged app"); until then the kiosk offers the demo reader only.');
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`package: ${error instanceof Error ? error.message : String(error)}`);
    console.error(PACKAGE_USAGE);
    process.exit(1);
  },
);
