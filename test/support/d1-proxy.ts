// A migrated local D1 for the "workers" vitest project: a copy of the state globalSetup
// migrated once (worker-setup.ts), bound through wrangler's getPlatformProxy.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { D1Database } from '@cloudflare/workers-types';
import { inject } from 'vitest';
import { getPlatformProxy } from 'wrangler';

export interface MigratedD1 {
  db: D1Database;
  /** Stops the proxy and removes the copy. */
  dispose(): Promise<void>;
}

/** @param name names the temporary folder, e.g. "touchpoint-d1-rollups" */
export async function openMigratedD1(name: string): Promise<MigratedD1> {
  const prepared = inject('touchpointWorker');
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  cpSync(prepared.migratedState, dir, { recursive: true });
  const proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: prepared.config,
    persist: { path: join(dir, 'v3') },
    remoteBindings: false,
  });
  return {
    db: proxy.env.DB,
    async dispose() {
      await proxy.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
