import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregatesResult, CreatedSite, ResponseBody } from '@touchpoint/core/types';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { startCollector, type CollectorProcess } from '../support/collector-process.ts';
import { makeAnswer } from '../support/fixtures.ts';

let collector: CollectorProcess;
let api: ApiClient;
let site: CreatedSite;

type Terms = { term: string; count: number }[];
const secret = () => ({ headers: { Authorization: `Bearer ${site.secretKey}` } });

// Comments whose sentiment no reasonable analyser gets wrong, in each language.
const ANSWERS = [
  { touchpoint: 'checkout', score: 10, locale: 'en', comment: 'Fast delivery, really great service!' },
  { touchpoint: 'checkout', score: 9, locale: 'th', comment: 'จัดส่งเร็วมาก ประทับใจมาก' },
  { touchpoint: 'checkout', score: 2, locale: 'en', comment: 'Terrible delivery, the parcel arrived broken.' },
  { touchpoint: 'checkout', score: 1, locale: 'vi', comment: 'Giao hàng quá chậm, rất thất vọng' },
  { touchpoint: 'help', score: 10, locale: 'vi', comment: 'Nhân viên hỗ trợ rất nhiệt tình, rất hài lòng' },
  // A 10 with an angry comment: worth a human look.
  { touchpoint: 'help', score: 10, locale: 'en', comment: 'Awful support, nobody answered my question.' },
  { touchpoint: 'help', score: 8 },
];

beforeAll(async () => {
  collector = await startCollector({ env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN }, args: ['--quiet'] });
  api = new ApiClient(collector.url);
  site = await api.createSite();
  const responses = ANSWERS.map((answer) => makeAnswer(site, { key: undefined, metric: 'nps', ...answer }));
  expect((await api.postResponses({ key: site.writeKey, responses })).status).toBe(202);
});

afterAll(async () => {
  await collector?.stop();
});

describe('comment insight', () => {
  it('stores sentiment, terms and a follow-up flag with each answer', async () => {
    const { data } = (await (await api.request('/v1/responses', secret())).json()) as { data: ResponseBody[] };
    expect(data.map((row) => row.sentiment?.label ?? null)).toEqual([
      'positive',
      'positive',
      'negative',
      'negative',
      'positive',
      'negative',
      null,
    ]);
    expect(data.map((row) => row.followUp)).toEqual([false, false, false, false, false, true, false]);
    expect(data[0]!.terms).toContain('delivery');
    expect(data[6]).toMatchObject({ comment: null, sentiment: null, terms: null });
    for (const row of data.slice(0, 6)) expect(Math.abs(row.sentiment!.score)).toBeLessThanOrEqual(1);
  });

  it('aggregates sentiment per touchpoint like a metric: % positive − % negative', async () => {
    const response = await api.aggregates(site.secretKey, { metric: 'sentiment', groupBy: 'touchpoint' });
    expect(response.status).toBe(200);
    const result = (await response.json()) as AggregatesResult;
    // 6 comments: 3 positive, 3 negative → 0. checkout: 2 and 2 → 0; help: 1 positive, 1 negative → 0.
    expect(result.overall).toMatchObject({ metric: 'sentiment', n: 6, value: 0, positive: 3, negative: 3, neutral: 0 });
    expect(result.groups!.map((group) => [group.key, group.overall.n])).toEqual([
      ['checkout', 4],
      ['help', 2],
    ]);
  });

  it('lists the most frequent terms per touchpoint, for promoters and detractors apart', async () => {
    const response = await api.request('/v1/insights/terms?touchpoint=checkout', secret());
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      touchpoints: Array<{ touchpoint: string; promoters: Terms; detractors: Terms }>;
    };
    const checkout = body.touchpoints.find((entry) => entry.touchpoint === 'checkout')!;
    expect(checkout.promoters.map((entry) => entry.term)).toContain('delivery');
    expect(checkout.detractors.map((entry) => entry.term)).toContain('delivery');
    expect(checkout.detractors.map((entry) => entry.term)).toContain('giao hàng');
    expect(checkout.promoters.map((entry) => entry.term)).toContain('จัดส่ง');
  });

  it('refuses a bad query naming the field', async () => {
    const response = await api.request('/v1/insights/terms?limit=0', secret());
    expect(response.status).toBe(400);
  });
});
