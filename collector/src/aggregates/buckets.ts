import type { Interval } from '@touchpoint/core/types';
import { bucketStarts, dayToIsoDate, nextBucketStart } from './calendar.ts';
import { zonedDayStart } from './zoned.ts';

/** Time buckets of a series, on a zone's calendar. */
export interface Buckets {
  /** Local dates: bucket i covers [labels[i], labels[i + 1]); the last entry is the end. */
  labels: string[];
  /** The same boundaries as local day numbers, ascending. */
  days: number[];
  /** The same boundaries as UTC instants (epoch ms), ascending. */
  boundaries: number[];
}

/** Buckets from the one holding local day `firstDay` to the one holding `lastDay`, both included. */
export function zonedBuckets(timeZone: string, firstDay: number, lastDay: number, interval: Interval): Buckets {
  const starts = bucketStarts(firstDay, lastDay, interval);
  const days = [...starts, nextBucketStart(starts[starts.length - 1] ?? firstDay, interval)];
  return { labels: days.map(dayToIsoDate), days, boundaries: days.map((day) => zonedDayStart(timeZone, day)) };
}

/** Index of the bucket holding `value` (a day number or an instant, as `boundaries` are), or -1 outside them all. */
export function bucketIndex(boundaries: number[], value: number): number {
  const instant = value;
  let low = 0;
  let high = boundaries.length - 1;
  if (instant < boundaries[0]! || instant >= boundaries[high]!) return -1;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (instant < boundaries[middle]!) high = middle;
    else low = middle;
  }
  return low;
}
