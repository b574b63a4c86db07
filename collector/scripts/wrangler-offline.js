// Runs the project's pinned wrangler with nothing leaving the machine: no update check,
// no telemetry, no Request.cf lookup, no banner. Shared by dev-worker.js, check-worker.js
// and the test harness that starts the Worker (test/support/worker-process.ts).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The collector folder: wrangler.jsonc, src/worker.ts and migrations/ live here. */
export const collectorDir = fileURLToPath(new URL('..', import.meta.url));

/** node_modules/.bin/wrangler itself, not npx: its PID is wrangler's, so a signal reaches workerd. */
export const wranglerBin = fileURLToPath(new URL('../../node_modules/.bin/wrangler', import.meta.url));

export const offlineEnv = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
};

/** Spawns `wrangler ...args` in the collector folder with the offline environment. */
export function spawnWrangler(args, options = {}) {
  return spawn(wranglerBin, args, {
    cwd: collectorDir,
    stdio: 'inherit',
    ...options,
    env: { ...process.env, ...offlineEnv, ...options.env },
  });
}

/** Runs wrangler to completion; resolves with its exit code and what it printed, when piped. */
export function runWrangler(args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawnWrangler(args, options);
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

/**
 * Applies collector/migrations to the local D1; `flags` such as `--persist-to <dir>` (default:
 * wrangler's .wrangler/state) or `--config <file>` pass through.
 */
export function applyLocalMigrations(flags = [], options = {}) {
  return runWrangler(['d1', 'migrations', 'apply', 'DB', '--local', ...flags], options);
}
