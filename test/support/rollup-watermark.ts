import { expect } from 'vitest';
import type { ResponseRecord, Store } from '../../collector/src/store/types.ts';

const MS_PER_DAY = 86_400_000;

/**
 * One story, run against each store: answers around a UTC day's bounds, the days
 * before `day` folded into rollup_daily, late answers on both sides of the watermark,
 * a second fold, an erasure. Every answer must be counted exactly once throughout.
 */
export async function checkRollupWatermark(store: Store, day: number): Promise<void> {
  const siteId = `site-watermark-${day}`;
  await store.createSite({
    id: siteId,
    name: 'Watermark',
    origins: [],
    writeKey: `pk_${siteId}`,
    secretKeyHash: `hash_${siteId}`,
    identitySecret: 'secret',
    createdAt: 0,
  });
  let next = 0;
  const at = (dayNumber: number, minute: number, contactId: string | null = null): ResponseRecord => ({
    siteId,
    id: `answer-${next++}`,
    touchpoint: 'help',
    metric: 'nps',
    score: 10,
    comment: null,
    locale: null,
    page: null,
    visitorId: null,
    contactId,
    verified: contactId !== null,
    metadata: null,
    createdAt: dayNumber * MS_PER_DAY + minute * 60_000,
    receivedAt: dayNumber * MS_PER_DAY + minute * 60_000,
    sentiment: null,
    terms: null,
    followUp: false,
  });
  const perDay = async () =>
    (
      await store.scoreCounts({
        siteId,
        metric: 'nps',
        from: (day - 2) * MS_PER_DAY,
        to: (day + 2) * MS_PER_DAY,
        dayOffsets: [{ from: null, offsetMs: 0 }],
      })
    )
      .map((row) => [row.slot! - day, row.counts[10]])
      .sort((a, b) => a[0]! - b[0]!);

  await store.insertResponses([at(day - 1, 1439, 'crm-1'), at(day, 0), at(day, 59), at(day + 1, 0)]);
  expect(await store.compactRollups(day)).toBeGreaterThan(0);
  expect(await store.compactRollups(day)).toBe(0);
  // Late answers: one for a day already folded (both tables), one for the watermark's day (hourly only).
  await store.insertResponses([at(day - 1, 720), at(day, 30)]);
  const expected = [
    [-1, 2],
    [0, 3],
    [1, 1],
  ];
  expect(await perDay()).toEqual(expected);
  await store.compactRollups(day + 2);
  expect(await perDay()).toEqual(expected);
  expect(await store.firstDayWithAnswers(siteId, 'nps')).toBe(day - 1);
  expect(await store.deleteContact(siteId, 'crm-1')).toBe(1);
  expect((await perDay())[0]).toEqual([-1, 1]);
}
