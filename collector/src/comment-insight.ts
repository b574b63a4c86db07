import { scoreMismatch, type CommentAnalyser } from '@touchpoint/insight';
import type { MetricName } from '@touchpoint/core';
import type { ResponseRecord } from './store/types.ts';

export type CommentFields = Pick<ResponseRecord, 'sentiment' | 'terms' | 'followUp'>;

const NO_COMMENT: CommentFields = { sentiment: null, terms: null, followUp: false };

/**
 * Sentiment, key terms and the score/comment mismatch flag of one answer. An
 * analyser failure (an external model down, with no fallback) leaves the
 * answer unanalysed: it never costs the customer their answer.
 */
export async function analyseComment(
  analyser: CommentAnalyser,
  answer: { comment: string | null; locale: string | null; metric: MetricName; score: number },
  onError: (error: unknown) => void = () => {},
): Promise<CommentFields> {
  if (!answer.comment) return NO_COMMENT;
  try {
    const insight = await analyser.analyse(answer.comment, answer.locale);
    return {
      sentiment: { label: insight.sentiment.label, score: insight.sentiment.score },
      terms: insight.terms,
      followUp: scoreMismatch(answer.metric, answer.score, insight.sentiment.label),
    };
  } catch (error) {
    onError(error);
    return NO_COMMENT;
  }
}
