// Helpers shared by the benchmarks in test/bench (this file is not a benchmark:
// run.js only runs files named *.bench.js).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
/** autocannon is CommonJS; its programmatic API is the one load generator of every benchmark. */
export const autocannon = require('autocannon');

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const COLLECTOR_CLI = fileURLToPath(new URL('../../collector/bin/touchpoint-collector.js', import.meta.url));

/**
 * Bundles a TypeScript file of the repository (with the workspace sources it imports) into an
 * ES module node can run, inside node_modules/.cache so that the `external` npm packages resolve.
 * @returns the bundle's path
 */
export async function bundleTypeScript(entry, name, external) {
  const outfile = join(ROOT, 'node_modules/.cache/touchpoint-bench', `${name}.mjs`);
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external,
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * Starts a server as its own process and waits for its "listening on http://…" line.
 * @param {{ args: string[], env?: Record<string, string>, nodeOptions?: string[], label: string }} options
 */
export async function startServer({ args, env = {}, nodeOptions = [], label }) {
  const child = spawn(process.execPath, [...nodeOptions, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  // If the benchmark dies (an exception, EPIPE on stdout), do not leave the server running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start within 30 s:\n${output}`)), 30_000);
    const onData = () => {
      const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(match[1]);
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid,
    output: () => output,
    /** SIGTERM, then the exit code (or signal name). */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

const CLOCK_TICKS = 100; // USER_HZ: /proc reports CPU time in 1/100 s on Linux

/** CPU seconds (user + system) in one /proc stat line; null where there is no /proc. */
function statCpuSeconds(path) {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime (fields 14, 15)
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far, all its threads; null where there is no /proc. */
export function processCpuSeconds(pid) {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

/** CPU seconds of a process's main thread (the event loop), whose thread id is the process id. */
export function mainThreadCpuSeconds(pid) {
  return statCpuSeconds(`/proc/${pid}/task/${pid}/stat`);
}

/** A growable Float64Array of samples; percentiles are exact over every sample. */
export class Samples {
  constructor() {
    this.values = new Float64Array(1 << 16);
    this.length = 0;
  }
  push(value) {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
  /** @returns {(p: number) => number} nearest-rank percentile over the sorted samples */
  percentiles() {
    const sorted = this.values.slice(0, this.length).sort();
    return (p) =>
      sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const formatInt = (value) => Math.round(value).toLocaleString('en-US');
export const formatMs = (value) => value.toFixed(2);

/** A plain text table, columns padded; numbers-looking cells right-aligned. */
export function table(header, rows) {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => String(row[column]).length)));
  const line = (row) =>
    row
      .map((cell, column) =>
        /^[\d.,×≥≤% -]+$/.test(String(cell)) && column > 0
          ? String(cell).padStart(widths[column])
          : String(cell).padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/**
 * Self time per function of a V8 .cpuprofile (from node --cpu-prof), idle excluded; also per module
 * (npm package, Node internals, the collector bundle, or a V8 pseudo-frame such as the garbage collector).
 * Time a synchronous native call spends blocked (an fsync inside better-sqlite3) counts as its self time.
 * @returns {{ total: number, top: { name: string, where: string, ms: number, share: number }[],
 *   modules: { module: string, ms: number, share: number }[] }}
 */
export function summarizeCpuProfile(path, count = 10) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map();
  profile.samples.forEach((id, index) => {
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const byFunction = new Map();
  const byModule = new Map();
  let total = 0;
  for (const [id, micros] of selfMicros) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    if (functionName === '(idle)') continue;
    total += micros;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${functionName}\u0000${where}`;
    const entry = byFunction.get(key) ?? { name: functionName || '(anonymous)', where, ms: 0 };
    entry.ms += micros / 1000;
    byFunction.set(key, entry);
    const module = moduleOf(url, functionName);
    byModule.set(module, (byModule.get(module) ?? 0) + micros / 1000);
  }
  const top = [...byFunction.values()]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count)
    .map((entry) => ({ ...entry, share: entry.ms / (total / 1000) }));
  const modules = [...byModule]
    .map(([module, ms]) => ({ module, ms, share: ms / (total / 1000) }))
    .sort((a, b) => b.ms - a.ms);
  return { total: total / 1000, top, modules };
}

function moduleOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : 'native (V8 / Node built-ins)';
  if (url.startsWith('node:'))
    return url.includes('undici') ? 'node:internal undici (Request/Headers)' : 'node:internal';
  const path = shortUrl(url);
  if (url.includes('/node_modules/'))
    return path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0];
  return path;
}

function shortUrl(url) {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + '/node_modules/'.length);
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
}
