// The rollup watermark on D1 (migrations/0006_rollup_watermark.sql): the same story as on SQLite,
// through openD1Store and the D1 binding of wrangler's getPlatformProxy.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openD1Store } from '../../collector/src/store/d1.ts';
import { checkRollupWatermark } from '../support/rollup-watermark.ts';
import { openMigratedD1, type MigratedD1 } from '../support/d1-proxy.ts';

let d1: MigratedD1;

beforeAll(async () => {
  d1 = await openMigratedD1('touchpoint-d1-rollups');
});

afterAll(async () => {
  await d1?.dispose();
});

describe('rollups on D1', () => {
  it('read the days before the watermark from rollup_daily and the rest from rollup_hourly, each answer once', async () => {
    await checkRollupWatermark(openD1Store(d1.db), Date.UTC(2026, 5, 1) / 86_400_000);
  });
});
