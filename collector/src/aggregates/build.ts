import { addCounts, compareSummaries, emptyCounts, summarize, type AggregateMetric } from '@touchpoint/core';
import type {
  Aggregate,
  AggregateGroup,
  AggregatesResult,
  ComparedAggregate,
  GroupBy,
  Interval,
  SeriesPoint,
} from '@touchpoint/core/types';
import type { ScoreCountRow } from '../store/types.ts';
import { bucketIndex, type Buckets } from './buckets.ts';

export interface AggregateShape {
  metric: AggregateMetric;
  touchpoints: string[] | null;
  from: string | null;
  to: string | null;
  interval: Interval | null;
  groupBy: GroupBy | null;
  tz: string;
  /** With an interval: the buckets; rows then carry local day numbers. */
  buckets?: Buckets;
  /** The compared period, when there is one. */
  previous: { from: string; to: string } | null;
}

function aggregate(metric: AggregateMetric, counts: number[]): Aggregate {
  return { ...summarize(metric, counts), counts };
}

/** The summary of every row's counts together. */
export function aggregateOf(metric: AggregateMetric, rows: ScoreCountRow[]): Aggregate {
  return aggregate(metric, total(metric, rows));
}

function total(metric: AggregateMetric, rows: ScoreCountRow[]): number[] {
  const counts = emptyCounts(metric);
  // Slots past the metric's top score are always zero: trim them so `counts` fits the scale.
  for (const row of rows) addCounts(counts, row.counts.slice(0, counts.length));
  return counts;
}

function compared(
  metric: AggregateMetric,
  rows: ScoreCountRow[],
  previousRows: ScoreCountRow[] | null,
): ComparedAggregate {
  const current = aggregateOf(metric, rows);
  const comparison = previousRows ? compareSummaries(current, summarize(metric, total(metric, previousRows))) : null;
  return { ...current, comparison };
}

/** One point per bucket, empty buckets included, so a chart has no holes. */
function series(metric: AggregateMetric, rows: ScoreCountRow[], buckets: Buckets): SeriesPoint[] {
  const counts = buckets.labels.slice(0, -1).map(() => emptyCounts(metric));
  for (const row of rows) {
    const index = bucketIndex(buckets.days, row.slot!);
    if (index >= 0) addCounts(counts[index]!, row.counts.slice(0, counts[index]!.length));
  }
  return counts.map((bucketCounts, index) => ({
    start: buckets.labels[index]!,
    end: buckets.labels[index + 1]!,
    ...aggregate(metric, bucketCounts),
  }));
}

function byGroup(rows: ScoreCountRow[]): Map<string, ScoreCountRow[]> {
  const groups = new Map<string, ScoreCountRow[]>();
  for (const row of rows) {
    const key = row.group ?? '';
    const groupRows = groups.get(key);
    if (groupRows) groupRows.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/**
 * Turns score-count rows into the `GET /v1/aggregates` body.
 * @param previousRows the same query over the previous period, or null when there is none
 */
export function buildAggregates(
  rows: ScoreCountRow[],
  previousRows: ScoreCountRow[] | null,
  shape: AggregateShape,
): AggregatesResult {
  const { metric } = shape;
  const result: AggregatesResult = {
    metric,
    touchpoints: shape.touchpoints,
    from: shape.from,
    to: shape.to,
    interval: shape.interval,
    groupBy: shape.groupBy,
    tz: shape.tz,
    previous: shape.previous,
    overall: compared(metric, rows, previousRows),
  };
  if (shape.buckets) result.series = series(metric, rows, shape.buckets);
  if (shape.groupBy) {
    const previousByGroup = previousRows ? byGroup(previousRows) : null;
    result.groups = [...byGroup(rows).entries()]
      .map(([key, groupRows]): AggregateGroup => {
        const group: AggregateGroup = {
          key,
          overall: compared(metric, groupRows, previousByGroup ? (previousByGroup.get(key) ?? []) : null),
        };
        if (shape.buckets) group.series = series(metric, groupRows, shape.buckets);
        return group;
      })
      .filter((group) => group.overall.n > 0)
      .sort((left, right) => right.overall.n - left.overall.n || left.key.localeCompare(right.key));
  }
  return result;
}
