import { METRIC_SCALES, type AggregateMetric, type MetricName } from './metrics.ts';

/**
 * Score histogram: `counts[score]` is how many answers gave that score.
 * Indexes below the metric's minimum are ignored (CSAT and CES start at 1).
 */
export type ScoreCounts = readonly number[];

/** z for a two-sided 95% confidence interval. */
const Z_95 = 1.959963984540054;

export interface NpsSummary {
  metric: 'nps';
  /** Number of answers. */
  n: number;
  /** %promoters − %detractors, −100…100; null when there are no answers. */
  value: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  /** Half-width of the 95% confidence interval, in NPS points; null below two answers. */
  marginOfError: number | null;
  mean: number | null;
}

export interface CsatSummary {
  metric: 'csat';
  n: number;
  /** % of answers that are 4 or 5 (top-2-box), 0…100; null when there are no answers. */
  value: number | null;
  satisfied: number;
  mean: number | null;
  /** Half-width of the 95% confidence interval of `value`, in percentage points. */
  marginOfError: number | null;
}

export interface CesSummary {
  metric: 'ces';
  n: number;
  /** Mean effort score on 1…7 (higher = easier); null when there are no answers. */
  value: number | null;
  mean: number | null;
  /** % of answers that are 5, 6 or 7. */
  easyPercent: number | null;
  easy: number;
  /** Half-width of the 95% confidence interval of the mean, in scale points. */
  marginOfError: number | null;
}

export interface SentimentSummary {
  metric: 'sentiment';
  /** Number of analysed comments. */
  n: number;
  /** Net sentiment: % positive − % negative, −100…100; null without comments. */
  value: number | null;
  negative: number;
  neutral: number;
  positive: number;
  /** Half-width of the 95% confidence interval of `value`, as for NPS. */
  marginOfError: number | null;
  mean: null;
}

export type MetricSummary = NpsSummary | CsatSummary | CesSummary | SentimentSummary;

/** An empty histogram long enough for every score of the metric (sentiment: negative, neutral, positive). */
export function emptyCounts(metric: AggregateMetric): number[] {
  return new Array<number>(metric === 'sentiment' ? 3 : METRIC_SCALES[metric].max + 1).fill(0);
}

/** Adds `source` into `target` in place; rollups and buckets merge this way. */
export function addCounts(target: number[], source: ScoreCounts): number[] {
  for (let score = 0; score < source.length; score++) {
    target[score] = (target[score] ?? 0) + (source[score] ?? 0);
  }
  return target;
}

interface Moments {
  n: number;
  sum: number;
  sumOfSquares: number;
}

function moments(metric: MetricName, counts: ScoreCounts): Moments {
  const { min, max } = METRIC_SCALES[metric];
  let n = 0;
  let sum = 0;
  let sumOfSquares = 0;
  for (let score = min; score <= max; score++) {
    const count = counts[score] ?? 0;
    n += count;
    sum += count * score;
    sumOfSquares += count * score * score;
  }
  return { n, sum, sumOfSquares };
}

function countBetween(counts: ScoreCounts, from: number, to: number): number {
  let total = 0;
  for (let score = from; score <= to; score++) total += counts[score] ?? 0;
  return total;
}

/** Unbiased sample variance (n − 1); null below two answers, where it is undefined. */
function sampleVariance(n: number, sum: number, sumOfSquares: number): number | null {
  if (n < 2) return null;
  return Math.max(0, (sumOfSquares - (sum * sum) / n) / (n - 1));
}

function marginFromVariance(variance: number | null, n: number, scale: number): number | null {
  return variance === null ? null : Z_95 * Math.sqrt(variance / n) * scale;
}

