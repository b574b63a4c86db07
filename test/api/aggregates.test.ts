import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregatesResult, CreatedSite } from '@touchpoint/core/types';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { startCollector, type CollectorProcess } from '../support/collector-process.ts';

// A hand-computed table. NPS answers, by day (all 10:00 UTC):
//   checkout  2026-11-02 (Mon): 10, 9, 3     2026-11-03: 8, 6     2026-11-09 (Mon): 10
//   help      2026-11-03: 0, 7
// Promoters 9–10, passives 7–8, detractors 0–6.
const NPS_ANSWERS: Array<[touchpoint: string, day: string, score: number]> = [
  ['checkout', '2026-11-02', 10],
  ['checkout', '2026-11-02', 9],
  ['checkout', '2026-11-02', 3],
  ['checkout', '2026-11-03', 8],
  ['checkout', '2026-11-03', 6],
  ['checkout', '2026-11-09', 10],
  ['help', '2026-11-03', 0],
  ['help', '2026-11-03', 7],
];

let collector: CollectorProcess;
let api: ApiClient;
let site: CreatedSite;

async function aggregates(query: Record<string, string>): Promise<AggregatesResult> {
  const response = await api.aggregates(site.secretKey, query);
  expect(response.status).toBe(200);
  return (await response.json()) as AggregatesResult;
}

beforeAll(async () => {
  collector = await startCollector({ env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN }, args: ['--quiet'] });
  api = new ApiClient(collector.url);
  site = await api.createSite();
  const responses = [
    ...NPS_ANSWERS.map(([touchpoint, day, score]) => ({
      touchpoint,
      metric: 'nps',
      score,
      createdAt: `${day}T10:00:00Z`,
    })),
    ...[5, 4, 3].map((score) => ({ touchpoint: 'checkout', metric: 'csat', score, createdAt: '2026-11-02T10:00:00Z' })),
    ...[7, 6, 5, 4, 3].map((score) => ({
      touchpoint: 'help',
      metric: 'ces',
      score,
      createdAt: '2026-11-02T10:00:00Z',
    })),
  ];
  const posted = await api.postResponses({ key: site.writeKey, responses });
  expect(posted.status).toBe(202);
});

afterAll(async () => {
  await collector?.stop();
});

