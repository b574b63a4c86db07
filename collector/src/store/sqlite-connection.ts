import Database from 'better-sqlite3';
import { INSERT_RESPONSE_SQL, insertResponseParams } from './sql.ts';
import type { InsertOutcome, ResponseRecord } from './types.ts';

/** A connection that writes answers: every commit is fsynced before anyone is told it happened. */
export function openDurableConnection(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL fsyncs the WAL on every commit: an acknowledged answer survives a
  // power cut, not only a crash. Group commit keeps this affordable.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}

/** Inserts answers in one transaction; a client id seen before is a duplicate, stored once. */
export function responseInserter(db: Database.Database): (rows: ResponseRecord[]) => InsertOutcome[] {
  const insertResponse = db.prepare(INSERT_RESPONSE_SQL);
  return db.transaction((rows: ResponseRecord[]): InsertOutcome[] =>
    rows.map((row) => (insertResponse.run(...insertResponseParams(row)).changes === 1 ? 'created' : 'duplicate')),
  );
}
