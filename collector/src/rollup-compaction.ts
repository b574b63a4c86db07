import { MS_PER_DAY } from './store/sql.ts';
import type { Store } from './store/types.ts';

/**
 * Days before yesterday are folded: answers stamped with yesterday's or today's
 * date (time zones, offline replays) then still cost one rollup update, not two.
 */
export function compactionDay(now: number): number {
  return Math.floor(now / MS_PER_DAY) - 1;
}

/** Folds the finished days' hourly rollups into daily ones (migrations/0006_rollup_watermark.sql). */
export async function compactRollups(store: Store, now: number, log: (line: string) => void): Promise<void> {
  const cells = await store.compactRollups(compactionDay(now));
  if (cells > 0) log(`rollups: ${cells.toLocaleString('en')} daily cells folded from the hourly ones`);
}

/**
 * compactRollups for timers and cron triggers: a failure is logged, not thrown, so the
 * work scheduled after it (webhook retries and digests on Workers) still runs; the next
 * run folds what this one could not.
 */
export async function compactRollupsOrLog(store: Store, now: number, log: (line: string) => void): Promise<void> {
  try {
    await compactRollups(store, now, log);
  } catch (error) {
    log(`error: rollup compaction failed: ${String(error)}`);
  }
}
