import type { Database } from 'better-sqlite3';
import { COUNT_COLUMNS, MS_PER_DAY, ROLLUPS, SCORES } from './sql.ts';

/** Rows folded into the rollups per step: a step is one progress report. */
const STEP_ROWS = 250_000;

export interface RebuildProgress {
  done: number;
  total: number;
}

/**
 * Recomputes every rollup from the raw responses, in one transaction, so
 * readers see either the old rollups or the new ones. Triggers keep rollups
 * exact already; this repairs them after manual edits or a restore.
 */
export function rebuildRollups(db: Database, onProgress: (progress: RebuildProgress) => void = () => {}): number {
  const { total, maxSeq } = db
    .prepare('SELECT COUNT(*) AS total, COALESCE(MAX(seq), 0) AS maxSeq FROM responses')
    .get() as {
    total: number;
    maxSeq: number;
  };
  // rollup_daily holds only the days before the watermark (migrations/0006_rollup_watermark.sql).
  const onlyFoldedDays = (table: string) =>
    table === 'rollup_daily' ? `AND created_at < (SELECT day FROM rollup_watermark) * ${MS_PER_DAY}` : '';
  const steps = ROLLUPS.map(({ table, unit, unitMs }) =>
    db.prepare(
      `INSERT INTO ${table} (site_id, metric, ${unit}, touchpoint, n, ${COUNT_COLUMNS})
       SELECT site_id, metric, created_at / ${unitMs}, touchpoint, COUNT(*), ${SCORES.map((score) => `SUM(score = ${score})`).join(', ')}
       FROM responses WHERE seq > ? AND seq <= ? ${onlyFoldedDays(table)} GROUP BY 1, 2, 3, 4
       ON CONFLICT (site_id, metric, ${unit}, touchpoint) DO UPDATE SET n = n + excluded.n,
         ${SCORES.map((score) => `s${score} = s${score} + excluded.s${score}`).join(', ')}`,
    ),
  );
  const sentimentSteps = ROLLUPS.map(({ table, unit, unitMs }) =>
    db.prepare(
      `INSERT INTO ${table} (site_id, metric, ${unit}, touchpoint, n, s0, s1, s2)
       SELECT site_id, 'sentiment', created_at / ${unitMs}, touchpoint, COUNT(*),
         SUM(sentiment_label = 'negative'), SUM(sentiment_label = 'neutral'), SUM(sentiment_label = 'positive')
       FROM responses WHERE seq > ? AND seq <= ? AND sentiment_label IS NOT NULL ${onlyFoldedDays(table)} GROUP BY 1, 2, 3, 4
       ON CONFLICT (site_id, metric, ${unit}, touchpoint) DO UPDATE SET n = n + excluded.n,
         s0 = s0 + excluded.s0, s1 = s1 + excluded.s1, s2 = s2 + excluded.s2`,
    ),
  );
  const countBetween = db.prepare('SELECT COUNT(*) FROM responses WHERE seq > ? AND seq <= ?').pluck();
  db.transaction(() => {
    for (const { table } of ROLLUPS) db.prepare(`DELETE FROM ${table}`).run();
    let done = 0;
    onProgress({ done, total });
    for (let after = 0; after < maxSeq; after += STEP_ROWS) {
      for (const step of [...steps, ...sentimentSteps]) step.run(after, after + STEP_ROWS);
      done += countBetween.get(after, after + STEP_ROWS) as number;
      onProgress({ done, total });
    }
  })();
  return total;
}
