import { emptyCounts, summarize, type MetricName } from '@touchpoint/core';
import type {
  Aggregate,
  AggregateGroup,
  AggregatesResult,
  GroupBy,
  Interval,
  SeriesPoint,
} from '@touchpoint/core/types';
import type { ScoreCountRow } from '../store/types.ts';
import { bucketStart, bucketStarts, dayToIsoDate, nextBucketStart } from './calendar.ts';

export interface AggregateShape {
  metric: MetricName;
  touchpoints: string[] | null;
  from: string | null;
  to: string | null;
  interval: Interval | null;
  groupBy: GroupBy | null;
  /** First and last UTC day of the series, both included; required with an interval. */
  firstDay?: number;
  lastDay?: number;
}

function aggregate(metric: MetricName, counts: number[]): Aggregate {
  return { ...summarize(metric, counts), counts };
}

/** One point per bucket, empty buckets included, so a chart has no holes. */
function series(metric: MetricName, rows: ScoreCountRow[], shape: AggregateShape): SeriesPoint[] {
  const interval = shape.interval!;
  const starts = bucketStarts(shape.firstDay!, shape.lastDay!, interval);
  const countsByStart = new Map(starts.map((start) => [start, emptyCounts(metric)]));
  for (const row of rows) {
    const counts = countsByStart.get(bucketStart(row.day!, interval));
    if (counts) counts[row.score] = (counts[row.score] ?? 0) + row.count;
  }
  return starts.map((start) => ({
    start: dayToIsoDate(start),
    end: dayToIsoDate(nextBucketStart(start, interval)),
    ...aggregate(metric, countsByStart.get(start)!),
  }));
}

function total(metric: MetricName, rows: ScoreCountRow[]): Aggregate {
  const counts = emptyCounts(metric);
  for (const row of rows) counts[row.score] = (counts[row.score] ?? 0) + row.count;
  return aggregate(metric, counts);
}

/** Turns score-count rows into the `GET /v1/aggregates` body. */
export function buildAggregates(rows: ScoreCountRow[], shape: AggregateShape): AggregatesResult {
  const { metric } = shape;
  const result: AggregatesResult = {
    metric,
    touchpoints: shape.touchpoints,
    from: shape.from,
    to: shape.to,
    interval: shape.interval,
    groupBy: shape.groupBy,
    overall: total(metric, rows),
  };
  if (shape.interval) result.series = series(metric, rows, shape);
  if (shape.groupBy) {
    const rowsByGroup = new Map<string, ScoreCountRow[]>();
    for (const row of rows) {
      const key = row.group ?? '';
      const groupRows = rowsByGroup.get(key);
      if (groupRows) groupRows.push(row);
      else rowsByGroup.set(key, [row]);
    }
    result.groups = [...rowsByGroup.entries()]
      .map(([key, groupRows]): AggregateGroup => {
        const group: AggregateGroup = { key, overall: total(metric, groupRows) };
        if (shape.interval) group.series = series(metric, groupRows, shape);
        return group;
      })
      .sort((left, right) => right.overall.n - left.overall.n || left.key.localeCompare(right.key));
  }
  return result;
}
