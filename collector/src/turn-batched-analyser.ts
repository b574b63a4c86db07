import type { CommentAnalyser, CommentInsight } from '@touchpoint/insight';

/** A comment asked for and not yet answered. */
export interface PendingComment {
  text: string;
  locale: string | null | undefined;
  resolve: (insight: CommentInsight | Promise<CommentInsight>) => void;
  reject: (error: unknown) => void;
}

/**
 * An analyser that gathers the comments asked for within one event-loop turn and hands
 * them to `analyseAll` together at the end of the turn (setImmediate, so Node only). A
 * comment waits at most for the end of the turn it came in.
 */
export function perTurnAnalyser(name: string, analyseAll: (comments: PendingComment[]) => void): CommentAnalyser {
  let pending: PendingComment[] = [];
  const flush = () => {
    const comments = pending;
    pending = [];
    analyseAll(comments);
  };
  return {
    name,
    analyse(text, locale) {
      return new Promise((resolve, reject) => {
        if (pending.push({ text, locale, resolve, reject }) === 1) setImmediate(flush);
      });
    },
  };
}

/** Answers each comment with what `analyser` makes of it, one after the other. */
export function analyseEach(analyser: CommentAnalyser, comments: PendingComment[]): void {
  for (const { text, locale, resolve, reject } of comments) {
    try {
      resolve(analyser.analyse(text, locale));
    } catch (error) {
      reject(error);
    }
  }
}

/**
 * Runs the comments that arrive within one event-loop turn back to back, at the end of
 * the turn. Analysed one at a time between requests, a comment cost the server 1.5–3×
 * what the same call costs in a loop: the HTTP and SQLite work in between pushes the
 * lexicons and ICU's dictionary out of the cache. Timed inside the server under load,
 * back to back cut a comment's analysis by 15% (Thai, through ICU) to 36% (English):
 * 35 → 27.5 µs on the benchmark's mix (BENCHMARKS.md).
 */
export function turnBatchedAnalyser(analyser: CommentAnalyser): CommentAnalyser {
  return perTurnAnalyser(analyser.name, (comments) => analyseEach(analyser, comments));
}
