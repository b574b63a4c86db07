import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { watchThread } from '../thread-watch.ts';

export interface CheckpointerThreadData {
  path: string;
  intervalMs: number;
}

/** How often the WAL is copied back into the database file. */
const CHECKPOINT_INTERVAL_MS = 200;

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
 * @param fallback if the thread dies, `checkpointHere` runs on the caller's thread from then on, and `log` says so.
 */
export function startWalCheckpointer(
  script: URL,
  path: string,
  fallback: { checkpointHere: () => void; log: (line: string) => void },
): WalCheckpointer {
  if (!existsSync(script)) throw new Error(`${fileURLToPath(script)} is missing: run "npm run build"`);
  const worker = new Worker(script, {
    workerData: { path, intervalMs: CHECKPOINT_INTERVAL_MS } satisfies CheckpointerThreadData,
  });
  let closing = false;
  let failed = false;
  let checkpointsHere: ReturnType<typeof setInterval> | undefined;
  // A server with nothing else to do may exit; the last connection to close checkpoints anyway.
  const exited = watchThread(worker, 'WAL checkpointer thread', (error) => {
    if (closing) return;
    failed = true;
    fallback.log(`error: ${error.message}; checkpointing on the main thread from now on`);
    checkpointsHere = setInterval(fallback.checkpointHere, CHECKPOINT_INTERVAL_MS);
    checkpointsHere.unref();
  });
  return {
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(checkpointsHere);
      if (!failed) worker.postMessage('close');
      await exited;
    },
  };
}
