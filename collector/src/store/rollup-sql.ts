import { AGGREGATE_METRICS } from '@touchpoint/core';
import { COUNT_COLUMNS, MS_PER_DAY, ROLLUPS, SCORES } from './sql.ts';

const ADD_COUNTS = SCORES.map((score) => `s${score} = s${score} + excluded.s${score}`).join(', ');

/** One statement folding answers into one rollup; `sentiment` says whether it counts sentiment labels or scores. */
export interface FoldStatement {
  sql: string;
  sentiment: boolean;
}

/**
 * Statements that add the answers matching `answers` (a condition on `responses`, e.g. a seq
 * range) to both rollups, scores and sentiment, one upsert per cell. rollup_daily takes only
 * the days before the watermark (migrations/0006_rollup_watermark.sql).
 */
export function foldAnswersSql(answers: string): FoldStatement[] {
  return ROLLUPS.flatMap(({ table, unit, unitMs }) => {
    // NOT INDEXED: a seq range is a rowid range; left to itself the planner may walk an index to group.
    const rows = `FROM responses NOT INDEXED WHERE ${answers}${
      table === 'rollup_daily' ? ` AND created_at < (SELECT day FROM rollup_watermark) * ${MS_PER_DAY}` : ''
    }`;
    return [
      {
        sentiment: false,
        sql: `INSERT INTO ${table} (site_id, metric, ${unit}, touchpoint, n, ${COUNT_COLUMNS})
       SELECT site_id, metric, created_at / ${unitMs}, touchpoint, COUNT(*), ${SCORES.map((score) => `SUM(score = ${score})`).join(', ')}
       ${rows} GROUP BY 1, 2, 3, 4
       ON CONFLICT (site_id, metric, ${unit}, touchpoint) DO UPDATE SET n = n + excluded.n, ${ADD_COUNTS}`,
      },
      {
        sentiment: true,
        sql: `INSERT INTO ${table} (site_id, metric, ${unit}, touchpoint, n, s0, s1, s2)
       SELECT site_id, 'sentiment', created_at / ${unitMs}, touchpoint, COUNT(*),
         SUM(sentiment_label = 'negative'), SUM(sentiment_label = 'neutral'), SUM(sentiment_label = 'positive')
       ${rows} AND sentiment_label IS NOT NULL GROUP BY 1, 2, 3, 4
       ON CONFLICT (site_id, metric, ${unit}, touchpoint) DO UPDATE SET n = n + excluded.n,
         s0 = s0 + excluded.s0, s1 = s1 + excluded.s1, s2 = s2 + excluded.s2`,
      },
    ];
  });
}

/**
 * How answers reach the rollups (migrations/0006_rollup_watermark.sql), in the transaction that
 * inserts them. A new answer's seq is above every seq before it, so the answers after the
 * transaction's first seq are exactly its own. On SQLite the store reads that seq and binds
 * it (FOLD_AFTER_SEQ_SQL); a D1 batch cannot carry a value from one statement to the next, so
 * there FOLD_MARK_SQL notes it in rollup_cursor before the inserts and FOLD_NEW_ANSWERS_SQL
 * reads it after them.
 */
export const FOLD_AFTER_SEQ_SQL = foldAnswersSql('seq > ?');
export const FOLD_MARK_SQL = 'UPDATE rollup_cursor SET seq = (SELECT COALESCE(MAX(seq), 0) FROM responses)';
export const FOLD_NEW_ANSWERS_SQL = foldAnswersSql('seq > (SELECT seq FROM rollup_cursor)').map(({ sql }) => sql);

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
  ON CONFLICT (site_id, metric, day, touchpoint) DO UPDATE SET n = n + excluded.n, ${ADD_COUNTS}`,
  'UPDATE rollup_watermark SET day = ? WHERE day < ?',
] as const;
