import { AGGREGATE_METRICS } from '@touchpoint/core';
import { COUNT_COLUMNS, MS_PER_DAY, SCORES } from './sql.ts';

/**
 * Moving the rollup watermark (see migrations/0006_rollup_watermark.sql), shared by
 * the SQLite and D1 stores. Both statements run in one transaction, parameters
 * `[beforeDay, beforeDay]` and `[beforeDay, beforeDay]`: the hourly cells of the UTC
 * days from the watermark up to `beforeDay` are summed into rollup_daily, and the
 * watermark moves to `beforeDay`. Later calls with the same day fold nothing.
 */
export const COMPACT_ROLLUPS_SQL = [
  // Joined through sites × metrics so each range read uses rollup_hourly's primary key.
  `INSERT INTO rollup_daily (site_id, metric, day, touchpoint, n, ${COUNT_COLUMNS})
  SELECT h.site_id, h.metric, h.hour / 24, h.touchpoint, SUM(h.n), ${SCORES.map((score) => `SUM(h.s${score})`).join(', ')}
  FROM sites s
    CROSS JOIN (${AGGREGATE_METRICS.map((metric) => `SELECT '${metric}' AS metric`).join(' UNION ALL ')}) m
    JOIN rollup_hourly h ON h.site_id = s.id AND h.metric = m.metric
  WHERE h.hour >= (SELECT day FROM rollup_watermark) * 24 AND h.hour < ? * 24 AND ? > (SELECT day FROM rollup_watermark)
  GROUP BY h.site_id, h.metric, h.hour / 24, h.touchpoint
  ON CONFLICT (site_id, metric, day, touchpoint) DO UPDATE SET n = n + excluded.n,
    ${SCORES.map((score) => `s${score} = s${score} + excluded.s${score}`).join(', ')}`,
  'UPDATE rollup_watermark SET day = ? WHERE day < ?',
] as const;

/**
 * Days before yesterday are folded: answers stamped with yesterday's or today's
 * date (time zones, offline replays) then still cost one upsert, not two.
 */
export function compactionDay(now: number): number {
  return Math.floor(now / MS_PER_DAY) - 1;
}