describe('GET /v1/aggregates', () => {
  it('computes NPS over every answer: 3 promoters, 2 passives, 3 detractors of 8 is 0', async () => {
    const result = await aggregates({ metric: 'nps' });
    expect(result.overall).toMatchObject({ n: 8, value: 0, promoters: 3, passives: 2, detractors: 3 });
    expect(result.overall.counts).toEqual([1, 0, 0, 1, 0, 0, 1, 1, 1, 1, 2]);
  });

  it('filters by touchpoint: checkout is 3 promoters, 2 detractors of 6 = 16.67', async () => {
    const result = await aggregates({ metric: 'nps', touchpoint: 'checkout' });
    expect(result.overall.n).toBe(6);
    expect(result.overall.value).toBeCloseTo(100 / 6, 10);
    expect(result.touchpoints).toEqual(['checkout']);
  });

  it('takes several touchpoints, repeated or comma-separated', async () => {
    const both = await api.request('/v1/aggregates?metric=nps&touchpoint=checkout&touchpoint=help', {
      headers: { Authorization: `Bearer ${site.secretKey}` },
    });
    expect(((await both.json()) as AggregatesResult).overall.n).toBe(8);
    expect((await aggregates({ metric: 'nps', touchpoint: 'checkout,help' })).overall.n).toBe(8);
  });

  it('takes the 100 touchpoints a query may name, from the rollups and from raw rows', async () => {
    // D1 binds at most 100 parameters a query: the list must not take one each.
    const touchpoint = ['checkout', ...Array.from({ length: 99 }, (_, index) => `other-${index}`)].join(',');
    expect((await aggregates({ metric: 'nps', touchpoint })).overall.n).toBe(6);
    const raw = { metric: 'nps', touchpoint, from: '2026-11-01T00:30:00Z', to: '2026-12-01' };
    expect((await aggregates(raw)).overall.n).toBe(6);
    const exported = await api.request(`/v1/responses?metric=nps&touchpoint=${touchpoint}`, {
      headers: { Authorization: `Bearer ${site.secretKey}` },
    });
    expect(exported.status).toBe(200);
    expect(((await exported.json()) as { data: unknown[] }).data).toHaveLength(6);
  });

  it('lists every day in range, empty days included', async () => {
    const result = await aggregates({ metric: 'nps', from: '2026-11-02', to: '2026-11-09', interval: 'day' });
    expect(result.series!.map((point) => [point.start, point.n, point.value])).toEqual([
      ['2026-11-02', 3, (100 * (2 - 1)) / 3],
      ['2026-11-03', 4, (100 * (0 - 2)) / 4],
      ['2026-11-04', 0, null],
      ['2026-11-05', 0, null],
      ['2026-11-06', 0, null],
      ['2026-11-07', 0, null],
      ['2026-11-08', 0, null],
      ['2026-11-09', 1, 100],
    ]);
    expect(result.series![0]).toMatchObject({ start: '2026-11-02', end: '2026-11-03' });
  });

  it('buckets by ISO week (Monday) and by calendar month', async () => {
    const weekly = await aggregates({ metric: 'nps', from: '2026-11-02', to: '2026-11-15', interval: 'week' });
    // Week of 11-02: 10, 9, 3, 8, 6, 0, 7 → 2 promoters, 3 detractors of 7.
    expect(weekly.series!.map((point) => [point.start, point.end, point.n])).toEqual([
      ['2026-11-02', '2026-11-09', 7],
      ['2026-11-09', '2026-11-16', 1],
    ]);
    expect(weekly.series![0]!.value).toBeCloseTo(-100 / 7, 10);

    const monthly = await aggregates({ metric: 'nps', from: '2026-10-15', to: '2026-11-30', interval: 'month' });
    expect(monthly.series!.map((point) => [point.start, point.end, point.n, point.value])).toEqual([
      ['2026-10-01', '2026-11-01', 0, null],
      ['2026-11-01', '2026-12-01', 8, 0],
    ]);
  });

  it('includes the whole day named by `to`', async () => {
    const result = await aggregates({ metric: 'nps', to: '2026-11-03' });
    expect(result.overall.n).toBe(7);
  });

  it('groups by touchpoint, busiest first, each with its own series', async () => {
    const result = await aggregates({
      metric: 'nps',
      groupBy: 'touchpoint',
      from: '2026-11-02',
      to: '2026-11-03',
      interval: 'day',
    });
    expect(result.groups!.map((group) => [group.key, group.overall.n])).toEqual([
      ['checkout', 5],
      ['help', 2],
    ]);
    expect(result.groups![1]!.overall).toMatchObject({ value: -50, detractors: 1, passives: 1 });
    expect(result.groups![1]!.series!.map((point) => point.n)).toEqual([0, 2]);
  });

  it('computes CSAT (top-2-box and mean) and CES (mean and % easy)', async () => {
    const csat = await aggregates({ metric: 'csat' });
    expect(csat.overall).toMatchObject({ n: 3, satisfied: 2, mean: 4 });
    expect(csat.overall.value).toBeCloseTo(200 / 3, 10);
    const ces = await aggregates({ metric: 'ces' });
    expect(ces.overall).toMatchObject({ n: 5, value: 5, easyPercent: 60 });
  });

  it('returns null, not 0, where there are no answers', async () => {
    const result = await aggregates({ metric: 'nps', touchpoint: 'nowhere' });
    expect(result.overall).toMatchObject({ n: 0, value: null, marginOfError: null });
  });

  it.each([
    [{ metric: 'ltv' }, 'metric'],
    [{}, 'metric'],
    [{ metric: 'nps', interval: 'year' }, 'interval'],
    [{ metric: 'nps', groupBy: 'colour' }, 'groupBy'],
    [{ metric: 'nps', from: 'last tuesday' }, 'from'],
    [{ metric: 'nps', from: '2026-11-05', to: '2026-11-01' }, 'to'],
    [{ metric: 'nps', touchpoint: 'bad name!' }, 'touchpoint.0'],
    [{ metric: 'nps', colour: 'red' }, 'colour'],
    [{ metric: 'nps', interval: 'day', from: '2020-01-01', to: '2026-01-01' }, 'interval'],
    [{ metric: 'nps', interval: 'week', from: '2000-01-01', to: '2026-01-01' }, 'interval'],
    [{ metric: 'nps', from: '2026-02-30' }, 'from'],
    [{ metric: 'nps', from: '1999-12-31' }, 'from'],
  ])('refuses %j with a 400 naming %s', async (query, field) => {
    const response = await api.aggregates(site.secretKey, query as Record<string, string>);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { issues: Array<{ path: string }> } };
    expect(body.error.issues.map((issue) => issue.path)).toContain(field);
  });

  it('names a "__proto__" parameter as unknown rather than dropping it', async () => {
    const response = await api.request('/v1/aggregates?metric=nps&__proto__=x', {
      headers: { Authorization: `Bearer ${site.secretKey}` },
    });
    expect(response.status).toBe(400);
  });

  it('answers only the site whose secret key is used', async () => {
    const other = await api.createSite('Other shop');
    const result = (await (await api.aggregates(other.secretKey, { metric: 'nps' })).json()) as AggregatesResult;
    expect(result.overall.n).toBe(0);
  });

  it('refuses a missing, wrong or public key', async () => {
    expect((await api.request('/v1/aggregates?metric=nps')).status).toBe(401);
    expect((await api.aggregates('sk_wrong', { metric: 'nps' })).status).toBe(401);
    expect((await api.aggregates(site.writeKey, { metric: 'nps' })).status).toBe(403);
  });
});

