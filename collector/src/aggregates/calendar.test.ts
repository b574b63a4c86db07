import { describe, expect, it } from 'vitest';
import { bucketStart, bucketStarts, dayOf, dayToIsoDate, nextBucketStart } from './calendar.ts';

const day = (iso: string) => dayOf(Date.parse(`${iso}T00:00:00Z`));
const iso = (days: number[]) => days.map(dayToIsoDate);

describe('calendar buckets', () => {
  it('starts weeks on Monday', () => {
    // 2026-11-23 is a Monday; 2026-11-29 the Sunday of that week.
    expect(dayToIsoDate(bucketStart(day('2026-11-23'), 'week'))).toBe('2026-11-23');
    expect(dayToIsoDate(bucketStart(day('2026-11-29'), 'week'))).toBe('2026-11-23');
    expect(dayToIsoDate(bucketStart(day('2026-11-30'), 'week'))).toBe('2026-11-30');
    // 1970-01-01 was a Thursday: its week began on Monday 1969-12-29.
    expect(dayToIsoDate(bucketStart(0, 'week'))).toBe('1969-12-29');
  });

  it('walks months of different lengths, across a year end and a leap day', () => {
    expect(iso(bucketStarts(day('2027-12-15'), day('2028-03-01'), 'month'))).toEqual([
      '2027-12-01',
      '2028-01-01',
      '2028-02-01',
      '2028-03-01',
    ]);
    expect(dayToIsoDate(nextBucketStart(day('2028-02-01'), 'month'))).toBe('2028-03-01');
    expect(nextBucketStart(day('2028-02-01'), 'month') - day('2028-02-01')).toBe(29);
  });

  it('lists each day once, both ends included', () => {
    expect(iso(bucketStarts(day('2026-02-27'), day('2026-03-02'), 'day'))).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
  });

  it('puts the last millisecond of a day in that day', () => {
    expect(dayToIsoDate(dayOf(Date.parse('2026-11-23T23:59:59.999Z')))).toBe('2026-11-23');
  });
});
