// Bundles the Node entry (CLI + server) into dist/cli.js and the SQLite checkpointer
// thread it starts into dist/sqlite-checkpointer.js. Workspace packages
// are TypeScript sources, so they are bundled in; npm dependencies stay external.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(manifest.dependencies).filter((name) => !name.startsWith('@touchpoint/'));

await build({
  entryPoints: {
    cli: new URL('./src/cli.ts', import.meta.url).pathname,
    'sqlite-checkpointer': new URL('./src/store/sqlite-checkpointer-thread.ts', import.meta.url).pathname,
    'analyser-thread': new URL('./src/analyser-thread.ts', import.meta.url).pathname,
  },
  outdir: new URL('./dist', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: [...external, 'hono', 'hono/*', '@hono/*'],
  logLevel: 'warning',
});
