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
  ])('refuses %j with a 400 naming %s', async (query, field) => {
    const response = await api.aggregates(site.secretKey, query as Record<string, string>);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { issues: Array<{ path: string }> } };
    expect(body.error.issues.map((issue) => issue.path)).toContain(field);
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
