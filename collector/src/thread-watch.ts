import type { Worker } from 'node:worker_threads';

/**
 * Reports a helper thread's death once it throws or exits, whichever comes first (its
 * owner then does the thread's work itself), and lets the process exit without waiting
 * for the thread. Resolves when the thread has exited.
 *
 * @param name how log lines call the thread, e.g. "WAL checkpointer thread"
 */
export function watchThread(worker: Worker, name: string, onDeath: (error: Error) => void): Promise<void> {
  let dead = false;
  const die = (error: Error) => {
    if (dead) return;
    dead = true;
    onDeath(error);
  };
  worker.on('error', die);
  worker.unref();
  return new Promise((resolve) =>
    worker.once('exit', (code) => {
      die(new Error(`${name} exited (code ${code})`));
      resolve();
    }),
  );
}
