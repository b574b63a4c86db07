import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface CheckpointerThreadData {
  path: string;
  intervalMs: number;
}

/** How often the WAL is copied back into the database file. */
export const CHECKPOINT_INTERVAL_MS = 200;

export interface WalCheckpointer {
  /** Runs a last checkpoint, then stops the thread. */
  close(): Promise<void>;
}

/**
 * Copies the write-ahead log back into the database file on a thread of its
 * own (sqlite-checkpointer-thread.ts), so that no commit waits for it. Left to
 * SQLite, the commit that fills the WAL past 1000 pages runs the checkpoint
 * itself: under load, every 70 ms or so one group of answers waited for
 * 4 MB of page copies and an fsync of the database file. Connections that
 * rely on this thread turn their own checkpoints off (`wal_autocheckpoint = 0`).
 *
 * @param onFailure called if the thread dies: the caller must then checkpoint again itself.
 */
export function startWalCheckpointer(script: URL, path: string, onFailure: (error: Error) => void): WalCheckpointer {
  if (!existsSync(script)) throw new Error(`${fileURLToPath(script)} is missing: run "npm run build"`);
  const worker = new Worker(script, {
    workerData: { path, intervalMs: CHECKPOINT_INTERVAL_MS } satisfies CheckpointerThreadData,
  });
  let closing = false;
  let failed = false;
  const fail = (error: Error) => {
    if (closing || failed) return;
    failed = true;
    onFailure(error);
  };
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      fail(new Error(`WAL checkpointer thread exited (code ${code})`));
      resolve();
    }),
  );
  worker.on('error', fail);
  // A server with nothing else to do may exit; the last connection to close checkpoints anyway.
  worker.unref();
  return {
    async close() {
      if (closing) return;
      closing = true;
      if (!failed) worker.postMessage('close');
      await exited;
    },
  };
}
