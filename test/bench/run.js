// Runs every benchmark in test/bench (each file named *.bench.js), one after
// another, each in its own Node process so that none inherits another's heap,
// JIT state or open handles. `npm run bench` builds first, then runs this.
//
//   node test/bench/run.js [--only NAME[,NAME]] [options passed on to every benchmark]
//
// e.g. `npm run bench -- --only ingest --profile`. Exits 1 when any benchmark fails.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const { values } = parseArgs({ args, strict: false, options: { only: { type: 'string' } } });
const only = typeof values.only === 'string' ? values.only.split(',') : null;

const benchmarks = readdirSync(here)
  .filter((name) => name.endsWith('.bench.js'))
  .filter((name) => !only || only.includes(name.replace(/\.bench\.js$/, '')))
  .sort();
if (benchmarks.length === 0) {
  process.stderr.write(`no benchmark matches ${only ? `--only ${only.join(',')}` : '*.bench.js'} in ${here}\n`);
  process.exit(1);
}

const failed = [];
for (const name of benchmarks) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [`${here}${name}`, ...args], { stdio: 'inherit' });
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? signal));
  });
  if (code !== 0) failed.push(`${name} (exit ${code})`);
}
process.stdout.write(
  `\n${benchmarks.length - failed.length} of ${benchmarks.length} benchmarks passed` +
    (failed.length ? `; failed: ${failed.join(', ')}` : '') +
    '\n',
);
process.exitCode = failed.length ? 1 : 0;
