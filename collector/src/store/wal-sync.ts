import { closeSync, fdatasync, openSync } from 'node:fs';

/** Puts what was written to a file on disk; resolves once it is there. */
export type FlushToDisk = () => Promise<void>;

/**
 * fdatasync of the file at `path` on libuv's thread pool, so the calling thread
 * goes on with its work while the disk does its own. The file is opened on the
 * first flush: SQLite creates the WAL when it first writes to it.
 */
export function fdatasyncFile(path: string): { flush: FlushToDisk; close(): void } {
  let fd: number | null = null;
  return {
    flush: () =>
      new Promise((resolve, reject) => {
        try {
          // Read-write: some systems flush only what a writable handle could have written.
          fd ??= openSync(path, 'r+');
        } catch (error) {
          return reject(error);
        }
        fdatasync(fd, (error) => (error ? reject(error) : resolve()));
      }),
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

/**
 * Makes commits of a `synchronous = NORMAL` connection durable before anyone is
 * told about them. SQLite's FULL mode fsyncs the WAL inside every commit, on the
 * committing thread; here the commit only writes, and `sync()` resolves after a
 * flush of the WAL that began after it was called, so everything committed before
 * the call is on disk by then. Calls made while a flush runs share the next one:
 * under load one fdatasync covers every commit made during the one before. Unlike
 * FULL, other connections can read a commit before its flush has returned.
 *
 * After a failed flush every later `sync()` fails too, and `failure` says why: the
 * kernel may have dropped the pages it could not write, so no later flush can vouch
 * for them, and even the page cache may hold what the disk does not. Writers stop;
 * what the disk really holds shows only after the machine (or the file system) is
 * restarted and SQLite recovers the WAL.
 */
export class WalSync {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private failed: { error: unknown } | null = null;

  constructor(private readonly flush: FlushToDisk) {}

  /** Why a flush failed, once one has; then nothing more may be written. */
  get failure(): unknown {
    return this.failed?.error;
  }

  /**
   * Runs `task` once no flush is under way (at the next turn when none is): a commit
   * made during a flush waits for the next one anyway, so the writes that arrive
   * meanwhile are better committed together, just before it starts.
   */
  whenIdle(task: () => void): void {
    if (this.running) void this.running.then(task, task);
    else setImmediate(task);
  }

  sync(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed.error);
    if (!this.running) {
      this.running = this.flush().then(
        () => {
          this.running = null;
        },
        (error: unknown) => {
          this.running = null;
          this.failed ??= { error };
          throw error;
        },
      );
      return this.running;
    }
    // The flush under way may have begun before this caller's commit: wait for the one after it.
    const next = () => {
      this.queued = null;
      return this.sync();
    };
    this.queued ??= this.running.then(next, next);
    return this.queued;
  }
}
