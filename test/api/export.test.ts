import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedSite, ResponseBody } from '@touchpoint/core/types';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { startCollector, type CollectorProcess } from '../support/collector-process.ts';
import { contactAnswer, makeAnswer } from '../support/fixtures.ts';

let collector: CollectorProcess;
let api: ApiClient;
let site: CreatedSite;
const postedIds: string[] = [];

const get = (query: string, headers: Record<string, string> = {}) =>
  api.request(`/v1/responses${query}`, { headers: { Authorization: `Bearer ${site.secretKey}`, ...headers } });

beforeAll(async () => {
  collector = await startCollector({ env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN }, args: ['--quiet'] });
  api = new ApiClient(collector.url);
  site = await api.createSite();
  // 250 answers in 5 batches: 2026-09-01 … spread over days, alternating touchpoints and metrics.
  for (let batch = 0; batch < 5; batch++) {
    const responses = Array.from({ length: 50 }, (_, index) => {
      const n = batch * 50 + index;
      return makeAnswer(site, {
        touchpoint: n % 2 === 0 ? 'checkout' : 'help',
        metric: n % 5 === 0 ? 'csat' : 'nps',
        score: n % 5 === 0 ? 1 + (n % 5) : n % 11,
        comment: `answer ${n}`,
        createdAt: new Date(Date.UTC(2026, 8, 1) + n * 3_600_000).toISOString(),
      });
    });
    postedIds.push(...responses.map((response) => response.id as string));
    expect((await api.postResponses({ key: site.writeKey, responses })).status).toBe(202);
  }
  const special = [
    makeAnswer(site, { touchpoint: 'csv', comment: '=HYPERLINK("http://evil.example")' }),
    makeAnswer(site, { touchpoint: 'csv', comment: 'commas, "quotes"\nand lines' }),
    contactAnswer(site, 'crm-1', { touchpoint: 'csv', metadata: { orderId: 'A-1' } }),
  ];
  expect((await api.postResponses({ key: site.writeKey, responses: special })).status).toBe(202);
});

afterAll(async () => {
  await collector?.stop();
});

