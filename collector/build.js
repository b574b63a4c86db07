// Bundles the Node entry (CLI + server) into dist/cli.js. Workspace packages
// are TypeScript sources, so they are bundled in; npm dependencies stay external.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(manifest.dependencies).filter((name) => !name.startsWith('@touchpoint/'));

await build({
  entryPoints: [new URL('./src/cli.ts', import.meta.url).pathname],
  outfile: new URL('./dist/cli.js', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: [...external, 'hono', 'hono/*', '@hono/*'],
  logLevel: 'warning',
});
