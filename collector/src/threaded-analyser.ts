import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CommentAnalyser, CommentInsight } from '@touchpoint/insight';
import { errorMessage } from './error-message.ts';
import { watchThread } from './thread-watch.ts';
import { analyseEach, perTurnAnalyser, type PendingComment } from './turn-batched-analyser.ts';

/** The comments of one event-loop turn, as the thread receives them. */
export interface AnalysisRequest {
  batch: number;
  comments: Array<[text: string, locale: string | null | undefined]>;
}

/** The thread's answer to one request: one result per comment, in order. */
export interface AnalysisReply {
  batch: number;
  results: Array<CommentInsight | { error: string }>;
}

/**
 * The thread's side: every comment of a request analysed, each failure its own comment's
 * error (a throw must not end the thread, or one odd comment would cost every later one).
 */
export async function analyseRequest(
  analyser: CommentAnalyser,
  { batch, comments }: AnalysisRequest,
): Promise<AnalysisReply> {
  const settled = await Promise.allSettled(comments.map(async ([text, locale]) => analyser.analyse(text, locale)));
  const results = settled.map((outcome): CommentInsight | { error: string } =>
    outcome.status === 'fulfilled' ? outcome.value : { error: errorMessage(outcome.reason) },
  );
  return { batch, results };
}

export interface ThreadedAnalyser extends CommentAnalyser {
  /** Stops the thread; comments asked for afterwards are analysed by the fallback. */
  close(): Promise<void>;
}

/**
 * Analyses comments on a thread of its own (the `script`, dist/analyser-thread.js for the
 * built-in lexicons), so that the event loop spends its time on requests: the comments
 * that arrive within one event-loop turn travel to the thread in one message and come
 * back in one. Comment by comment, posting and taking replies cost the event loop what
 * the analysis did; a turn's worth at a time, an answer costs the event loop 14–21% less,
 * and the process from 5% less to 5% more (BENCHMARKS.md), so it pays where there is a
 * second CPU. If the thread dies, the comments it held and every later one are analysed
 * by `fallback` on the caller's thread, and `log` says so: `fallback` must be the analyser
 * the script runs, whose name the results carry.
 */
export function threadedAnalyser(
  script: URL,
  fallback: CommentAnalyser,
  log: (line: string) => void,
): ThreadedAnalyser {
  if (!existsSync(script)) throw new Error(`${fileURLToPath(script)} is missing: run "npm run build"`);
  const worker = new Worker(script);
  const inFlight = new Map<number, PendingComment[]>();
  let nextBatch = 0;
  let threadGone = false;
  let closing = false;

  const send = (comments: PendingComment[]) => {
    if (threadGone) return analyseEach(fallback, comments);
    const batch = nextBatch++;
    inFlight.set(batch, comments);
    worker.postMessage({
      batch,
      comments: comments.map(({ text, locale }) => [text, locale]),
    } satisfies AnalysisRequest);
  };
  worker.on('message', ({ batch, results }: AnalysisReply) => {
    const comments = inFlight.get(batch) ?? [];
    inFlight.delete(batch);
    comments.forEach((comment, index) => {
      const result = results[index]!;
      if ('error' in result) comment.reject(new Error(result.error));
      else comment.resolve(result);
    });
  });
  // Requests in flight keep the process alive, not the thread.
  const exited = watchThread(worker, 'comment analyser thread', (error) => {
    threadGone = true;
    if (!closing) log(`error: ${error.message}; analysing comments on the main thread from now on`);
    for (const comments of inFlight.values()) analyseEach(fallback, comments);
    inFlight.clear();
  });

  return {
    ...perTurnAnalyser(fallback.name, send),
    async close() {
      closing = true;
      await worker.terminate();
      await exited;
    },
  };
}
