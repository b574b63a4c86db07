// The `touchpoint-collector` command line, run as a user runs it: the built CLI in a child
// process, its exit code, what it prints, and the SQLite file it leaves behind.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CreatedSite } from '@touchpoint/core/types';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { sqliteFileOf, startCollector, type CollectorProcess } from '../support/collector-process.ts';
import { makeAnswer } from '../support/fixtures.ts';

const CLI = fileURLToPath(new URL('../../collector/bin/touchpoint-collector.js', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return cliWith({}, ...args);
}

function cliWith(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { timeout: 120_000, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

let dir: string | undefined;
let collector: CollectorProcess | undefined;

function databasePath(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'touchpoint-cli-'));
  return join(dir, 'touchpoint.db');
}

function query<Row>(path: string, sql: string, ...params: unknown[]): Row[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as Row[];
  } finally {
    db.close();
  }
}

const ROLLUPS = ['rollup_daily', 'rollup_hourly'].map((table) => `SELECT '${table}' AS t, * FROM ${table}`);

/** Every rollup row, in a fixed order: what `rollups rebuild` must reproduce from the raw answers. */
const rollupsOf = (path: string) => query(path, `${ROLLUPS.join(' UNION ALL ')} ORDER BY 1, 2, 3, 4, 5`);

afterEach(async () => {
  await collector?.stop();
  collector = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('touchpoint-collector', () => {
  it('prints its usage with --help and its version with --version', async () => {
    const help = await cli('--help');
    expect(help.code, help.stderr).toBe(0);
    for (const command of ['serve', 'site create', 'migrate', 'seed', 'rollups rebuild'])
      expect(help.stdout).toContain(`touchpoint-collector ${command}`);
    const version = await cli('--version');
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('refuses an unknown command or a bad option value with exit code 2, naming it', async () => {
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(unknown.stderr).toContain('--help');
    const badCount = await cli('seed', '--responses', '0', '--db', databasePath());
    expect(badCount.code).toBe(2);
    expect(badCount.stderr).toContain('--responses must be a whole number ≥ 1, got "0"');
    const badPort = await cli('serve', '--port', '70000', '--db', databasePath());
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('--port must be an integer from 0 to 65535');
    const badLimit = await cliWith(
      { TOUCHPOINT_KEY_RATE_LIMIT: 'lots' },
      'serve',
      '--port',
      '0',
      '--db',
      databasePath(),
    );
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain('TOUCHPOINT_KEY_RATE_LIMIT must be a whole number ≥ 0, got "lots"');
    const badOption = await cli('migrate', '--colour');
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('--colour');
  });

  it('migrates a new database file, and again without harm', async () => {
    const path = databasePath();
    for (let run = 0; run < 2; run++) {
      const migrated = await cli('migrate', '--db', path);
      expect(migrated.code, migrated.stderr).toBe(0);
      expect(migrated.stdout).toContain('migrations are up to date');
    }
    const tables = query<{ name: string }>(path, "SELECT name FROM sqlite_master WHERE type = 'table'").map(
      (row) => row.name,
    );
    expect(tables).toEqual(expect.arrayContaining(['sites', 'responses', 'rollup_daily', 'webhook_deliveries']));
  });

  it('creates a site offline and prints its keys once; the secret key is stored only as a hash', async () => {
    const path = databasePath();
    const created = await cli('site', 'create', '--name', 'Shop', '--origin', 'https://shop.example', '--db', path);
    expect(created.code, created.stderr).toBe(0);
    const site = JSON.parse(created.stdout) as CreatedSite;
    expect(site.writeKey).toMatch(/^pk_/);
    expect(site.secretKey).toMatch(/^sk_/);
    const [stored] = query<Record<string, string>>(path, 'SELECT * FROM sites WHERE id = ?', site.id);
    expect(stored).toMatchObject({ name: 'Shop', origins: '["https://shop.example"]', write_key: site.writeKey });
    expect(Object.values(stored!)).not.toContain(site.secretKey);
    const nameless = await cli('site', 'create', '--origin', 'https://shop.example', '--db', path);
    expect(nameless.code).toBe(2);
    expect(nameless.stderr).toContain('name');
  });

  it('seeds a site with progress on stderr, and its rollups are what a rebuild computes from the answers', async () => {
    const path = databasePath();
    const seeded = await cli(
      'seed',
      ...['--responses', '3000', '--touchpoints', '3', '--days', '20', '--contacts', '10', '--db', path],
    );
    expect(seeded.code, seeded.stderr).toBe(0);
    const site = JSON.parse(seeded.stdout) as CreatedSite;
    expect(seeded.stderr).toMatch(/seeding \S+ +100% 3,000\/3,000/);
    const [counts] = query<{ n: number; touchpoints: number; contacts: number }>(
      path,
      'SELECT COUNT(*) AS n, COUNT(DISTINCT touchpoint) AS touchpoints, COUNT(DISTINCT contact_id) AS contacts FROM responses WHERE site_id = ?',
      site.id,
    );
    expect(counts).toEqual({ n: 3000, touchpoints: 3, contacts: 10 });
    const incremental = rollupsOf(path);
    expect(incremental.length).toBeGreaterThan(0);
    const rebuilt = await cli('rollups', 'rebuild', '--db', path);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toContain('rebuilt the rollups from 3,000 answers');
    expect(rebuilt.stderr).toContain('100%');
    expect(rollupsOf(path)).toEqual(incremental);
  });

  it('seeds the database of a running collector without losing the answers it acknowledges meanwhile', async () => {
    collector = await startCollector({ env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN }, args: ['--quiet'] });
    const api = new ApiClient(collector.url);
    const site = await api.createSite();
    const path = sqliteFileOf(collector);
    const seeding = cli('seed', '--responses', '20000', '--touchpoints', '2', '--days', '5', '--db', path);
    const acknowledged: string[] = [];
    let retries = 0;
    let done = false;
    void seeding.then(() => (done = true));
    while (!done || acknowledged.length < 50) {
      const answer = makeAnswer(site, { touchpoint: 'live' });
      const response = await api.postResponses(answer);
      // While the seed holds the write lock the server gives up after a moment, asking for a
      // retry, rather than stall every request on its event loop: the widget retries later.
      if (response.status === 503) {
        expect(response.headers.get('retry-after')).toBeTruthy();
        retries++;
        continue;
      }
      expect(response.status).toBe(202);
      acknowledged.push(answer.id as string);
    }
    const seeded = await seeding;
    expect(seeded.code, seeded.stderr).toBe(0);
    const seededSite = JSON.parse(seeded.stdout) as CreatedSite;
    expect(await collector.stop('SIGTERM')).toBe(0);
    // Each such 503 is logged in one line, not with a stack: the lock is expected, not a fault.
    const lockLines = collector.output().match(/error: POST \/v1\/responses failed: SQLITE_BUSY.*$/gm) ?? [];
    expect(lockLines).toHaveLength(retries);
    expect(collector.output()).not.toMatch(/SQLITE_BUSY.*\n\s+at /);
    const stored = new Set(
      query<{ id: string }>(path, 'SELECT id FROM responses WHERE site_id = ?', site.id).map((row) => row.id),
    );
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(query(path, 'SELECT COUNT(*) AS n FROM responses WHERE site_id = ?', seededSite.id)).toEqual([{ n: 20000 }]);
  });
});
