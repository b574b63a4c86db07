import { SENTIMENT_LABELS, type SentimentLabel } from '@touchpoint/core';
import type {
  TermCountQuery,
  ResponseListQuery,
  ScoreCountQuery,
  ScoreCountRow,
  ZoneOffset,
  SitePatch,
  SiteRecord,
  StoredResponse,
} from './types.ts';

/** SQL shared by the SQLite and D1 stores: both speak the same dialect. */

export interface SiteRow {
  id: string;
  name: string;
  origins: string;
  write_key: string;
  secret_key_hash: string;
  identity_secret: string;
  created_at: number;
}

export function siteFromRow(row: SiteRow): SiteRecord {
  return {
    id: row.id,
    name: row.name,
    origins: JSON.parse(row.origins) as string[],
    writeKey: row.write_key,
    secretKeyHash: row.secret_key_hash,
    identitySecret: row.identity_secret,
    createdAt: row.created_at,
  };
}

export const INSERT_SITE_SQL = `INSERT INTO sites (id, name, origins, write_key, secret_key_hash, identity_secret, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;

/** Positional parameters of INSERT_SITE_SQL. */
export function insertSiteParams(site: SiteRecord): unknown[] {
  return [
    site.id,
    site.name,
    JSON.stringify(site.origins),
    site.writeKey,
    site.secretKeyHash,
    site.identitySecret,
    site.createdAt,
  ];
}

export const SITE_BY_WRITE_KEY_SQL = 'SELECT * FROM sites WHERE write_key = ?';
export const SITE_BY_SECRET_KEY_HASH_SQL = 'SELECT * FROM sites WHERE secret_key_hash = ?';

const GROUP_COLUMNS = {
  touchpoint: 'touchpoint',
  locale: "COALESCE(locale, '')",
  page: "COALESCE(page, '')",
  verified: "CASE verified WHEN 1 THEN 'verified' ELSE 'unverified' END",
} as const;

export const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
export const SCORES = Array.from({ length: 11 }, (_, score) => score);
/** The score-count columns of a rollup row. */
export const COUNT_COLUMNS = SCORES.map((score) => `s${score}`).join(', ');
/** rollup_daily is complete for the UTC days before this one; the days since are in rollup_hourly only. */
const WATERMARK_DAY = '(SELECT day FROM rollup_watermark)';

/** The rollup tables, coarsest first; each row holds the s0…s10 score counts of one cell. */
export const ROLLUPS = [
  { table: 'rollup_daily', unit: 'day', unitMs: MS_PER_DAY },
  { table: 'rollup_hourly', unit: 'hour', unitMs: MS_PER_HOUR },
] as const;

/**
 * Rollups are keyed by touchpoint only, and exact only when every bound, every
 * offset and every offset change falls on their unit: a UTC+7 day is 24 whole
 * hours but not a whole UTC day; a UTC+5:45 day is neither (raw rows then).
 */
function rollupFor(query: ScoreCountQuery) {
  if (query.groupBy !== undefined && query.groupBy !== 'touchpoint') return undefined;
  const instants = [query.from, query.to, ...(query.dayOffsets ?? []).flatMap((zone) => [zone.from, zone.offsetMs])];
  return ROLLUPS.find((rollup) =>
    instants.every((value) => value === undefined || value === null || value % rollup.unitMs === 0),
  );
}

/** The local day number of the instant `time` (an SQL expression in epoch ms) under `offsets`. */
function localDaySql(time: string, offsets: ZoneOffset[]): string {
  const [first, ...changes] = offsets;
  if (changes.length === 0) return `(${time} + ${integer(first!.offsetMs)}) / ${MS_PER_DAY}`;
  const branches = changes.map(
    (change, index) => `WHEN ${time} < ${integer(change.from!)} THEN ${integer(offsets[index]!.offsetMs)}`,
  );
  return `(${time} + CASE ${branches.join(' ')} ELSE ${integer(changes[changes.length - 1]!.offsetMs)} END) / ${MS_PER_DAY}`;
}

/**
 * `column IN (…)` with the whole list bound as one JSON array parameter: D1 binds at most 100
 * parameters a query, and the API takes up to 100 touchpoints.
 */
function inList(column: string): string {
  return `${column} IN (SELECT value FROM json_each(?))`;
}

function integer(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}

/**
 * Score histograms per (slot?, group?) cell, one row each with s0…s10. Reads a
 * rollup table when it can (a few thousand rows for a year), raw rows when it
 * must. Only fixed expressions and integers are spliced in; values are bound.
 */
export function scoreCountSql(query: ScoreCountQuery): { sql: string; params: unknown[] } {
  const rollup = rollupFor(query);
  const sentimentFromRaw = !rollup && query.metric === 'sentiment';
  const group = query.groupBy ? GROUP_COLUMNS[query.groupBy] : 'NULL';
  const bySlot = query.dayOffsets !== undefined && query.dayOffsets.length > 0;
  const counts = SCORES.map((score) => {
    if (rollup) return `SUM(s${score}) AS s${score}`;
    if (sentimentFromRaw) {
      const label = SENTIMENT_LABELS[score];
      return label ? `SUM(sentiment_label = '${label}') AS s${score}` : `0 AS s${score}`;
    }
    return `SUM(score = ${score}) AS s${score}`;
  });

  /** One grouped SELECT over `table`, whose `time` column counts `unitMs`; `bounds` narrow its range further. */
  const select = (
    table: string,
    time: string,
    unitMs: number,
    slot: string,
    bounds: { from?: string; to?: string },
  ) => {
    // Raw rows keep sentiment in its own column; the rollups keep it as the metric 'sentiment'.
    const where = ['site_id = ?', sentimentFromRaw ? 'sentiment_label IS NOT NULL' : 'metric = ?'];
    const params: unknown[] = sentimentFromRaw ? [query.siteId] : [query.siteId, query.metric];
    if (query.touchpoints && query.touchpoints.length > 0) {
      where.push(inList('touchpoint'));
      params.push(JSON.stringify(query.touchpoints));
    }
    const bound = (operator: '>=' | '<', ms: number | undefined, extra: string | undefined) => {
      const limits = [...(ms === undefined ? [] : ['?']), ...(extra ? [extra] : [])];
      if (limits.length === 0) return;
      // A constant bound keeps the primary key's range search.
      const limit = limits.length === 1 ? limits[0] : `${operator === '>=' ? 'MAX' : 'MIN'}(${limits.join(', ')})`;
      where.push(`${time} ${operator} ${limit}`);
      if (ms !== undefined) params.push(ms / unitMs);
    };
    bound('>=', query.from, bounds.from);
    bound('<', query.to, bounds.to);
    return {
      sql: `SELECT ${bySlot ? slot : 'NULL'} AS slot, ${group} AS "group", ${counts.join(', ')}
        FROM ${table} WHERE ${where.join(' AND ')} GROUP BY 1, 2`,
      params,
    };
  };

  if (rollup?.unit === 'day') {
    // Days before the watermark from rollup_daily, the days since from rollup_hourly: never the same day twice.
    const daily = select('rollup_daily', 'day', MS_PER_DAY, 'day', { to: WATERMARK_DAY });
    const recent = select('rollup_hourly', 'hour', MS_PER_HOUR, 'hour / 24', { from: `${WATERMARK_DAY} * 24` });
    const both = `${daily.sql} UNION ALL ${recent.sql}`;
    return {
      // Per day, each (slot, group) comes from one of the two; without slots, a group may come from both.
      sql: bySlot ? both : `SELECT slot, "group", ${counts.join(', ')} FROM (${both}) GROUP BY 1, 2`,
      params: [...daily.params, ...recent.params],
    };
  }
  // Grouping by local day in SQL returns one row a day, not 24 (or 96) to fold in JavaScript.
  const time = rollup ? rollup.unit : 'created_at';
  const slot = bySlot ? localDaySql(rollup ? `${time} * ${integer(rollup.unitMs)}` : time, query.dayOffsets!) : 'NULL';
  return select(rollup ? rollup.table : 'responses', time, rollup ? rollup.unitMs : 1, slot, {});
}

export type ScoreCountSqlRow = { slot: number | null; group: string | null } & Record<`s${number}`, number>;

export function scoreCountFromRow(row: ScoreCountSqlRow): ScoreCountRow {
  return { slot: row.slot, group: row.group, counts: SCORES.map((score) => row[`s${score}`] ?? 0) };
}

/** Parameters: site id and metric, twice (rollup_daily, then rollup_hourly for the days since the watermark). */
export const FIRST_DAY_SQL = `SELECT MIN(day) AS day FROM (
    SELECT MIN(day) AS day FROM rollup_daily WHERE site_id = ? AND metric = ? AND n > 0
    UNION ALL
    SELECT MIN(hour) / 24 FROM rollup_hourly WHERE site_id = ? AND metric = ? AND n > 0 AND hour >= ${WATERMARK_DAY} * 24)`;

export interface ResponseRow {
  seq: number;
  site_id: string;
  id: string;
  touchpoint: string;
  metric: StoredResponse['metric'];
  score: number;
  comment: string | null;
  locale: string | null;
  page: string | null;
  visitor_id: string | null;
  contact_id: string | null;
  verified: number;
  metadata: string | null;
  created_at: number;
  received_at: number;
  sentiment_label: string | null;
  sentiment_score: number | null;
  terms: string | null;
  follow_up: number;
}

export function responseFromRow(row: ResponseRow): StoredResponse {
  return {
    seq: row.seq,
    siteId: row.site_id,
    id: row.id,
    touchpoint: row.touchpoint,
    metric: row.metric,
    score: row.score,
    comment: row.comment,
    locale: row.locale,
    page: row.page,
    visitorId: row.visitor_id,
    contactId: row.contact_id,
    verified: row.verified === 1,
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as StoredResponse['metadata']),
    createdAt: row.created_at,
    receivedAt: row.received_at,
    sentiment:
      row.sentiment_label === null
        ? null
        : { label: row.sentiment_label as SentimentLabel, score: row.sentiment_score ?? 0 },
    terms: row.terms === null ? null : (JSON.parse(row.terms) as string[]),
    followUp: row.follow_up === 1,
  };
}

/** The columns INSERT_RESPONSE_SQL sets, in the order of insertResponseParams. */
const INSERT_RESPONSE_COLUMNS = [
  'site_id',
  'id',
  'touchpoint',
  'metric',
  'score',
  'comment',
  'locale',
  'page',
  'visitor_id',
  'contact_id',
  'verified',
  'metadata',
  'created_at',
  'received_at',
  'sentiment_label',
  'sentiment_score',
  'terms',
  'follow_up',
] as const;

export const INSERT_RESPONSE_SQL = `INSERT INTO responses (${INSERT_RESPONSE_COLUMNS.join(', ')})
  VALUES (${INSERT_RESPONSE_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (site_id, id) DO NOTHING`;

/** Where insertResponseParams puts the sentiment label (null for an answer without a comment). */
export const SENTIMENT_LABEL_PARAM = INSERT_RESPONSE_COLUMNS.indexOf('sentiment_label');

/**
 * Positional parameters of INSERT_RESPONSE_SQL. Answers also travel to the writer
 * thread in this form: an array of plain values clones in half the time of the record.
 */
export function insertResponseParams(row: StoredResponse | Omit<StoredResponse, 'seq'>): unknown[] {
  return [
    row.siteId,
    row.id,
    row.touchpoint,
    row.metric,
    row.score,
    row.comment,
    row.locale,
    row.page,
    row.visitorId,
    row.contactId,
    row.verified ? 1 : 0,
    row.metadata === null ? null : JSON.stringify(row.metadata),
    row.createdAt,
    row.receivedAt,
    row.sentiment?.label ?? null,
    row.sentiment?.score ?? null,
    row.terms === null ? null : JSON.stringify(row.terms),
    row.followUp ? 1 : 0,
  ];
}

const SITE_COLUMNS: Record<keyof SitePatch, string> = {
  name: 'name',
  origins: 'origins',
  writeKey: 'write_key',
  secretKeyHash: 'secret_key_hash',
  identitySecret: 'identity_secret',
};

export function updateSiteSql(siteId: string, patch: SitePatch): { sql: string; params: unknown[] } | null {
  const entries = (Object.keys(SITE_COLUMNS) as Array<keyof SitePatch>).filter((field) => patch[field] !== undefined);
  if (entries.length === 0) return null;
  const params = entries.map((field) => (field === 'origins' ? JSON.stringify(patch.origins) : patch[field]));
  return {
    sql: `UPDATE sites SET ${entries.map((field) => `${SITE_COLUMNS[field]} = ?`).join(', ')} WHERE id = ?`,
    params: [...params, siteId],
  };
}

export function listResponsesSql(query: ResponseListQuery): { sql: string; params: unknown[] } {
  const where = ['site_id = ?'];
  const params: unknown[] = [query.siteId];
  if (query.metric) {
    where.push('metric = ?');
    params.push(query.metric);
  }
  if (query.touchpoints && query.touchpoints.length > 0) {
    where.push(inList('touchpoint'));
    params.push(JSON.stringify(query.touchpoints));
  }
  if (query.contactId !== undefined) {
    where.push('contact_id = ?');
    params.push(query.contactId);
  }
  if (query.from !== undefined) {
    where.push('created_at >= ?');
    params.push(query.from);
  }
  if (query.to !== undefined) {
    where.push('created_at < ?');
    params.push(query.to);
  }
  if (query.hasComment !== undefined) where.push(query.hasComment ? 'comment IS NOT NULL' : 'comment IS NULL');
  const descending = query.order === 'desc';
  if (query.afterSeq !== undefined) {
    where.push(descending ? 'seq < ?' : 'seq > ?');
    params.push(query.afterSeq);
  }
  params.push(query.limit, query.offset ?? 0);
  return {
    sql: `SELECT * FROM responses WHERE ${where.join(' AND ')} ORDER BY seq ${descending ? 'DESC' : 'ASC'} LIMIT ? OFFSET ?`,
    params,
  };
}

export const VERIFIED_CONTACT_RESPONSES_SQL =
  'SELECT * FROM responses WHERE site_id = ? AND contact_id = ? AND verified = 1 ORDER BY created_at, seq';

export const DELETE_CONTACT_SQL = 'DELETE FROM responses WHERE site_id = ? AND contact_id = ?';

/** Promoters, passives and detractors by each metric's scale (NPS 9–10 / 7–8 / 0–6, CSAT 4–5 / 3 / 1–2, CES 6–7 / 4–5 / 1–3). */
const SEGMENT_SQL = `CASE
    WHEN (r.metric = 'nps' AND r.score >= 9) OR (r.metric = 'csat' AND r.score >= 4) OR (r.metric = 'ces' AND r.score >= 6)
      THEN 'promoters'
    WHEN (r.metric = 'nps' AND r.score <= 6) OR (r.metric = 'csat' AND r.score <= 2) OR (r.metric = 'ces' AND r.score <= 3)
      THEN 'detractors'
    ELSE 'passives' END`;

export function termCountSql(query: TermCountQuery): { sql: string; params: unknown[] } {
  const where = ['r.site_id = ?', 'r.terms IS NOT NULL'];
  const params: unknown[] = [query.siteId];
  if (query.metric) {
    where.push('r.metric = ?');
    params.push(query.metric);
  }
  if (query.touchpoints && query.touchpoints.length > 0) {
    where.push(inList('r.touchpoint'));
    params.push(JSON.stringify(query.touchpoints));
  }
  if (query.from !== undefined) {
    where.push('r.created_at >= ?');
    params.push(query.from);
  }
  if (query.to !== undefined) {
    where.push('r.created_at < ?');
    params.push(query.to);
  }
  return {
    sql: `SELECT r.touchpoint AS touchpoint, ${SEGMENT_SQL} AS segment, t.value AS term, COUNT(*) AS count
      FROM responses r, json_each(r.terms) t WHERE ${where.join(' AND ')}
      GROUP BY 1, 2, 3`,
    params,
  };
}

/** Where an export page ends: its last row's place in insertion order, found by the row's own id. */
export const RESPONSE_SEQ_BY_ID_SQL = 'SELECT seq FROM responses WHERE site_id = ? AND id = ?';
