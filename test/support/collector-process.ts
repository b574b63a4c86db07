import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../collector/bin/touchpoint-collector.js', import.meta.url));

export interface CollectorProcess {
  url: string;
  dataDir: string;
  dbPath: string;
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

/** Starts the built CLI as a real child process on 127.0.0.1 and a free port, with a real SQLite file. */
export async function startCollector(options: CollectorProcessOptions = {}): Promise<CollectorProcess> {
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
