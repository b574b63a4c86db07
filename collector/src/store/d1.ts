import type { D1Database } from '@cloudflare/workers-types';
import { COMPACT_ROLLUPS_SQL, FOLD_MARK_SQL, FOLD_NEW_ANSWERS_SQL } from './rollup-sql.ts';
import { d1WebhookStore } from './d1-webhooks.ts';
import { RESPONSE_BY_SEQ_SQL } from './webhook-sql.ts';
import {
  DELETE_CONTACT_SQL,
  RESPONSE_SEQ_BY_ID_SQL,
  FIRST_DAY_SQL,
  INSERT_RESPONSE_SQL,
  INSERT_SITE_SQL,
  insertResponseParams,
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
import type { Store, TermCountRow } from './types.ts';

/**
 * The Workers store: the same schema and SQL as the SQLite store, through a
 * D1 binding. Each `db.batch()` is one transaction, so a request's writes
 * commit together; there is no group commit, because every request is its
 * own batch and D1 serialises writers itself.
 *
 * @example
 * const store = openD1Store(env.DB);
 */
export function openD1Store(db: D1Database): Store {
  const statement = (sql: string, params: unknown[] = []) => db.prepare(sql).bind(...params);
  const rows = async <Row>(sql: string, params: unknown[]) => (await statement(sql, params).all<Row>()).results;
  const first = <Row>(sql: string, params: unknown[]) => statement(sql, params).first<Row>();

  return {
    ...d1WebhookStore(db),
    async health() {
      await db.prepare('SELECT 1').first();
    },
    async createSite(site) {
      await statement(INSERT_SITE_SQL, insertSiteParams(site)).run();
    },
    async siteByWriteKey(writeKey) {
      const row = await first<SiteRow>(SITE_BY_WRITE_KEY_SQL, [writeKey]);
      return row ? siteFromRow(row) : null;
    },
    async siteBySecretKeyHash(secretKeyHash) {
      const row = await first<SiteRow>(SITE_BY_SECRET_KEY_HASH_SQL, [secretKeyHash]);
      return row ? siteFromRow(row) : null;
    },
    async updateSite(siteId, patch) {
      const update = updateSiteSql(siteId, patch);
      if (update) await statement(update.sql, update.params).run();
    },
    async insertResponses(records) {
      if (records.length === 0) return [];
      // One batch is one transaction: mark, answers, then their rollup cells (migrations/0006_rollup_watermark.sql).
      const results = await db.batch([
        statement(FOLD_MARK_SQL),
        ...records.map((record) => statement(INSERT_RESPONSE_SQL, insertResponseParams(record))),
        ...FOLD_NEW_ANSWERS_SQL.map((sql) => statement(sql)),
      ]);
      // D1 counts the outbox rows the webhook trigger writes too; a duplicate (ON CONFLICT DO NOTHING) changes none.
      return results.slice(1, 1 + records.length).map((result) => (result.meta.changes > 0 ? 'created' : 'duplicate'));
    },
    async scoreCounts(query) {
      const { sql, params } = scoreCountSql(query);
      return (await rows<ScoreCountSqlRow>(sql, params)).map(scoreCountFromRow);
    },
    async termCounts(query) {
      const { sql, params } = termCountSql(query);
      return rows<TermCountRow>(sql, params);
    },
    async firstDayWithAnswers(siteId, metric) {
      return (await first<{ day: number | null }>(FIRST_DAY_SQL, [siteId, metric, siteId, metric]))?.day ?? null;
    },
    async listResponses(query) {
      const { sql, params } = listResponsesSql(query);
      return (await rows<ResponseRow>(sql, params)).map(responseFromRow);
    },
    async responseBySeq(siteId, seq) {
      const row = await first<ResponseRow>(RESPONSE_BY_SEQ_SQL, [siteId, seq]);
      return row ? responseFromRow(row) : null;
    },
    async responseSeq(siteId, id) {
      return (await first<{ seq: number }>(RESPONSE_SEQ_BY_ID_SQL, [siteId, id]))?.seq ?? null;
    },
    async verifiedContactResponses(siteId, contactId) {
      return (await rows<ResponseRow>(VERIFIED_CONTACT_RESPONSES_SQL, [siteId, contactId])).map(responseFromRow);
    },
    async compactRollups(beforeDay) {
      const [fold] = await db.batch(COMPACT_ROLLUPS_SQL.map((sql) => statement(sql, [beforeDay, beforeDay])));
      return fold!.meta.changes;
    },
    async deleteContact(siteId, contactId) {
      // meta.changes would include the rollup and outbox rows the delete triggers change; RETURNING counts answers only.
      return (await rows<{ seq: number }>(`${DELETE_CONTACT_SQL} RETURNING seq`, [siteId, contactId])).length;
    },
    // The binding belongs to the runtime: nothing to close.
    async close() {},
  };
}
