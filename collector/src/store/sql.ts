import type { ResponseListQuery, ScoreCountQuery, SitePatch, SiteRecord, StoredResponse } from './types.ts';

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

const GROUP_COLUMNS = {
  touchpoint: 'touchpoint',
  locale: "COALESCE(locale, '')",
  page: "COALESCE(page, '')",
  verified: "CASE verified WHEN 1 THEN 'verified' ELSE 'unverified' END",
} as const;

const MS_PER_DAY = 86_400_000;

/** Score histogram per (UTC day?, group?) cell. Only fixed column expressions are spliced in; values are bound. */
export function scoreCountSql(query: ScoreCountQuery): { sql: string; params: unknown[] } {
  const where = ['site_id = ?', 'metric = ?'];
  const params: unknown[] = [query.siteId, query.metric];
  if (query.touchpoints && query.touchpoints.length > 0) {
    where.push(`touchpoint IN (${query.touchpoints.map(() => '?').join(', ')})`);
    params.push(...query.touchpoints);
  }
  if (query.from !== undefined) {
    where.push('created_at >= ?');
    params.push(query.from);
  }
  if (query.to !== undefined) {
    where.push('created_at < ?');
    params.push(query.to);
  }
  const day = query.byDay ? `created_at / ${MS_PER_DAY}` : 'NULL';
  const group = query.groupBy ? GROUP_COLUMNS[query.groupBy] : 'NULL';
  const sql = `SELECT ${day} AS day, ${group} AS "group", score, COUNT(*) AS count
    FROM responses WHERE ${where.join(' AND ')}
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
  return { sql, params };
}

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
  };
}

export const INSERT_RESPONSE_SQL = `INSERT INTO responses (site_id, id, touchpoint, metric, score, comment, locale, page,
    visitor_id, contact_id, verified, metadata, created_at, received_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (site_id, id) DO NOTHING`;

/** Positional parameters of INSERT_RESPONSE_SQL. */
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
  ];
}

const SITE_COLUMNS: Record<keyof SitePatch, string> = {
  name: 'name',
  origins: 'origins',
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
    where.push(`touchpoint IN (${query.touchpoints.map(() => '?').join(', ')})`);
    params.push(...query.touchpoints);
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
  if (query.afterSeq !== undefined) {
    where.push('seq > ?');
    params.push(query.afterSeq);
  }
  params.push(query.limit, query.offset ?? 0);
  return { sql: `SELECT * FROM responses WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ? OFFSET ?`, params };
}

export const VERIFIED_CONTACT_RESPONSES_SQL =
  'SELECT * FROM responses WHERE site_id = ? AND contact_id = ? AND verified = 1 ORDER BY created_at, seq';

export const DELETE_CONTACT_SQL = 'DELETE FROM responses WHERE site_id = ? AND contact_id = ?';
