// The rollup watermark on D1 (migrations/0006_rollup_watermark.sql): the same story as on SQLite,
// through openD1Store and the D1 binding of wrangler's getPlatformProxy.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { D1Database } from '@cloudflare/workers-types';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { getPlatformProxy } from 'wrangler';
import { openD1Store } from '../../collector/src/store/d1.ts';
import { checkRollupWatermark } from '../support/rollup-watermark.ts';

let dir: string;
let proxy: Awaited<ReturnType<typeof getPlatformProxy<{ DB: D1Database }>>>;

beforeAll(async () => {
  const prepared = inject('touchpointWorker');
  dir = mkdtempSync(join(tmpdir(), 'touchpoint-d1-rollups-'));
  cpSync(prepared.migratedState, dir, { recursive: true });
  proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: prepared.config,
    persist: { path: join(dir, 'v3') },
    remoteBindings: false,
  });
});

afterAll(async () => {
  await proxy?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('rollups on D1', () => {
  it('read the days before the watermark from rollup_daily and the rest from rollup_hourly, each answer once', async () => {
    await checkRollupWatermark(openD1Store(proxy.env.DB), Date.UTC(2026, 5, 1) / 86_400_000);
  });
});
