import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorker } from './worker-process.ts';

const CLI = fileURLToPath(new URL('../../collector/bin/touchpoint-collector.js', import.meta.url));

/** Which runtime the suites reach: `node` (default) or `workers` (TOUCHPOINT_TEST_RUNTIME=workers). */
export const testRuntime: 'node' | 'workers' = process.env.TOUCHPOINT_TEST_RUNTIME === 'workers' ? 'workers' : 'node';

export interface CollectorProcess {
  url: string;
  dataDir: string;
  /** The SQLite file of the Node collector; null on Workers, where D1 keeps the data. */
  dbPath: string | null;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends a signal and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface CollectorProcessOptions {
  /** Reuse a data folder (restart tests); a fresh temporary one by default. */
  dataDir?: string;
  args?: string[];
  env?: Record<string, string>;
}

/**
 * Starts the collector as a real child process on 127.0.0.1 and a free port: the built Node CLI
 * with a real SQLite file, or, when TOUCHPOINT_TEST_RUNTIME=workers, the Worker in workerd with
 * a local D1 (see worker-process.ts). The suites cannot tell the two apart but for `dbPath`.
 */
export async function startCollector(options: CollectorProcessOptions = {}): Promise<CollectorProcess> {
  return testRuntime === 'workers' ? startWorker(options) : startNodeCollector(options);
}

/** The SQLite file behind a Node collector, for the suites that inspect it (test/node, test/durability). */
export function sqliteFileOf(collector: CollectorProcess): string {
  if (collector.dbPath === null) throw new Error('this collector has no SQLite file: it runs on Workers (D1)');
  return collector.dbPath;
}

async function startNodeCollector(options: CollectorProcessOptions): Promise<CollectorProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'touchpoint-test-'));
  const dbPath = join(dataDir, 'touchpoint.db');
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--db', dbPath, ...(options.args ?? [])],
    // Rate limiting is off unless a test turns it on: suites send hundreds of requests from one address.
    { env: { ...process.env, TOUCHPOINT_RATE_LIMIT: '0', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        child.stdout!.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => reject(new Error(`collector exited with ${code} before listening:\n${output}`)));
  });

  return {
    url,
    dataDir,
    dbPath,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
