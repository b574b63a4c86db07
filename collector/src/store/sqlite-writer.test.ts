import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from './sqlite.ts';
import type { ResponseRecord } from './types.ts';

const migrationsDirectory = fileURLToPath(new URL('../../migrations/', import.meta.url));
// The thread runs the built script, as the server does (`npm test` builds first).
const writerThread = new URL('../../dist/sqlite-writer.js', import.meta.url);
const NOW = Date.UTC(2026, 10, 23, 12);

function answer(id: string, overrides: Partial<ResponseRecord> = {}): ResponseRecord {
  return {
    siteId: 'site-a',
    id,
    touchpoint: 'checkout',
    metric: 'nps',
    score: 9,
    comment: null,
    locale: 'en',
    page: null,
    visitorId: null,
    contactId: 'crm-1',
    verified: true,
    metadata: null,
    createdAt: NOW,
    receivedAt: NOW,
    sentiment: null,
    terms: null,
    followUp: false,
    ...overrides,
  };
}

describe('answers written on the writer thread', () => {
  let dir: string;
  let store: SqliteStore | null = null;

  function open(): { store: SqliteStore; path: string } {
    dir = mkdtempSync(join(tmpdir(), 'touchpoint-writer-'));
    const path = join(dir, 'touchpoint.db');
    store = openSqliteStore({ path, migrationsDirectory, writerThread });
    store.db.prepare("INSERT INTO sites VALUES ('site-a', 'A', '[]', 'pk_a', 'hash_a', 'secret', 0)").run();
    return { store, path };
  }

  afterEach(async () => {
    await store?.close();
    store = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers each caller with its own outcomes, once committed, and stores a retried id once', async () => {
    const { store } = open();
    const [first, second, retried] = await Promise.all([
      store.insertResponses([answer('a-1'), answer('a-2')]),
      store.insertResponses([answer('b-1')]),
      store.insertResponses([answer('a-1'), answer('c-1')]),
    ]);
    expect(first).toEqual(['created', 'created']);
    expect(second).toEqual(['created']);
    expect(retried).toEqual(['duplicate', 'created']);
    // Acknowledged means committed: the main thread's own connection sees every row at once.
    expect(store.db.prepare('SELECT id FROM responses ORDER BY id').pluck().all()).toEqual([
      'a-1',
      'a-2',
      'b-1',
      'c-1',
    ]);
    expect(store.db.prepare("SELECT n, s9 FROM rollup_hourly WHERE metric = 'nps'").get()).toEqual({ n: 4, s9: 4 });
  });

  it('fails only the caller whose write the database refuses, with the reason', async () => {
    const { store } = open();
    const results = await Promise.allSettled([
      store.insertResponses([answer('ok-1')]),
      store.insertResponses([answer('bad-1', { metric: 'stars' as ResponseRecord['metric'] })]),
      store.insertResponses([answer('ok-2')]),
    ]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: ['created'] });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_CONSTRAINT_CHECK' } });
    expect(results[2]).toEqual({ status: 'fulfilled', value: ['created'] });
    expect(store.db.prepare('SELECT id FROM responses ORDER BY id').pluck().all()).toEqual(['ok-1', 'ok-2']);
  });

  it('erases a contact only after the answers submitted before the erasure are committed', async () => {
    const { store } = open();
    const pending = store.insertResponses([answer('late-1'), answer('late-2')]);
    expect(await store.deleteContact('site-a', 'crm-1')).toBe(2);
    expect(await pending).toEqual(['created', 'created']);
    expect(store.db.prepare('SELECT COUNT(*) FROM responses').pluck().get()).toBe(0);
  });

  it('commits what was submitted before close, and the file holds it after the thread is gone', async () => {
    const { store: opened, path } = open();
    const writes = Array.from({ length: 200 }, (_, index) => opened.insertResponses([answer(`close-${index}`)]));
    await opened.close();
    store = null;
    expect((await Promise.all(writes)).flat().every((outcome) => outcome === 'created')).toBe(true);
    const reopened = new Database(path, { readonly: true });
    expect(reopened.prepare('SELECT COUNT(*) FROM responses').pluck().get()).toBe(200);
    reopened.close();
  });
});
