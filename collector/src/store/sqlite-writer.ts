import type Database from 'better-sqlite3';
import { GroupCommit } from './group-commit.ts';
import { responseInserter } from './sqlite-connection.ts';
import { insertResponseParams } from './sql.ts';
import type { InsertOutcome, ResponseRecord } from './types.ts';
import { fdatasyncFile, WalSync, type FlushToDisk } from './wal-sync.ts';

/** How answers reach the database: group-committed, each caller answered once its commit is on disk. */
export interface ResponseWriter {
  submit(rows: ResponseRecord[]): Promise<InsertOutcome[]>;
  /** Resolves once everything submitted before it is committed (visible to readers, not necessarily on disk). */
  drain(): Promise<void>;
  /** Resolves once everything committed before it is on disk. */
  durable(): Promise<void>;
  /** Throws when the writer can no longer store answers durably (a failed WAL flush). */
  check(): void;
  close(): Promise<void>;
}

/** Group commit on a connection that fsyncs every commit itself (`synchronous = FULL`): for CLI jobs and in-memory stores. */
export function inlineResponseWriter(db: Database.Database): ResponseWriter {
  const writes = new GroupCommit<unknown[], InsertOutcome>(responseInserter(db));
  return {
    submit: (rows) => writes.submit(rows.map(insertResponseParams)),
    async drain() {
      writes.flush();
    },
    // Each commit was fsynced before it returned.
    async durable() {},
    check() {},
    async close() {
      writes.flush();
    },
  };
}

/**
 * The server's group commit: on the event loop's thread, through a connection that
 * does not fsync on commit (`synchronous = NORMAL`); the callers of each transaction
 * are answered once a flush of the WAL begun after it has returned (WalSync). The
 * fsync, most of a commit's time, runs on libuv's thread pool while the event loop
 * reads the next requests, and answers need no trip to another thread: against a
 * writer thread of their own the event loop spent the same time on each answer (the
 * inserts cost about what the messages did) and the process as a whole 16–18% less
 * (BENCHMARKS.md). Answers that arrive during a flush are committed together when it
 * returns, then flushed: one transaction per flush. Acknowledgements keep FULL's
 * guarantee; readers (the API, the webhook dispatcher) may see an answer for the
 * length of one flush before it is on disk. After a failed flush nothing more is
 * written: every submit fails at once, and so do those already waiting.
 *
 * @param flush puts the WAL on disk; tests count or hold the flushes. @default fdatasync of the connection's WAL
 */
export function walSyncedResponseWriter(db: Database.Database, flush?: FlushToDisk): ResponseWriter {
  const walFile = fdatasyncFile(walPathOf(db));
  const wal = new WalSync(flush ?? walFile.flush);
  const insert = responseInserter(db);
  const writes = new GroupCommit<unknown[], InsertOutcome>(
    (rows) => {
      // Writes that waited for a flush that then failed must not be stored either.
      if (wal.failure !== undefined) throw wal.failure;
      return insert(rows);
    },
    {
      schedule: (commitNow) => wal.whenIdle(commitNow),
      afterCommit: () => wal.sync(),
      // Another process holds the database: each batch alone would wait out the busy timeout again.
      retryAlone: (error) => !isBusy(error),
    },
  );
  const unanswered = new Set<Promise<unknown>>();
  let closed = false;
  const check = () => {
    if (wal.failure !== undefined) throw wal.failure;
    if (closed) throw new Error('the store is closed');
  };
  return {
    async submit(rows) {
      check();
      const answered = writes.submit(rows.map(insertResponseParams));
      unanswered.add(answered);
      const forget = () => unanswered.delete(answered);
      answered.then(forget, forget);
      return answered;
    },
    async drain() {
      writes.flush();
    },
    durable: () => wal.sync(),
    check,
    async close() {
      closed = true;
      writes.flush();
      // Every caller is answered (or failed) before the file goes, so no flush is left running on it.
      await Promise.allSettled(unanswered);
      walFile.close();
    },
  };
}

/** SQLITE_BUSY and its kinds (SQLITE_BUSY_SNAPSHOT…): the database was locked, nothing was wrong with the write. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * The WAL file SQLite writes for `db`: beside the file it really opened, which a
 * symbolic link, a relative path or a `file:` URI would hide from `path + '-wal'`.
 */
function walPathOf(db: Database.Database): string {
  const main = (db.pragma('database_list') as Array<{ name: string; file: string }>).find(
    (database) => database.name === 'main',
  );
  if (!main?.file) throw new Error('the answers connection has no database file');
  return `${main.file}-wal`;
}
