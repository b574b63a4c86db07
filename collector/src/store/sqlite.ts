import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { openDurableConnection } from './sqlite-connection.ts';
import { applyMigrations } from './sqlite-migrations.ts';
import { COMPACT_ROLLUPS_SQL } from './rollup-sql.ts';
import { rebuildRollups, type RebuildProgress } from './sqlite-rollups.ts';
import { sqliteWebhookStore } from './sqlite-webhooks.ts';
import { inlineResponseWriter, walSyncedResponseWriter } from './sqlite-writer.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';
import type { FlushToDisk } from './wal-sync.ts';
import { RESPONSE_BY_SEQ_SQL } from './webhook-sql.ts';
import {
  DELETE_CONTACT_SQL,
  RESPONSE_SEQ_BY_ID_SQL,
  FIRST_DAY_SQL,
  INSERT_SITE_SQL,
  insertSiteParams,
  listResponsesSql,
  responseFromRow,
  scoreCountFromRow,
  scoreCountSql,
  SITE_BY_SECRET_KEY_HASH_SQL,
  SITE_BY_WRITE_KEY_SQL,
  siteFromRow,
  termCountSql,
  updateSiteSql,
  VERIFIED_CONTACT_RESPONSES_SQL,
  type ResponseRow,
  type ScoreCountSqlRow,
  type SiteRow,
} from './sql.ts';
import type { ScoreCountQuery, SiteRecord, Store, TermCountRow } from './types.ts';

export interface SqliteStoreOptions {
  /** Path of the database file; created with its folder when missing. `:memory:` for throwaway stores. */
  path: string;
  /** Folder holding `NNNN_name.sql` migrations. */
  migrationsDirectory: string;
  log?: (line: string) => void;
  /**
   * For a server. Answers are then group-committed through a connection of their own
   * whose WAL is flushed on libuv's thread pool (walSyncedResponseWriter), and the WAL is
   * checkpointed on a thread started from the built `checkpointer` script
   * (dist/sqlite-checkpointer.js). Without it (CLI jobs, `:memory:`) both happen here, the
   * fsync inside each commit.
   */
  server?: {
    checkpointer: URL;
    /** Puts the WAL on disk; tests count or hold the flushes. @default fdatasync of `<path>-wal` */
    flushWal?: FlushToDisk;
  };
}

export interface SqliteStore extends Store {
  /** The open database, for maintenance commands and tests. */
  readonly db: Database.Database;
  /** Recomputes the rollups from raw rows; returns the rows folded in. */
  rebuildRollups(onProgress?: (progress: RebuildProgress) => void): number;
}

/** How long a server's write waits for another process to release the database (CLI jobs wait 5 s). */
const SERVER_BUSY_TIMEOUT_MS = 250;

