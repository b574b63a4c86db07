import { parentPort, Worker } from 'node:worker_threads';

/** One call's outcome, fit to cross threads. */
export type Settled<Value> = { value: Value } | { error: unknown };

/**
 * Calls to a worker thread, batched: every call made in one event-loop turn
 * travels in one message, and the thread answers each batch in one message,
 * so a busy server pays for two messages a turn, not two a request.
 */
export interface ThreadCalls<Request, Reply> {
  call(request: Request): Promise<Reply>;
  /** Lets the thread answer every call made so far and clean up, then stops it. */
  close(): Promise<void>;
}

type CallMessage<Request> = { kind: 'calls'; calls: { id: number; request: Request }[] } | { kind: 'close' };
type ReplyMessage<Reply> = { id: number; value: Reply } | { id: number; error: { message: string; code?: string } };

/** Starts `script` (which calls `serveThreadCalls`) on a thread and returns its calls. */
export function threadCalls<Request, Reply>(script: URL, workerData: unknown): ThreadCalls<Request, Reply> {
  const worker = new Worker(script, { workerData });
  const waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  let outgoing: { id: number; request: Request }[] = [];
  let nextId = 1;
  let failure: Error | null = null;
  let onClosed: (() => void) | null = null;

  const send = () => {
    const calls = outgoing;
    outgoing = [];
    if (calls.length > 0 && !failure) worker.postMessage({ kind: 'calls', calls } satisfies CallMessage<Request>);
  };
  worker.on('message', (replies: ReplyMessage<Reply>[] | 'closed') => {
    if (replies === 'closed') return onClosed?.();
    for (const answer of replies) {
      const caller = waiting.get(answer.id);
      waiting.delete(answer.id);
      if ('error' in answer)
        caller?.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
      else caller?.resolve(answer.value);
    }
  });
  const failAll = (error: Error) => {
    failure ??= error;
    for (const caller of waiting.values()) caller.reject(failure);
    waiting.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`worker thread ${script.pathname} exited (code ${code})`)));

  return {
    call(request) {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        if (outgoing.length === 0) setImmediate(send);
        const id = nextId++;
        outgoing.push({ id, request });
        waiting.set(id, { resolve, reject });
      });
    },
    async close() {
      if (failure) return;
      send();
      // The thread answers every call it was sent before it acknowledges the close.
      await new Promise<void>((resolve) => {
        onClosed = resolve;
        worker.postMessage({ kind: 'close' } satisfies CallMessage<Request>);
      });
      await worker.terminate();
    },
  };
}

/**
 * The thread's side: answers each batch of calls that arrived since its last
 * answer with one `handle` call, in order. `onClose` runs before the thread stops.
 */
export function serveThreadCalls<Request, Reply>(
  handle: (requests: Request[]) => Settled<Reply>[] | Promise<Settled<Reply>[]>,
  onClose: () => void = () => {},
): void {
  const port = parentPort!;
  let pending: { id: number; request: Request }[] = [];
  const answerPending = async () => {
    const calls = pending;
    pending = [];
    if (calls.length === 0) return;
    const settled = await handle(calls.map((call) => call.request));
    port.postMessage(calls.map(({ id }, index) => replyOf(id, settled[index]!)));
  };
  port.on('message', async (message: CallMessage<Request>) => {
    if (message.kind === 'close') {
      await answerPending();
      onClose();
      port.postMessage('closed');
      return;
    }
    // Messages queued while the last batch was being handled all arrive before setImmediate runs.
    if (pending.length === 0) setImmediate(answerPending);
    pending.push(...message.calls);
  });
}

function replyOf<Reply>(id: number, settled: Settled<Reply>): ReplyMessage<Reply> {
  if ('value' in settled) return { id, value: settled.value };
  const error = settled.error as { message?: string; code?: string } | undefined;
  return { id, error: { message: String(error?.message ?? error), code: error?.code } };
}
