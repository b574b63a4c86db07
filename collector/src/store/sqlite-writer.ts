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
    check() {},
    async close() {
      writes.flush();
    },
  };
}

/**
 * The server's group commit: on the event loop's thread, through a connection that
 * does not fsync on commit (`synchronous = NORMAL`); each caller is answered once the
 * WAL has been flushed after its commit (WalSync). The fsync, most of a commit's
 * time, runs on libuv's thread pool while the event loop reads the next requests,
 * and answers need no trip to another thread: against a writer thread of their own
 * the event loop spent the same time on each answer (the inserts cost about what
 * the messages did) and the process as a whole 16–18% less (BENCHMARKS.md).
 * Acknowledgements keep FULL's guarantee; readers (the API, the webhook dispatcher)
 * may see an answer up to one flush, well under a millisecond, before it is on disk.
 * After a failed flush nothing more is written: every submit fails at once.
 *
 * @param flush puts the WAL on disk; tests count or hold the flushes. @default fdatasync of the connection's WAL
 */
export function walSyncedResponseWriter(db: Database.Database, flush?: FlushToDisk): ResponseWriter {
  const writes = new GroupCommit<unknown[], InsertOutcome>(responseInserter(db));
  const walFile = fdatasyncFile(walPathOf(db));
  const wal = new WalSync(flush ?? walFile.flush);
  const unanswered = new Set<Promise<unknown>>();
  let closed = false;
  const check = () => {
    if (wal.failure !== undefined) throw wal.failure;
    if (closed) throw new Error('the store is closed');
  };
  const commitDurably = async (rows: ResponseRecord[]) => {
    check();
    const outcomes = await writes.submit(rows.map(insertResponseParams));
    await wal.sync();
    return outcomes;
  };
  return {
    submit(rows) {
      const answered = commitDurably(rows);
      unanswered.add(answered);
      const forget = () => unanswered.delete(answered);
      answered.then(forget, forget);
      return answered;
    },
    async drain() {
      writes.flush();
    },
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