/** The embedded default store: one SQLite file through better-sqlite3. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = openDurableConnection(options.path);
  // Erasure (DELETE /v1/contacts/{id}) runs here: zero what it frees, or the erased comments stay
  // readable in the file's free space. Only this connection: the answers' one never deletes.
  db.pragma('secure_delete = ON');
  applyMigrations(db, options.migrationsDirectory, options.log);
  // The webhook dispatcher's bookkeeping goes through a second connection without fsync (see sqliteWebhookStore).
  const bookkeeping = options.path === ':memory:' ? db : new Database(options.path);
  if (bookkeeping !== db) {
    bookkeeping.pragma('synchronous = NORMAL');
    bookkeeping.pragma('busy_timeout = 5000');
    bookkeeping.pragma('foreign_keys = ON');
  }

  const insertSite = db.prepare(INSERT_SITE_SQL);
  const selectSiteByWriteKey = db.prepare<[string], SiteRow>(SITE_BY_WRITE_KEY_SQL);
  const selectSiteBySecret = db.prepare<[string], SiteRow>(SITE_BY_SECRET_KEY_HASH_SQL);
  const selectContactResponses = db.prepare<[string, string], ResponseRow>(VERIFIED_CONTACT_RESPONSES_SQL);
  const deleteContactResponses = db.prepare<[string, string]>(DELETE_CONTACT_SQL);
  const selectFirstDay = db.prepare<[string, string, string, string], { day: number | null }>(FIRST_DAY_SQL);

  const server = options.path === ':memory:' ? undefined : options.server;
  const connections = new Set([db, bookkeeping]);
  const answers = server ? openDurableConnection(options.path, 'by-caller') : null;
  if (answers) connections.add(answers);
  const responseWrites = answers ? walSyncedResponseWriter(answers, server?.flushWal) : inlineResponseWriter(db);
  const checkpointer = server
    ? startWalCheckpointer(server.checkpointer, options.path, {
        checkpointHere: () => db.pragma('wal_checkpoint(PASSIVE)'),
        log: options.log ?? console.error,
      })
    : null;
  // No commit checkpoints: a checkpoint inside one would hold up that group's answers.
  if (checkpointer) for (const connection of connections) connection.pragma('wal_autocheckpoint = 0');
  // A server waits for another process's write lock (a seed, a rebuild run beside it) on its event
  // loop, where every other request waits too: briefly, then the write fails and the client retries.
  if (server) for (const connection of connections) connection.pragma(`busy_timeout = ${SERVER_BUSY_TIMEOUT_MS}`);

  const [foldDays, moveWatermark] = COMPACT_ROLLUPS_SQL.map((sql) => db.prepare(sql));
  const compact = db.transaction((beforeDay: number) => {
    const cells = foldDays!.run(beforeDay, beforeDay).changes;
    moveWatermark!.run(beforeDay, beforeDay);
    return cells;
  });

  const selectResponseBySeq = db.prepare<[string, number], ResponseRow>(RESPONSE_BY_SEQ_SQL);
  const selectResponseSeq = db.prepare<[string, string], number>(RESPONSE_SEQ_BY_ID_SQL).pluck();

  const webhooks = sqliteWebhookStore(db, bookkeeping);
  return {
    ...webhooks,
    async claimDueDeliveries(now, limit, leaseUntil) {
      const claimed = await webhooks.claimDueDeliveries(now, limit, leaseUntil);
      // Readers see an answer's commit before its flush has returned (walSyncedResponseWriter):
      // tell no CRM about an answer that a power cut could still take back.
      if (claimed.length > 0) await responseWrites.durable();
      return claimed;
    },
    db,
    rebuildRollups(onProgress) {
      // Commits the answers waiting for their group commit first (drain does so before it
      // returns); answers committed after the rebuild reach the rollups through their own fold.
      void responseWrites.drain();
      return rebuildRollups(db, onProgress);
    },
    async health() {
      responseWrites.check();
      db.prepare('SELECT 1').get();
    },
    async createSite(site: SiteRecord) {
      insertSite.run(...insertSiteParams(site));
    },
    async siteByWriteKey(writeKey) {
      const row = selectSiteByWriteKey.get(writeKey);
      return row ? siteFromRow(row) : null;
    },
    async siteBySecretKeyHash(secretKeyHash) {
      const row = selectSiteBySecret.get(secretKeyHash);
      return row ? siteFromRow(row) : null;
    },
    async updateSite(siteId, patch) {
      const update = updateSiteSql(siteId, patch);
      if (update) db.prepare(update.sql).run(...update.params);
    },
    insertResponses(rows) {
      return responseWrites.submit(rows);
    },
    async scoreCounts(query: ScoreCountQuery) {
      const { sql, params } = scoreCountSql(query);
      return db
        .prepare<unknown[], ScoreCountSqlRow>(sql)
        .all(...params)
        .map(scoreCountFromRow);
    },
    async termCounts(query) {
      const { sql, params } = termCountSql(query);
      return db.prepare<unknown[], TermCountRow>(sql).all(...params);
    },
    async firstDayWithAnswers(siteId, metric) {
      return selectFirstDay.get(siteId, metric, siteId, metric)?.day ?? null;
    },
    async listResponses(query) {
      const { sql, params } = listResponsesSql(query);
      return db
        .prepare<unknown[], ResponseRow>(sql)
        .all(...params)
        .map(responseFromRow);
    },
    async responseBySeq(siteId, seq) {
      const row = selectResponseBySeq.get(siteId, seq);
      return row ? responseFromRow(row) : null;
    },
    async responseSeq(siteId, id) {
      return selectResponseSeq.get(siteId, id) ?? null;
    },
    async verifiedContactResponses(siteId, contactId) {
      return selectContactResponses.all(siteId, contactId).map(responseFromRow);
    },
    async compactRollups(beforeDay) {
      // IMMEDIATE takes the write lock before the fold reads: a commit of the answers'
      // connection in between would otherwise void the fold's snapshot (SQLITE_BUSY_SNAPSHOT).
      return compact.immediate(beforeDay);
    },
    async deleteContact(siteId, contactId) {
      // Answers still waiting for their group commit must not outlive the erasure.
      await responseWrites.drain();
      return deleteContactResponses.run(siteId, contactId).changes;
    },
    async close() {
      await responseWrites.close();
      await checkpointer?.close();
      for (const connection of connections) connection.close();
    },
  };
}
