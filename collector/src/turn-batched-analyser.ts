import type { CommentAnalyser, CommentInsight } from '@touchpoint/insight';

interface PendingComment {
  text: string;
  locale: string | null | undefined;
  resolve: (insight: CommentInsight | Promise<CommentInsight>) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs the comments that arrive within one event-loop turn back to back, at the end of
 * the turn (setImmediate, so Node only). Analysed one at a time between requests, a
 * comment cost the server 1.5–3× what the same call costs in a loop: the HTTP and SQLite
 * work in between pushes the lexicons and ICU's dictionary out of the cache. Timed inside
 * the server under load, back to back cut a comment's analysis by 15% (Thai, through ICU)
 * to 36% (English): 35 → 27.5 µs on the benchmark's mix (BENCHMARKS.md). A comment waits
 * at most for the end of the turn it came in.
 */
export function turnBatchedAnalyser(analyser: CommentAnalyser): CommentAnalyser {
  let pending: PendingComment[] = [];
  const analyseAll = () => {
    const batch = pending;
    pending = [];
    for (const { text, locale, resolve, reject } of batch) {
      try {
        resolve(analyser.analyse(text, locale));
      } catch (error) {
        reject(error);
      }
    }
  };
  return {
    name: analyser.name,
    analyse(text, locale) {
      return new Promise((resolve, reject) => {
        if (pending.push({ text, locale, resolve, reject }) === 1) setImmediate(analyseAll);
      });
    },
  };
}
