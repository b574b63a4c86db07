import type { MetricName } from '@touchpoint/core/types';

export const METRICS: readonly MetricName[] = ['nps', 'csat', 'ces'];

export interface MetricInfo {
  label: string;
  title: string;
  /** What the value is, in a sentence fragment for a card. */
  explains: string;
  /** Scores on the scale, lowest first (mirrors core's METRIC_SCALES: importing core's runtime would bundle zod). */
  min: number;
  max: number;
  /** The bounds the value itself can take, for chart axes. */
  valueMin: number;
  valueMax: number;
  /** Lowest score of the positive and of the neutral group (NPS 9 and 7, CSAT 4 and 3, CES 5 and 4). */
  positiveFrom: number;
  neutralFrom: number;
}

export const METRIC_INFO: Record<MetricName, MetricInfo> = {
  nps: {
    label: 'NPS',
    title: 'Net Promoter Score',
    explains: '% promoters − % detractors',
    min: 0,
    max: 10,
    valueMin: -100,
    valueMax: 100,
    positiveFrom: 9,
    neutralFrom: 7,
  },
  csat: {
    label: 'CSAT',
    title: 'Customer satisfaction',
    explains: '% of answers 4–5 out of 5',
    min: 1,
    max: 5,
    valueMin: 0,
    valueMax: 100,
    positiveFrom: 4,
    neutralFrom: 3,
  },
  ces: {
    label: 'CES',
    title: 'Customer effort',
    explains: 'mean on 1–7, higher is easier',
    min: 1,
    max: 7,
    valueMin: 1,
    valueMax: 7,
    positiveFrom: 5,
    neutralFrom: 4,
  },
};

export type ScoreGroup = 'positive' | 'neutral' | 'negative';

/** Promoter/passive/detractor, satisfied/neutral/dissatisfied, easy/neutral/hard — one word for all three. */
export function scoreGroup(metric: MetricName, score: number): ScoreGroup {
  const info = METRIC_INFO[metric];
  if (score >= info.positiveFrom) return 'positive';
  return score >= info.neutralFrom ? 'neutral' : 'negative';
}

export const SCORE_GROUP_LABELS: Record<ScoreGroup, string> = {
  positive: 'Positive (NPS 9–10, CSAT 4–5, CES 5–7)',
  neutral: 'Neutral (NPS 7–8, CSAT 3, CES 4)',
  negative: 'Negative (NPS 0–6, CSAT 1–2, CES 1–3)',
};