export function summarizeNps(counts: ScoreCounts): NpsSummary {
  const { n, sum } = moments('nps', counts);
  const promoters = countBetween(counts, 9, 10);
  const passives = countBetween(counts, 7, 8);
  const detractors = countBetween(counts, 0, 6);
  // Each answer is +1 (promoter), 0 (passive) or −1 (detractor); NPS is that
  // variable's mean × 100, so its margin comes from the variable's variance.
  const variance = sampleVariance(n, promoters - detractors, promoters + detractors);
  return {
    metric: 'nps',
    n,
    value: n === 0 ? null : (100 * (promoters - detractors)) / n,
    promoters,
    passives,
    detractors,
    marginOfError: marginFromVariance(variance, n, 100),
    mean: n === 0 ? null : sum / n,
  };
}

export function summarizeCsat(counts: ScoreCounts): CsatSummary {
  const { n, sum } = moments('csat', counts);
  const satisfied = countBetween(counts, 4, 5);
  // Top-2-box is the mean of a 0/1 variable: sum = sumOfSquares = satisfied.
  const variance = sampleVariance(n, satisfied, satisfied);
  return {
    metric: 'csat',
    n,
    value: n === 0 ? null : (100 * satisfied) / n,
    satisfied,
    mean: n === 0 ? null : sum / n,
    marginOfError: marginFromVariance(variance, n, 100),
  };
}

export function summarizeCes(counts: ScoreCounts): CesSummary {
  const { n, sum, sumOfSquares } = moments('ces', counts);
  const easy = countBetween(counts, 5, 7);
  const mean = n === 0 ? null : sum / n;
  return {
    metric: 'ces',
    n,
    value: mean,
    mean,
    easyPercent: n === 0 ? null : (100 * easy) / n,
    easy,
    marginOfError: marginFromVariance(sampleVariance(n, sum, sumOfSquares), n, 1),
  };
}

/** Comment sentiment from `[negative, neutral, positive]` counts: net sentiment, with NPS's margin of error. */
export function summarizeSentiment(counts: ScoreCounts): SentimentSummary {
  const [negative = 0, neutral = 0, positive = 0] = counts;
  const n = negative + neutral + positive;
  const variance = sampleVariance(n, positive - negative, positive + negative);
  return {
    metric: 'sentiment',
    n,
    value: n === 0 ? null : (100 * (positive - negative)) / n,
    negative,
    neutral,
    positive,
    marginOfError: marginFromVariance(variance, n, 100),
    mean: null,
  };
}

export function summarize(metric: AggregateMetric, counts: ScoreCounts): MetricSummary {
  switch (metric) {
    case 'sentiment':
      return summarizeSentiment(counts);
    case 'nps':
      return summarizeNps(counts);
    case 'csat':
      return summarizeCsat(counts);
    case 'ces':
      return summarizeCes(counts);
  }
}

/** Histogram of a list of scores, e.g. `countScores('nps', [10, 9, 0])`. */
export function countScores(metric: MetricName, scores: Iterable<number>): number[] {
  const counts = emptyCounts(metric);
  for (const score of scores) counts[score] = (counts[score] ?? 0) + 1;
  return counts;
}

/** The NPS category of one answer, as CRMs label contacts. */
export function npsCategory(score: number): 'promoter' | 'passive' | 'detractor' {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

/** How an aggregate moved against the previous period. */
export interface Comparison {
  previousValue: number | null;
  previousN: number;
  /** value − previousValue; null when either is null. */
  change: number | null;
  /**
   * Whether the change is statistically meaningful at 95%: |change| exceeds
   * √(moe² + previousMoe²), i.e. |z| > 1.96 for the difference of two
   * independent estimates. Null when either side has fewer than two answers.
   */
  significant: boolean | null;
}

export function compareSummaries(current: MetricSummary, previous: MetricSummary): Comparison {
  const change = current.value === null || previous.value === null ? null : current.value - previous.value;
  let significant: boolean | null = null;
  if (change !== null && current.marginOfError !== null && previous.marginOfError !== null) {
    const combinedMargin = Math.hypot(current.marginOfError, previous.marginOfError);
    // Two spreads of zero cannot tell noise from change: call it not significant.
    significant = combinedMargin > 0 && Math.abs(change) > combinedMargin;
  }
  return { previousValue: previous.value, previousN: previous.n, change, significant };
}
