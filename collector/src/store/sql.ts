import type { ScoreCountQuery, SiteRecord } from './types.ts';

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
