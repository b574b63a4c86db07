import type { Database } from 'better-sqlite3';
import { foldAnswersSql } from './rollup-sql.ts';
import { ROLLUPS } from './sql.ts';

/** Rows folded into the rollups per step: a step is one progress report. */
const STEP_ROWS = 250_000;

export interface RebuildProgress {
  done: number;
  total: number;
}

/**
 * Recomputes every rollup from the raw responses, in one transaction, so
 * readers see either the old rollups or the new ones. The stores keep rollups
 * exact already; this repairs them after rows were added by hand or a restore.
 */
export function rebuildRollups(db: Database, onProgress: (progress: RebuildProgress) => void = () => {}): number {
  const { total, maxSeq } = db
    .prepare('SELECT COUNT(*) AS total, COALESCE(MAX(seq), 0) AS maxSeq FROM responses')
    .get() as {
    total: number;
    maxSeq: number;
  };
  const steps = foldAnswersSql('seq > ? AND seq <= ?').map(({ sql }) => db.prepare(sql));
  const countBetween = db.prepare('SELECT COUNT(*) FROM responses WHERE seq > ? AND seq <= ?').pluck();
  db.transaction(() => {
    for (const { table } of ROLLUPS) db.prepare(`DELETE FROM ${table}`).run();
    let done = 0;
    onProgress({ done, total });
    for (let after = 0; after < maxSeq; after += STEP_ROWS) {
      for (const step of steps) step.run(after, after + STEP_ROWS);
      done += countBetween.get(after, after + STEP_ROWS) as number;
      onProgress({ done, total });
    }
  })();
  return total;
}
