// `npm run check:worker`: bundles the Worker as `wrangler deploy` would, uploads nothing,
// and reports the size of every module in the bundle, raw and gzip.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runWrangler } from './wrangler-offline.js';

const outdir = mkdtempSync(join(tmpdir(), 'touchpoint-worker-'));
try {
  const { code } = await runWrangler(['deploy', '--dry-run', '--outdir', outdir]);
  if (code !== 0) process.exit(code);
  const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  let raw = 0;
  let gzip = 0;
  console.log('\nWorker bundle (wrangler deploy --dry-run):');
  for (const file of readdirSync(outdir).filter((name) => !name.endsWith('.map') && name !== 'README.md')) {
    const bytes = readFileSync(join(outdir, file));
    const zipped = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gzip += zipped;
    console.log(`  ${file.padEnd(56)} ${kib(bytes.length).padStart(11)}  gzip ${kib(zipped).padStart(10)}`);
  }
  console.log(`  ${'total'.padEnd(56)} ${kib(raw).padStart(11)}  gzip ${kib(gzip).padStart(10)}`);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
