/**
 * The three survey metrics and their scales. Kept free of zod so the widget
 * can import it without pulling a validator into its bundle.
 */
export const METRIC_NAMES = ['nps', 'csat', 'ces'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export interface MetricScale {
  min: number;
  max: number;
}

export const METRIC_SCALES: Record<MetricName, MetricScale> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

export function isMetricName(value: unknown): value is MetricName {
  return typeof value === 'string' && (METRIC_NAMES as readonly string[]).includes(value);
}

/**
 * What `GET /v1/aggregates` can summarise: the three survey metrics, and the
 * sentiment of comments (counts of negative, neutral and positive in slots 0–2).
 */
// A literal, not a spread of METRIC_NAMES: the widget imports this file and a spread costs it bytes.
export const AGGREGATE_METRICS = ['nps', 'csat', 'ces', 'sentiment'] as const;
export type AggregateMetric = (typeof AGGREGATE_METRICS)[number];

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];
