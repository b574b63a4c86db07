interface PendingBatch<Item, Result> {
  items: Item[];
  resolve: (results: Result[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the writes that arrive within one event-loop turn into a single
 * transaction. Every caller is answered only after that transaction commits,
 * so an acknowledgement still means "durably stored", but a busy server pays
 * for one fsync per turn instead of one per request.
 */
export class GroupCommit<Item, Result> {
  private pending: PendingBatch<Item, Result>[] = [];
  private scheduled = false;

  /** @param commit writes all items in one transaction and returns one result per item, in order. */
  constructor(private readonly commit: (items: Item[]) => Result[]) {}

  submit(items: Item[]): Promise<Result[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ items, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after the I/O callbacks of this turn, so every
        // request parsed in the same turn joins the batch at no added latency.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits whatever is waiting now; used on shutdown. */
  flush(): void {
    this.scheduled = false;
    const batches = this.pending;
    this.pending = [];
    if (batches.length === 0) return;
    let results: Result[];
    try {
      results = this.commit(batches.flatMap((batch) => batch.items));
    } catch (error) {
      // One caller's bad write must not fail its neighbours: retry each alone.
      if (batches.length === 1) batches[0]!.reject(error);
      else for (const batch of batches) this.commitAlone(batch);
      return;
    }
    let offset = 0;
    for (const batch of batches) {
      batch.resolve(results.slice(offset, offset + batch.items.length));
      offset += batch.items.length;
    }
  }

  private commitAlone(batch: PendingBatch<Item, Result>): void {
    try {
      batch.resolve(this.commit(batch.items));
    } catch (error) {
      batch.reject(error);
    }
  }
}
