import type { SentimentLabel } from './types.ts';

export type SurveyMetric = 'nps' | 'csat' | 'ces';

// The top and bottom of each scale. NPS: promoters 9–10, detractors 0–6 (as in the
// aggregates); CSAT: satisfied 4–5, dissatisfied 1–2; CES (higher = easier): easy 6–7, hard 1–3.
const HIGH: Record<SurveyMetric, number> = { nps: 9, csat: 4, ces: 6 };
const LOW: Record<SurveyMetric, number> = { nps: 6, csat: 2, ces: 3 };

/**
 * Whether a score and its comment disagree enough to follow up: a high score with a
 * negative comment (a 9 that says "the courier threw my parcel over the fence" usually
 * means a real problem the score hides, or a customer who misread the scale), or a low
 * score with a positive comment.
 * @example scoreMismatch('nps', 9, 'negative') // true
 * @example scoreMismatch('csat', 2, 'positive') // true
 */
export function scoreMismatch(metric: SurveyMetric, score: number, sentiment: SentimentLabel): boolean {
  if (!(metric in HIGH) || !Number.isFinite(score)) return false;
  if (sentiment === 'negative') return score >= HIGH[metric];
  if (sentiment === 'positive') return score <= LOW[metric];
  return false;
}
