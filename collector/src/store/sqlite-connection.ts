import Database from 'better-sqlite3';
import { FOLD_AFTER_SEQ_SQL } from './rollup-sql.ts';
import { INSERT_RESPONSE_SQL, SENTIMENT_LABEL_PARAM } from './sql.ts';
import type { InsertOutcome } from './types.ts';

/**
 * A connection that writes answers: every commit is on disk before anyone is told it happened.
 * @param fsync `'on-commit'`: SQLite fsyncs the WAL inside each commit (FULL), so an acknowledged
 *   answer survives a power cut, not only a crash; group commit keeps this affordable.
 *   `'by-caller'`: commits only write (NORMAL) and the caller answers nobody before a WalSync
 *   flush (wal-sync.ts): the same guarantee, with the fsync off the committing thread.
 */
export function openDurableConnection(path: string, fsync: 'on-commit' | 'by-caller' = 'on-commit'): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(fsync === 'on-commit' ? 'synchronous = FULL' : 'synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Inserts answers (each as its insertResponseParams) in one transaction and folds them
 * into the rollups before it commits; a client id seen before is a duplicate, stored
 * (and counted) once.
 */
export function responseInserter(db: Database.Database): (rows: unknown[][]) => InsertOutcome[] {
  const insertResponse = db.prepare(INSERT_RESPONSE_SQL);
  const lastSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) FROM responses').pluck();
  const fold = FOLD_AFTER_SEQ_SQL.map(({ sql, sentiment }) => ({ statement: db.prepare(sql), sentiment }));
  const insert = db.transaction((rows: unknown[][]): InsertOutcome[] => {
    const before = lastSeq.get();
    const outcomes = rows.map((params): InsertOutcome =>
      insertResponse.run(...params).changes === 1 ? 'created' : 'duplicate',
    );
    if (outcomes.includes('created')) {
      // Without a comment there is no sentiment to count: skip those statements.
      const withSentiment = rows.some(
        (params, index) => outcomes[index] === 'created' && params[SENTIMENT_LABEL_PARAM] !== null,
      );
      for (const { statement, sentiment } of fold) if (withSentiment || !sentiment) statement.run(before);
    }
    return outcomes;
  });
  // IMMEDIATE: the transaction reads before it writes, and a deferred one would then fail
  // (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out) whenever another process, a
  // seed or a rebuild run from the command line, committed in between.
  return (rows) => insert.immediate(rows);
}
