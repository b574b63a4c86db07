import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

describe('GroupCommit', () => {
  it('commits writes submitted in one turn as one transaction and answers each caller its own results', async () => {
    const transactions: number[][] = [];
    const commit = new GroupCommit<number, string>((items) => {
      transactions.push(items);
      return items.map((item) => `stored ${item}`);
    });
    const answers = await Promise.all([commit.submit([1, 2]), commit.submit([3]), commit.submit([4, 5, 6])]);
    expect(transactions).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect(answers).toEqual([['stored 1', 'stored 2'], ['stored 3'], ['stored 4', 'stored 5', 'stored 6']]);
  });

  it('starts a new transaction for writes submitted after the last one ran', async () => {
    const transactions: number[][] = [];
    const commit = new GroupCommit<number, number>((items) => (transactions.push(items), items));
    await commit.submit([1]);
    await commit.submit([2]);
    expect(transactions).toEqual([[1], [2]]);
  });

  it('fails only the caller whose write fails, retrying the others alone', async () => {
    const commit = new GroupCommit<number, number>((items) => {
      if (items.includes(13)) throw new Error('constraint failed');
      return items;
    });
    const [good, bad, alsoGood] = await Promise.allSettled([
      commit.submit([1]),
      commit.submit([13]),
      commit.submit([2]),
    ]);
    expect(good).toEqual({ status: 'fulfilled', value: [1] });
    expect(bad).toMatchObject({ status: 'rejected', reason: new Error('constraint failed') });
    expect(alsoGood).toEqual({ status: 'fulfilled', value: [2] });
  });

  it('runs the transaction when `schedule` says, and answers its callers once `afterCommit` resolves', async () => {
    const transactions: number[][] = [];
    let commitNow: (() => void) | undefined;
    let makeDurable: (() => void) | undefined;
    let afterCommits = 0;
    const commit = new GroupCommit<number, number>((items) => (transactions.push(items), items), {
      schedule: (run) => (commitNow = run),
      afterCommit: () => (afterCommits++, new Promise<void>((resolve) => (makeDurable = resolve))),
    });
    let answered = false;
    const answers = Promise.all([commit.submit([1]), commit.submit([2, 3])]).then((results) => {
      answered = true;
      return results;
    });
    await Promise.resolve();
    expect(transactions).toEqual([]);
    commitNow!();
    expect(transactions).toEqual([[1, 2, 3]]);
    expect(afterCommits).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    makeDurable!();
    expect(await answers).toEqual([[1], [2, 3]]);
  });

  it('fails the callers of a transaction whose `afterCommit` fails, and skips it when nothing was stored', async () => {
    let afterCommits = 0;
    const commit = new GroupCommit<number, number>(
      (items) => {
        if (items.includes(13)) throw new Error('constraint failed');
        return items;
      },
      { afterCommit: async () => (afterCommits++, Promise.reject(new Error('EIO'))) },
    );
    await expect(commit.submit([1])).rejects.toThrow('EIO');
    await expect(commit.submit([13])).rejects.toThrow('constraint failed');
    expect(afterCommits).toBe(1);
  });

  it('fails every caller at once, without retrying each alone, when `retryAlone` says it cannot help', async () => {
    let transactions = 0;
    const locked = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const commit = new GroupCommit<number, number>(
      () => {
        transactions++;
        throw locked;
      },
      { retryAlone: (error) => error !== locked },
    );
    const results = await Promise.allSettled([commit.submit([1]), commit.submit([2]), commit.submit([3])]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(transactions).toBe(1);
  });
});
