// globalSetup of the "workers" vitest project: prepares, once per run, what every startWorker()
// of test/support/worker-process.ts starts from.
// - The Worker bundled exactly as `wrangler deploy` would (--dry-run --outdir): the suites test
//   the deployable file, and a `wrangler dev` of a finished bundle does not rebuild and restart
//   mid-test when someone edits collector/src or rebuilds the widget.
// - A D1 that `wrangler d1 migrations apply` migrated, copied for each collector instead of
//   migrated again (a few seconds per start).
import type { SpawnOptions } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { experimental_readRawConfig } from 'wrangler';
import { applyLocalMigrations, collectorDir, runWrangler } from '../../collector/scripts/wrangler-offline.js';

export interface PreparedWorker {
  /** A wrangler config for the bundle: the collector's own, pointing at the built file, without a build step. */
  config: string;
  /** A migrated local D1 (`--persist-to` folder) to copy. */
  migratedState: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    touchpointWorker: PreparedWorker;
  }
}

const piped: SpawnOptions = { stdio: ['ignore', 'pipe', 'pipe'] };

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-worker-bundle-'));
  const bundle = join(dir, 'bundle');
  const built = await runWrangler(['deploy', '--dry-run', '--outdir', bundle], piped);
  if (built.code !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${built.output}`);

  const { rawConfig } = experimental_readRawConfig({ config: join(collectorDir, 'wrangler.jsonc') });
  const { build: _build, $schema: _schema, ...collectorConfig } = rawConfig as Record<string, unknown>;
  const config = join(dir, 'wrangler.json');
  const databases: Array<{ migrations_dir?: string }> = rawConfig.d1_databases ?? [];
  writeFileSync(
    config,
    JSON.stringify({
      ...collectorConfig,
      // Bundled again by wrangler dev (quick: it is one file), which adds what --test-scheduled needs.
      main: join(bundle, 'worker.js'),
      d1_databases: databases.map((database) => ({
        ...database,
        migrations_dir: resolve(collectorDir, database.migrations_dir ?? 'migrations'),
      })),
    }),
  );

  const migratedState = join(dir, 'migrated-state');
  mkdirSync(migratedState);
  const migrated = await applyLocalMigrations(['--config', config, '--persist-to', migratedState], {
    ...piped,
    cwd: dir,
  });
  if (migrated.code !== 0) throw new Error(`wrangler d1 migrations apply failed:\n${migrated.output}`);

  project.provide('touchpointWorker', { config, migratedState });
  return () => rmSync(dir, { recursive: true, force: true });
}
