import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inject } from 'vitest';
import {
  applyLocalMigrations,
  collectorDir,
  offlineEnv,
  wranglerBin,
} from '../../collector/scripts/wrangler-offline.js';
import type { CollectorProcess, CollectorProcessOptions } from './collector-process.ts';
import type { PreparedWorker } from './worker-setup.ts';

// Terminal colours, should wrangler print them anyway.
const ANSI_ESCAPES = /\x1b\[[0-9;]*m/g;

/** While retries are sped up, the cron trigger fires this often instead of every minute. */
const CRON_TICK_MS = 100;

/**
 * Starts the Worker in workerd with `wrangler dev` on 127.0.0.1 and a free port, against a
 * local D1 (`--persist-to` in `dataDir`) that `wrangler d1 migrations apply` migrated: the same
 * collector the Node suites reach over HTTP, on the other runtime. In the "workers" project it
 * runs the bundle and migrated D1 that worker-setup.ts prepared once; elsewhere it bundles and
 * migrates itself. TOUCHPOINT_* variables of `options.env` become `--var`s. With
 * TOUCHPOINT_WEBHOOK_RETRY_SCALE set, the cron trigger is driven through /__scheduled every
 * 100 ms, as the Node collector polls its outbox faster then.
 */
export async function startWorker(options: CollectorProcessOptions = {}): Promise<CollectorProcess> {
  // CLI flags have no Worker equivalent, but for --quiet (wrangler's request log is only captured).
  const unsupported = (options.args ?? []).filter((arg) => arg !== '--quiet');
  if (unsupported.length > 0) throw new Error(`no Workers equivalent for collector flags ${unsupported.join(' ')}`);
  const prepared = inject('touchpointWorker') as PreparedWorker | undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'touchpoint-worker-test-'));
  const persistTo = join(dataDir, 'wrangler-state');
  if (prepared && !existsSync(persistTo)) {
    cpSync(prepared.migratedState, persistTo, { recursive: true });
  } else if (!prepared) {
    mkdirSync(persistTo, { recursive: true });
    const migrated = await applyLocalMigrations(['--persist-to', persistTo], { stdio: ['ignore', 'pipe', 'pipe'] });
    if (migrated.code !== 0) throw new Error(`wrangler d1 migrations apply failed:\n${migrated.output}`);
  }
  const vars: Record<string, string> = { TOUCHPOINT_RATE_LIMIT: '0', ...options.env };

  const varArgs = Object.entries(vars)
    .filter(([name]) => name.startsWith('TOUCHPOINT_'))
    .flatMap(([name, value]) => ['--var', `${name}:${value}`]);
  // Its own process group: wrangler runs workerd as a child, and a stop must reach both.
  const child = spawn(
    wranglerBin,
    [
      'dev',
      ...(prepared ? ['--config', prepared.config] : []),
      ...['--ip', '127.0.0.1', '--port', '0', '--persist-to', persistTo, '--test-scheduled', ...varArgs],
    ],
    {
      cwd: prepared ? dirname(prepared.config) : collectorDir,
      // Plain text, so suites read `error: …` lines (logged by the Worker's logError) as on Node.
      env: { ...process.env, ...offlineEnv, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  const append = (chunk: string) => (output += chunk.replace(ANSI_ESCAPES, ''));
  child.stdout!.setEncoding('utf8').on('data', append);
  child.stderr!.setEncoding('utf8').on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = output.match(/Ready on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        child.stdout!.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => reject(new Error(`wrangler dev exited with ${code} before it was ready:\n${output}`)));
  });
  await waitForHealth(url, exited);

  let ticking = true;
  const cron = options.env?.TOUCHPOINT_WEBHOOK_RETRY_SCALE ? driveCron(url, () => ticking) : Promise.resolve();

  return {
    url,
    dataDir,
    dbPath: null,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      ticking = false;
      await cron;
      // The whole group: a SIGKILL of wrangler alone would leave workerd running.
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, signal);
      return exited;
    },
  };
}

/** The Worker answers once workerd has loaded it; the first request also builds the app. */
async function waitForHealth(url: string, exited: Promise<number | null>): Promise<void> {
  let stopped = false;
  void exited.then(() => (stopped = true));
  const deadline = Date.now() + 30_000;
  while (!stopped && Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/v1/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the Worker at ${url} did not answer /v1/health`);
}

/** Fires the scheduled handler, one invocation at a time, until told to stop. */
async function driveCron(url: string, running: () => boolean): Promise<void> {
  while (running()) {
    await fetch(`${url}/__scheduled?cron=*+*+*+*+*`).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, CRON_TICK_MS));
  }
}
