#!/usr/bin/env node
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('touchpoint-collector is not built yet: run "npm run build" in the repository root.\n');
  process.exit(1);
}
const { main } = await import(bundle.href);
await main(process.argv.slice(2));
