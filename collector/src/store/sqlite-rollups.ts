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
  const counts = db.prepare('SELECT COUNT(*) AS total, COALESCE(MAX(seq), 0) AS maxSeq FROM responses');
  const steps = foldAnswersSql('seq > ? AND seq <= ?').map(({ sql }) => db.prepare(sql));
  const countBetween = db.prepare('SELECT COUNT(*) FROM responses WHERE seq > ? AND seq <= ?').pluck();
  // IMMEDIATE, and counted inside: an answer another process commits meanwhile (a collector
  // serving this file) waits, instead of being folded by its writer, wiped here and missed.
  return db
    .transaction(() => {
      const { total, maxSeq } = counts.get() as { total: number; maxSeq: number };
      for (const { table } of ROLLUPS) db.prepare(`DELETE FROM ${table}`).run();
      let done = 0;
      onProgress({ done, total });
      for (let after = 0; after < maxSeq; after += STEP_ROWS) {
        for (const step of steps) step.run(after, after + STEP_ROWS);
        done += countBetween.get(after, after + STEP_ROWS) as number;
        onProgress({ done, total });
      }
      return total;
    })
    .immediate();
}
