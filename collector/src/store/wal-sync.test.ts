import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fdatasyncFile, WalSync } from './wal-sync.ts';

/** A flush the test finishes by hand: `started` counts them, `finish(n)` ends the nth (from 0). */
function manualFlush() {
  const pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  return {
    flush: () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })),
    get started() {
      return pending.length;
    },
    finish: (index: number) => pending[index]!.resolve(),
    fail: (index: number, error: Error) => pending[index]!.reject(error),
  };
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  // Lets every reaction that is already due run.
  for (let turn = 0; turn < 10; turn++) await Promise.resolve();
  return done;
};

describe('WalSync', () => {
  it('starts a flush at once when none is running, and resolves when it returns', async () => {
    const disk = manualFlush();
    const wal = new WalSync(disk.flush);
    const synced = wal.sync();
    expect(disk.started).toBe(1);
    expect(await settled(synced)).toBe(false);
    disk.finish(0);
    await synced;
  });

  it('makes callers who arrive during a flush wait for the next one, which they share', async () => {
    const disk = manualFlush();
    const wal = new WalSync(disk.flush);
    const first = wal.sync();
    const during = [wal.sync(), wal.sync(), wal.sync()];
    expect(disk.started).toBe(1);
    disk.finish(0);
    await first;
    // The first flush may have begun before their commits: it does not answer them.
    expect(await settled(Promise.race(during))).toBe(false);
    expect(disk.started).toBe(2);
    disk.finish(1);
    await Promise.all(during);
    expect(disk.started).toBe(2);
  });

  it('starts a fresh flush for a caller who arrives after the last one returned', async () => {
    const disk = manualFlush();
    const wal = new WalSync(disk.flush);
    const first = wal.sync();
    disk.finish(0);
    await first;
    const later = wal.sync();
    expect(disk.started).toBe(2);
    disk.finish(1);
    await later;
  });

  it('fails the callers of a failed flush, those waiting for the next, and every later caller', async () => {
    const disk = manualFlush();
    const wal = new WalSync(disk.flush);
    const first = wal.sync();
    const waiting = wal.sync();
    disk.fail(0, Object.assign(new Error('EIO'), { code: 'EIO' }));
    await expect(first).rejects.toThrow('EIO');
    await expect(waiting).rejects.toThrow('EIO');
    await expect(wal.sync()).rejects.toThrow('EIO');
    expect(disk.started).toBe(1);
  });
});

describe('fdatasyncFile', () => {
  it('runs a task when idle: after the running flush returns, or at the next turn when none runs', async () => {
    const disk = manualFlush();
    const wal = new WalSync(disk.flush);
    const ran: string[] = [];
    wal.whenIdle(() => ran.push('idle'));
    expect(ran).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toEqual(['idle']);
    const synced = wal.sync();
    wal.whenIdle(() => ran.push('after flush'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toEqual(['idle']);
    disk.finish(0);
    await synced;
    await Promise.resolve();
    expect(ran).toEqual(['idle', 'after flush']);
    // The flush is over when the task runs: a sync from it starts a fresh one at once.
    void wal.sync();
    expect(disk.started).toBe(2);
  });

  it('flushes a real file, opened on the first flush', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'touchpoint-wal-sync-'));
    try {
      const path = join(dir, 'db-wal');
      const file = fdatasyncFile(path);
      // Not there yet, as the WAL before SQLite's first write: the flush says so.
      await expect(file.flush()).rejects.toMatchObject({ code: 'ENOENT' });
      writeFileSync(path, 'frames');
      await file.flush();
      await file.flush();
      file.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
