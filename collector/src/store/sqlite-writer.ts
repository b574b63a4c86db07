import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { threadCalls } from '../thread-calls.ts';
import { GroupCommit } from './group-commit.ts';
import { responseInserter } from './sqlite-connection.ts';
import { insertResponseParams } from './sql.ts';
import type { InsertOutcome, ResponseRecord } from './types.ts';

/** How answers reach the database: group-committed, each caller answered after its commit. */
export interface ResponseWriter {
  submit(rows: ResponseRecord[]): Promise<InsertOutcome[]>;
  /** Resolves once everything submitted before it is committed. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Group commit on the caller's own thread and connection: for CLI jobs and in-memory stores. */
export function inlineResponseWriter(db: Database.Database): ResponseWriter {
  const writes = new GroupCommit<unknown[], InsertOutcome>(responseInserter(db));
  return {
    submit: (rows) => writes.submit(rows.map(insertResponseParams)),
    async drain() {
      writes.flush();
    },
    async close() {
      writes.flush();
    },
  };
}

export interface WriterThreadData {
  path: string;
}

/**
 * Group commit on a thread of its own with its own connection
 * (sqlite-writer-thread.ts): the inserts, their triggers and the fsync of every
 * commit run beside the event loop instead of stopping it. Each caller is still
 * answered only after its commit. Its commits never checkpoint: that is the
 * checkpointer thread's job (wal-checkpointer.ts) or, should that thread die, the main thread's.
 */
export function threadResponseWriter(script: URL, path: string): ResponseWriter {
  // Fail at start, not on the first answer.
  if (!existsSync(script)) throw new Error(`${fileURLToPath(script)} is missing: run "npm run build"`);
  const thread = threadCalls<unknown[][], InsertOutcome[]>(script, { path } satisfies WriterThreadData);
  return {
    submit: (rows) => thread.call(rows.map(insertResponseParams)),
    async drain() {
      // An empty submission is answered with, or after, every earlier one.
      await thread.call([]);
    },
    close: () => thread.close(),
  };
}
