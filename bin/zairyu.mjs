#!/usr/bin/env node
// The `zairyu` command: runs the built CLI (npm run build creates it).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.mjs');
if (!existsSync(cli)) {
  console.error('zairyu: the kiosk is not built yet; run "npm run build" first.');
  process.exit(2);
}
await import(pathToFileURL(cli).href);
