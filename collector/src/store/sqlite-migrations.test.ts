import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { applyMigrations } from './sqlite-migrations.ts';

const migrationsDirectory = fileURLToPath(new URL('../../migrations/', import.meta.url));

it('0007 lowers the answer ids stored in upper case, leaving a row whose lowered id is taken', () => {
  const before = mkdtempSync(join(tmpdir(), 'touchpoint-migrations-'));
  try {
    cpSync(migrationsDirectory, before, {
      recursive: true,
      filter: (path) => !path.endsWith('0007_lowercase_ids.sql'),
    });
    const db = new Database(':memory:');
    applyMigrations(db, before);
    db.prepare("INSERT INTO sites VALUES ('site-a', 'A', '[]', 'pk_a', 'hash_a', 's', 0)").run();
    const insert = db.prepare(
      "INSERT INTO responses (site_id, id, touchpoint, metric, score, created_at, received_at) VALUES ('site-a', ?, 'checkout', 'nps', 9, 0, 0)",
    );
    for (const id of ['AAAA-UPPER', 'BBBB-BOTH', 'bbbb-both', 'cccc-lower']) insert.run(id);
    expect(applyMigrations(db, migrationsDirectory)).toEqual(['0007_lowercase_ids.sql']);
    expect(db.prepare('SELECT id FROM responses ORDER BY seq').pluck().all()).toEqual([
      'aaaa-upper',
      'BBBB-BOTH',
      'bbbb-both',
      'cccc-lower',
    ]);
    db.close();
  } finally {
    rmSync(before, { recursive: true, force: true });
  }
});
