import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite.ts';
import type { ResponseRecord } from './types.ts';
import { RECORDED_AT, responseRecord } from '../../../test/support/response-record.ts';
import { endpointOf } from '../../../test/support/webhook-store-contract.ts';

const migrationsDirectory = fileURLToPath(new URL('../../migrations/', import.meta.url));
// The checkpointer thread runs the built script, as the server's does (`npm test` builds first).
const checkpointer = new URL('../../dist/sqlite-checkpointer.js', import.meta.url);
const NOW = RECORDED_AT;

function answer(id: string, overrides: Partial<ResponseRecord> = {}): ResponseRecord {
  return responseRecord({ id, ...overrides });
}

describe("the SQLite store as the server opens it: answers' WAL flushed off the event loop, checkpoints on a thread", () => {
  let dir: string | undefined;
  let store: SqliteStore | null = null;

  function open(
    server: SqliteStoreOptions['server'] = { checkpointer },
    log?: (line: string) => void,
  ): { store: SqliteStore; path: string } {
    dir ??= mkdtempSync(join(tmpdir(), 'touchpoint-writer-'));
    const path = join(dir, 'touchpoint.db');
    store = openSqliteStore({ path, migrationsDirectory, server, log });
    store.db.prepare("INSERT INTO sites VALUES ('site-a', 'A', '[]', 'pk_a', 'hash_a', 'secret', 0)").run();
    return { store, path };
  }

  afterEach(async () => {
    await store?.close();
    store = null;
    rmSync(dir!, { recursive: true, force: true });
    dir = undefined;
  });

  /** Rows in the database file itself, without its WAL: what checkpoints have copied back. */
  function rowsInDatabaseFile(path: string): number {
    const copy = join(dir!, 'checkpointed-copy.db');
    copyFileSync(path, copy);
    const database = new Database(copy, { readonly: true });
    try {
      // Before the first checkpoint the file does not even hold the schema.
      const tables = database.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'responses'").pluck().get();
      return tables === 0 ? 0 : (database.prepare('SELECT COUNT(*) FROM responses').pluck().get() as number);
    } finally {
      database.close();
    }
  }

  /** Polls until `check` holds; fails after 15 s. */
  async function eventually(check: () => boolean): Promise<void> {
    for (const deadline = Date.now() + 15_000; !check(); await sleep(50)) {
      if (Date.now() > deadline) throw new Error('condition not met within 15 s');
    }
  }

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
    // Acknowledged means committed: the store's main connection sees every row at once.
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

  it('copies the WAL back into the database file on its own thread, with checkpoints off on every commit', async () => {
    const { store, path } = open();
    // No connection of the store checkpoints when it commits: the thread does.
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const outcomes = await Promise.all(
      Array.from({ length: 300 }, (_, index) => store.insertResponses([answer(`wal-${index}`)])),
    );
    expect(outcomes.flat().filter((outcome) => outcome === 'created')).toHaveLength(300);
    // Nothing else runs a checkpoint here, so rows reaching the file alone is the thread's work.
    await eventually(() => rowsInDatabaseFile(path) === 300);
  });

  it('checkpoints on the main thread when the checkpointer thread dies', async () => {
    dir = mkdtempSync(join(tmpdir(), 'touchpoint-writer-'));
    const broken = join(dir, 'broken-checkpointer.mjs');
    writeFileSync(broken, "throw new Error('checkpointer broke');\n");
    const lines: string[] = [];
    const { store, path } = open({ checkpointer: new URL(`file://${broken}`) }, (line) => lines.push(line));
    await eventually(() => lines.some((line) => line.includes('checkpointer broke')));
    expect(lines.join('\n')).toContain('checkpointing on the main thread from now on');
    await store.insertResponses([answer('after-1'), answer('after-2')]);
    await eventually(() => rowsInDatabaseFile(path) === 2);
  });

  it('commits what was submitted before close, and the file holds it after the store is gone', async () => {
    const { store: opened, path } = open();
    const writes = Array.from({ length: 200 }, (_, index) => opened.insertResponses([answer(`close-${index}`)]));
    await opened.close();
    store = null;
    await expect(opened.insertResponses([answer('after-close')])).rejects.toThrow('closed');
    expect((await Promise.all(writes)).flat().every((outcome) => outcome === 'created')).toBe(true);
    const reopened = new Database(path, { readonly: true });
    expect(reopened.prepare('SELECT COUNT(*) FROM responses').pluck().get()).toBe(200);
    reopened.close();
  });

  /** A store whose WAL flushes the test ends by hand: `flushes[n]()` returns the nth. */
  function openWithHeldFlushes() {
    const flushes: Array<{ finish: () => void; fail: (error: Error) => void }> = [];
    const opened = open({
      checkpointer,
      flushWal: () => new Promise<void>((finish, fail) => flushes.push({ finish, fail })),
    });
    const ids = () => opened.store.db.prepare('SELECT id FROM responses ORDER BY id').pluck().all();
    return { ...opened, flushes, ids };
  }

  /** Whether `promise` has settled once the turns already due have run. */
  async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    await sleep(20);
    return settled;
  }

  it('hands the webhook dispatcher no delivery before the answer it is about is on disk', async () => {
    const { store, flushes } = openWithHeldFlushes();
    await store.createWebhook(endpointOf('site-a', 'a'), 20);
    const stored = store.insertResponses([answer('hooked')]);
    await eventually(() => flushes.length === 1);
    // The answer and its delivery are committed, so the claim finds it, but the flush has not returned.
    const claim = store.claimDueDeliveries(NOW + 1000, 10, NOW + 61_000);
    expect(await hasSettled(claim)).toBe(false);
    flushes[0]!.finish();
    await stored;
    // That flush may have begun before the claim: the claim waits for one that began after it.
    await eventually(() => flushes.length === 2);
    expect(await hasSettled(claim)).toBe(false);
    flushes[1]!.finish();
    expect((await claim).map((claimed) => claimed.delivery.responseSeq)).toEqual([1]);
  });

  it('answers no caller before a flush of the WAL that began after its commit', async () => {
    const { store, flushes, ids } = openWithHeldFlushes();
    const first = store.insertResponses([answer('held-1')]);
    await eventually(() => flushes.length === 1);
    // Committed, visible to readers, but not yet acknowledged: its flush has not returned.
    expect(ids()).toEqual(['held-1']);
    expect(await hasSettled(first)).toBe(false);
    // Arriving during the flush, these wait for it to return, are committed together, then flushed.
    const during = [store.insertResponses([answer('held-2')]), store.insertResponses([answer('held-3')])];
    expect(await hasSettled(Promise.race(during))).toBe(false);
    expect(ids()).toEqual(['held-1']);
    flushes[0]!.finish();
    expect(await first).toEqual(['created']);
    await eventually(() => flushes.length === 2);
    expect(ids()).toEqual(['held-1', 'held-2', 'held-3']);
    expect(await hasSettled(Promise.race(during))).toBe(false);
    flushes[1]!.finish();
    expect(await Promise.all(during)).toEqual([['created'], ['created']]);
    expect(flushes).toHaveLength(2);
  });

  it('answers every caller of one transaction with the one flush that followed it', async () => {
    const { store, flushes } = openWithHeldFlushes();
    const together = Promise.all([store.insertResponses([answer('one-1')]), store.insertResponses([answer('one-2')])]);
    await eventually(() => flushes.length === 1);
    flushes[0]!.finish();
    expect(await together).toEqual([['created'], ['created']]);
    expect(flushes).toHaveLength(1);
  });

  it('fails the callers of a failed WAL flush, stores nothing that waited for it, and refuses every later one', async () => {
    const { store, flushes, ids } = openWithHeldFlushes();
    const lost = store.insertResponses([answer('lost-1')]);
    await eventually(() => flushes.length === 1);
    const waiting = store.insertResponses([answer('lost-2')]);
    flushes[0]!.fail(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await expect(lost).rejects.toMatchObject({ code: 'EIO' });
    await expect(waiting).rejects.toMatchObject({ code: 'EIO' });
    // The kernel may have dropped the pages it could not write: no later flush can vouch for
    // them, so nothing more is written, and the health check says so.
    await expect(store.insertResponses([answer('lost-3')])).rejects.toMatchObject({ code: 'EIO' });
    expect(flushes).toHaveLength(1);
    expect(ids()).toEqual(['lost-1']);
    await expect(store.health()).rejects.toMatchObject({ code: 'EIO' });
  });

  it('gives up soon, in one go, when another process holds the database, and writes again once it lets go', async () => {
    const { store, path } = open();
    const other = new Database(path);
    try {
      other.exec('BEGIN IMMEDIATE');
      const started = performance.now();
      const results = await Promise.allSettled([
        store.insertResponses([answer('locked-1')]),
        store.insertResponses([answer('locked-2')]),
      ]);
      // The server's event loop waits 250 ms for the lock, not the 5 s a CLI job would, and
      // not once more for each caller.
      expect(performance.now() - started).toBeLessThan(3000);
      for (const result of results)
        expect(result).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_BUSY' } });
      other.exec('ROLLBACK');
      expect(await store.insertResponses([answer('after-lock')])).toEqual(['created']);
    } finally {
      other.close();
    }
  });

  it('flushes the WAL SQLite really writes when the database path is a symbolic link', async () => {
    dir = mkdtempSync(join(tmpdir(), 'touchpoint-writer-'));
    mkdirSync(join(dir, 'real'));
    mkdirSync(join(dir, 'link'));
    const realPath = join(dir, 'real', 'touchpoint.db');
    new Database(realPath).close();
    symlinkSync(realPath, join(dir, 'link', 'touchpoint.db'));
    store = openSqliteStore({
      path: join(dir, 'link', 'touchpoint.db'),
      migrationsDirectory,
      server: { checkpointer },
    });
    store.db.prepare("INSERT INTO sites VALUES ('site-a', 'A', '[]', 'pk_a', 'hash_a', 'secret', 0)").run();
    // SQLite keeps its WAL beside the real file; a flush of "<link>-wal" would find nothing.
    expect(await store.insertResponses([answer('linked-1')])).toEqual(['created']);
    expect(existsSync(`${realPath}-wal`)).toBe(true);
  });

  it('flushes the WAL file by default, and the file with its WAL holds every acknowledged answer', async () => {
    const { store, path } = open();
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, index) => store.insertResponses([answer(`disk-${index}`)])),
    );
    expect(outcomes.flat().filter((outcome) => outcome === 'created')).toHaveLength(200);
    // A copy of the pair, read as SQLite reads them after a crash: the WAL's commits are replayed.
    const copy = join(dir!, 'copy.db');
    copyFileSync(path, copy);
    copyFileSync(`${path}-wal`, `${copy}-wal`);
    const database = new Database(copy, { readonly: true });
    expect(database.prepare('SELECT COUNT(*) FROM responses').pluck().get()).toBe(200);
    database.close();
  });
});