describe('GET /v1/aggregates in a time zone', () => {
  // 2026-11-02T10:00Z is 17:00 in Bangkok (+7) and 05:00 in New York (−5): the same calendar day there.
  // Answers at 20:00Z fall on the next day in Bangkok (03:00), the same day in New York (15:00).
  let zoned: CreatedSite;

  beforeAll(async () => {
    zoned = await api.createSite('Zoned');
    const at = (createdAt: string, score: number) => ({ touchpoint: 'tz', metric: 'nps', score, createdAt });
    const posted = await api.postResponses({
      key: zoned.writeKey,
      responses: [at('2026-11-02T10:00:00Z', 10), at('2026-11-02T20:00:00Z', 0), at('2026-11-02T20:30:00Z', 0)],
    });
    expect(posted.status).toBe(202);
  });

  const days = async (tz: string) => {
    const response = await api.aggregates(zoned.secretKey, {
      metric: 'nps',
      from: '2026-11-02',
      to: '2026-11-03',
      interval: 'day',
      tz,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as AggregatesResult;
    expect(body.tz).toBe(tz);
    return body.series!.map((point) => [point.start, point.n]);
  };

  it('puts each answer on the calendar day of the zone asked for', async () => {
    expect(await days('UTC')).toEqual([
      ['2026-11-02', 3],
      ['2026-11-03', 0],
    ]);
    expect(await days('Asia/Bangkok')).toEqual([
      ['2026-11-02', 1],
      ['2026-11-03', 2],
    ]);
    expect(await days('America/New_York')).toEqual([
      ['2026-11-02', 3],
      ['2026-11-03', 0],
    ]);
  });

  it('handles quarter-hour offsets from raw rows (Kathmandu, +5:45)', async () => {
    // 20:00Z and 20:30Z are 01:45 and 02:15 on 11-03 there; 10:00Z is 15:45 on 11-02.
    expect(await days('Asia/Kathmandu')).toEqual([
      ['2026-11-02', 1],
      ['2026-11-03', 2],
    ]);
  });

  it('refuses an unknown zone naming tz', async () => {
    const response = await api.aggregates(zoned.secretKey, { metric: 'nps', tz: 'Mars/Olympus' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { issues: Array<{ path: string }> } }).error.issues[0]!.path).toBe(
      'tz',
    );
  });
});

describe('GET /v1/aggregates compared with the previous period', () => {
  it('compares with the period of the same length just before', async () => {
    // 2026-11-09 alone (checkout 10) against 2026-11-08 alone (no answers).
    const oneDay = await aggregates({ metric: 'nps', from: '2026-11-09', to: '2026-11-09' });
    expect(oneDay.previous).toEqual({ from: '2026-11-08T00:00:00.000Z', to: '2026-11-09T00:00:00.000Z' });
    expect(oneDay.overall.comparison).toEqual({ previousValue: null, previousN: 0, change: null, significant: null });

    // Week of 11-09 (one answer, 100) against the week of 11-02 (7 answers, −14.29).
    const week = await aggregates({ metric: 'nps', from: '2026-11-09', to: '2026-11-15' });
    expect(week.previous).toEqual({ from: '2026-11-02T00:00:00.000Z', to: '2026-11-09T00:00:00.000Z' });
    expect(week.overall.comparison!.previousN).toBe(7);
    expect(week.overall.comparison!.previousValue).toBeCloseTo(-100 / 7, 10);
    expect(week.overall.comparison!.change).toBeCloseTo(100 + 100 / 7, 10);
    // One answer this week: no margin of error, so no verdict.
    expect(week.overall.comparison!.significant).toBeNull();
  });

  it('compares each group with its own previous period', async () => {
    const result = await aggregates({ metric: 'nps', from: '2026-11-03', to: '2026-11-03', groupBy: 'touchpoint' });
    // 11-03: checkout 8, 6 → −50; help 0, 7 → −50. 11-02: checkout 10, 9, 3 → 33.3; help none.
    const checkout = result.groups!.find((group) => group.key === 'checkout')!;
    expect(checkout.overall.comparison!.previousN).toBe(3);
    expect(checkout.overall.comparison!.change).toBeCloseTo(-50 - 100 / 3, 10);
    const help = result.groups!.find((group) => group.key === 'help')!;
    expect(help.overall.comparison).toMatchObject({ previousN: 0, previousValue: null });
  });

  it('has no previous period without a start, nor for a period that has not begun', async () => {
    const result = await aggregates({ metric: 'nps' });
    expect(result.previous).toBeNull();
    expect(result.overall.comparison).toBeNull();
    const future = await aggregates({ metric: 'nps', from: '2100-01-01' });
    expect(future.previous).toBeNull();
    expect(future.overall.n).toBe(0);
  });
});
