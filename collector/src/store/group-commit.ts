/** One batch's outcome: its results, or why its transaction failed. */
type Settled<Value> = { value: Value } | { error: unknown };

/**
 * Writes the items of every batch in one transaction and answers each batch
 * its own slice of the results. If that transaction fails, each batch is
 * retried alone, so one caller's bad write fails only that caller.
 *
 * @param commit writes all items in one transaction and returns one result per item, in order.
 */
function commitBatches<Item, Result>(
  commit: (items: Item[]) => Result[],
  batches: Item[][],
  retryAlone: (error: unknown) => boolean,
): Settled<Result[]>[] {
  if (batches.length === 0) return [];
  let results: Result[];
  try {
    results = commit(batches.flat());
  } catch (error) {
    if (batches.length === 1 || !retryAlone(error)) return batches.map(() => ({ error }));
    return batches.map((items) => {
      try {
        return { value: commit(items) };
      } catch (alone) {
        return { error: alone };
      }
    });
  }
  let offset = 0;
  return batches.map((items) => {
    offset += items.length;
    return { value: results.slice(offset - items.length, offset) };
  });
}

interface PendingBatch<Item, Result> {
  items: Item[];
  resolve: (results: Result[]) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /**
   * Runs the next transaction. @default setImmediate: after the I/O callbacks of this
   * turn, so every request parsed in the same turn joins it at no added latency.
   */
  schedule?: (commitNow: () => void) => void;
  /**
   * Called once after each transaction that stored anything; its callers are answered
   * when the promise resolves, or fail with its error. @default answered at commit
   */
  afterCommit?: () => Promise<void>;
  /**
   * Whether retrying each batch alone may single out the one at fault (a constraint) after
   * the whole transaction failed; not when nothing could commit (a locked database).
   * @default always
   */
  retryAlone?: (error: unknown) => boolean;
}

/**
 * Gathers the writes that arrive within one event-loop turn (or whatever `schedule`
 * waits for) into a single transaction, and answers every caller once it has
 * committed: a busy server pays for one commit (and one fsync, by the connection
 * or by `afterCommit`) per batch instead of one per request.
 */
export class GroupCommit<Item, Result> {
  private pending: PendingBatch<Item, Result>[] = [];
  private scheduled = false;
  private readonly schedule: (commitNow: () => void) => void;
  private readonly afterCommit: (() => Promise<void>) | undefined;
  private readonly retryAlone: (error: unknown) => boolean;

  /** @param commit writes all items in one transaction and returns one result per item, in order. */
  constructor(
    private readonly commit: (items: Item[]) => Result[],
    options: GroupCommitOptions = {},
  ) {
    this.schedule = options.schedule ?? setImmediate;
    this.afterCommit = options.afterCommit;
    this.retryAlone = options.retryAlone ?? (() => true);
  }

  submit(items: Item[]): Promise<Result[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ items, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        this.schedule(() => this.flush());
      }
    });
  }

  /** Commits whatever is waiting now; used on shutdown. */
  flush(): void {
    this.scheduled = false;
    const batches = this.pending;
    this.pending = [];
    const settled = commitBatches(
      this.commit,
      batches.map((batch) => batch.items),
      this.retryAlone,
    );
    const stored = settled.some((outcome) => 'value' in outcome);
    // One promise for the whole transaction: every caller in it waits for the same thing.
    const durable = stored && this.afterCommit ? this.afterCommit() : undefined;
    settled.forEach((outcome, index) => {
      const batch = batches[index]!;
      if ('error' in outcome) batch.reject(outcome.error);
      else if (durable) durable.then(() => batch.resolve(outcome.value), batch.reject);
      else batch.resolve(outcome.value);
    });
  }
}
