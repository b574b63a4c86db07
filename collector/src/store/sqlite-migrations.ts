import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';

/**
 * Applies `migrations/NNNN_name.sql` in order, each in its own transaction.
 * Progress is tracked in `d1_migrations`, the table `wrangler d1 migrations`
 * uses, so both runtimes record the same history for the same files.
 */
export function applyMigrations(db: Database, directory: string, log: (line: string) => void = () => {}): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS d1_migrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE,
    applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
  )`);
  const applied = new Set(
    db
      .prepare('SELECT name FROM d1_migrations')
      .pluck()
      .all()
      .map((name) => String(name)),
  );
  const pending = readdirSync(directory)
    .filter((file) => /^\d{4}_.+\.sql$/.test(file) && !applied.has(file))
    .sort();
  pending.forEach((file, index) => {
    log(`migration ${index + 1}/${pending.length}: ${file}`);
    const sql = readFileSync(join(directory, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO d1_migrations (name) VALUES (?)').run(file);
    })();
  });
  return pending;
}
