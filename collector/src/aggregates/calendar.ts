import type { Interval } from '@touchpoint/core/types';

/** Calendar arithmetic on UTC day numbers (days since 1970-01-01). */

export const MS_PER_DAY = 86_400_000;

export function dayOf(epochMs: number): number {
  return Math.floor(epochMs / MS_PER_DAY);
}

export function dayToIsoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The first day of the bucket holding `day`; weeks start on Monday (ISO 8601). */
export function bucketStart(day: number, interval: Interval): number {
  switch (interval) {
    case 'day':
      return day;
    case 'week':
      // 1970-01-01 was a Thursday, so (day + 3) % 7 counts days since Monday.
      return day - ((((day + 3) % 7) + 7) % 7);
    case 'month': {
      const date = new Date(day * MS_PER_DAY);
      return dayOf(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
    }
  }
}

export function nextBucketStart(start: number, interval: Interval): number {
  switch (interval) {
    case 'day':
      return start + 1;
    case 'week':
      return start + 7;
    case 'month': {
      const date = new Date(start * MS_PER_DAY);
      return dayOf(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
    }
  }
}

/** Every bucket start from the bucket of `firstDay` to the bucket of `lastDay`, both included. */
export function bucketStarts(firstDay: number, lastDay: number, interval: Interval): number[] {
  const starts: number[] = [];
  for (let start = bucketStart(firstDay, interval); start <= lastDay; start = nextBucketStart(start, interval)) {
    starts.push(start);
  }
  return starts;
}