describe('GET /v1/responses as JSON pages', () => {
  it('pages through everything in insertion order with opaque cursors', async () => {
    const seen: ResponseBody[] = [];
    let query = '?touchpoint=checkout,help&limit=100';
    for (let page = 0; page < 10; page++) {
      const response = await get(query);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: ResponseBody[]; nextCursor: string | null };
      seen.push(...body.data);
      if (!body.nextCursor) break;
      expect(response.headers.get('link')).toContain(`cursor=${body.nextCursor}`);
      query = `?touchpoint=checkout,help&limit=100&cursor=${body.nextCursor}`;
    }
    expect(seen.map((row) => row.id)).toEqual(postedIds);
  });

  it('returns the public shape of each response', async () => {
    const body = (await (await get('?touchpoint=csv&limit=3')).json()) as { data: ResponseBody[] };
    expect(body.data[2]).toEqual({
      id: expect.any(String),
      touchpoint: 'csv',
      metric: 'nps',
      score: 9,
      comment: null,
      locale: null,
      page: null,
      visitorId: null,
      contactId: 'crm-1',
      verified: true,
      metadata: { orderId: 'A-1' },
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      sentiment: null,
      terms: null,
      followUp: false,
    });
  });

  it('pages newest first with order=desc', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const body = (await (await get(`?touchpoint=checkout,help&limit=90&order=desc${cursor}`)).json()) as {
        data: ResponseBody[];
        nextCursor: string | null;
      };
      seen.push(...body.data.map((row) => row.id));
      if (!body.nextCursor) break;
      cursor = `&cursor=${body.nextCursor}`;
    }
    expect(seen).toEqual([...postedIds].reverse());
  });

  it('keeps only answers with a comment on hasComment=true, only those without on false', async () => {
    const comments = async (query: string) =>
      ((await (await get(`?touchpoint=csv${query}`)).json()) as { data: ResponseBody[] }).data.map(
        (row) => row.comment,
      );
    expect(await comments('&hasComment=true')).toEqual([
      '=HYPERLINK("http://evil.example")',
      'commas, "quotes"\nand lines',
    ]);
    const all = await comments('');
    const without = await comments('&hasComment=false');
    expect(without.length).toBeGreaterThan(0);
    expect(without.every((comment) => comment === null)).toBe(true);
    expect(without.length + 2).toBe(all.length);
  });

  it('filters by metric, touchpoint, contact and time', async () => {
    const count = async (query: string) =>
      ((await (await get(`${query}&limit=1000`)).json()) as { data: unknown[] }).data.length;
    expect(await count('?metric=csat')).toBe(50);
    expect(await count('?touchpoint=checkout')).toBe(125);
    expect(await count('?contact=crm-1')).toBe(1);
    // Hours 0–23 of 2026-09-01 are the first 24 answers.
    expect(await count('?from=2026-09-01&to=2026-09-01')).toBe(24);
    expect(await count('?from=2026-09-01T10:00:00Z&to=2026-09-01T12:00:00Z')).toBe(2);
  });

  it('names the position after a row by the row itself, never by the collector-wide count, and only for its site', async () => {
    const nextCursor = async (query: string, secretKey = site.secretKey) =>
      (
        (await (
          await api.request(`/v1/responses${query}`, { headers: { Authorization: `Bearer ${secretKey}` } })
        ).json()) as { nextCursor: string }
      ).nextCursor;
    const cursor = await nextCursor('?limit=10');
    // All it carries is the id of the page's last answer, which the client has anyway.
    expect(atob(cursor.replace(/-/g, '+').replace(/_/g, '/'))).toBe(postedIds[9]);
    const pageAfter = async (after: string) =>
      ((await (await get(`?limit=3&cursor=${after}`)).json()) as { data: ResponseBody[] }).data.map((row) => row.id);
    expect(await pageAfter(cursor)).toEqual(postedIds.slice(10, 13));
    const other = await api.createSite('Other shop');
    const refused = await api.request(`/v1/responses?cursor=${cursor}`, {
      headers: { Authorization: `Bearer ${other.secretKey}` },
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { issues: Array<{ path: string }> } }).error.issues[0]!.path).toBe(
      'cursor',
    );
  });

  it.each([
    ['?cursor=not-a-cursor', 'cursor'],
    ['?limit=0', 'limit'],
    ['?limit=ten', 'limit'],
    ['?metric=ltv', 'metric'],
    ['?format=xml', 'format'],
    ['?order=newest', 'order'],
    ['?hasComment=yes', 'hasComment'],
    ['?from=yesterday', 'from'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { issues: Array<{ path: string }> } };
    expect(error.issues.map((issue) => issue.path)).toContain(field);
  });
});

describe('GET /v1/responses streamed', () => {
  it('streams NDJSON for Accept: application/x-ndjson', async () => {
    const response = await get('?touchpoint=checkout,help', { Accept: 'application/x-ndjson' });
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as ResponseBody).id)).toEqual(postedIds);
  });

  it('pages a streamed export with X-Next-Cursor', async () => {
    const first = await get('?touchpoint=checkout,help&limit=200', { Accept: 'application/x-ndjson' });
    const cursor = first.headers.get('x-next-cursor');
    expect(cursor).toBeTruthy();
    const firstIds = (await first.text())
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as ResponseBody).id);
    const second = await get(`?touchpoint=checkout,help&limit=200&cursor=${cursor}`, {
      Accept: 'application/x-ndjson',
    });
    expect(second.headers.get('x-next-cursor')).toBeNull();
    const secondIds = (await second.text())
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as ResponseBody).id);
    expect([...firstIds, ...secondIds]).toEqual(postedIds);
  });

  it('streams CSV with a header, quoting, and formulas defused', async () => {
    const response = await get('?touchpoint=csv', { Accept: 'text/csv' });
    expect(response.headers.get('content-type')).toContain('text/csv');
    const text = await response.text();
    const [header] = text.split('\r\n');
    expect(header).toBe(
      'id,createdAt,receivedAt,touchpoint,metric,score,comment,locale,page,visitorId,contactId,verified,metadata,sentiment,terms,followUp',
    );
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(text).toContain('"commas, ""quotes""\nand lines"');
    expect(text).toContain(',crm-1,true,"{""orderId"":""A-1""}",,,false\r\n');
  });

  it('lets ?format= choose the format, for links in a browser', async () => {
    const response = await get('?touchpoint=csv&format=csv');
    expect(response.headers.get('content-disposition')).toContain('attachment');
  });
});
