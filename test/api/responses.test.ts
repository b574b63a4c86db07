import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregatesResult, CreatedSite } from '@touchpoint/core/types';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { startCollector, type CollectorProcess } from '../support/collector-process.ts';

let collector: CollectorProcess;
let api: ApiClient;
let site: CreatedSite;

function answer(overrides: Record<string, unknown> = {}) {
  return { id: randomUUID(), key: site.writeKey, touchpoint: 'checkout', metric: 'nps', score: 9, ...overrides };
}

async function countFor(touchpoint: string, metric = 'nps'): Promise<number> {
  const response = await api.aggregates(site.secretKey, { metric, touchpoint });
  return ((await response.json()) as AggregatesResult).overall.n;
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string; issues?: Array<{ path: string }> } })
    .error;
}

beforeAll(async () => {
  collector = await startCollector({ env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN }, args: ['--quiet'] });
  api = new ApiClient(collector.url);
  site = await api.createSite('Shop', ['https://shop.example']);
});

afterAll(async () => {
  await collector?.stop();
});

describe('POST /v1/responses', () => {
  it('stores one answer and acknowledges it with 202', async () => {
    const body = answer({ touchpoint: 'single' });
    const response = await api.postResponses(body);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ results: [{ id: body.id, status: 'created' }] });
    expect(await countFor('single')).toBe(1);
  });

  it('stores a retried answer once (idempotent on id)', async () => {
    const body = answer({ touchpoint: 'retried' });
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await api.postResponses(body);
      statuses.push(((await response.json()) as { results: Array<{ status: string }> }).results[0]!.status);
    }
    expect(statuses).toEqual(['created', 'duplicate', 'duplicate']);
    expect(await countFor('retried')).toBe(1);
  });

  it('treats an id in upper case as the same answer (UUIDs are case-insensitive)', async () => {
    const body = answer({ touchpoint: 'retried-upper-case' });
    const first = await api.postResponses({ ...body, id: body.id.toUpperCase() });
    expect(await first.json()).toEqual({ results: [{ id: body.id, status: 'created' }] });
    const retry = await api.postResponses(body);
    expect(await retry.json()).toEqual({ results: [{ id: body.id, status: 'duplicate' }] });
    expect(await countFor('retried-upper-case')).toBe(1);
  });

  it('accepts the key as the X-Touchpoint-Key header and any content type', async () => {
    const { key: _key, ...body } = answer({ touchpoint: 'header-key' });
    const response = await api.postResponses(body, {
      'X-Touchpoint-Key': site.writeKey,
      'Content-Type': 'text/plain;charset=UTF-8',
    });
    expect(response.status).toBe(202);
    expect(await countFor('header-key')).toBe(1);
  });

  it('stores a batch in one go with a result per item', async () => {
    const first = answer({ touchpoint: 'batch' });
    const response = await api.postResponses({
      key: site.writeKey,
      responses: [first, { ...first }, answer({ touchpoint: 'batch', key: undefined, score: 2 })],
    });
    expect(response.status).toBe(202);
    const { results } = (await response.json()) as { results: Array<{ status: string }> };
    expect(results.map((result) => result.status)).toEqual(['created', 'duplicate', 'created']);
    expect(await countFor('batch')).toBe(2);
  });

  it('writes nothing of a batch with one bad item, and names it', async () => {
    const response = await api.postResponses({
      key: site.writeKey,
      responses: [answer({ touchpoint: 'bad-batch' }), answer({ touchpoint: 'bad-batch', score: 42 })],
    });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).issues!.map((issue) => issue.path)).toEqual(['responses.1.score']);
    expect(await countFor('bad-batch')).toBe(0);
  });

  it('names every item of a batch whose time is out of bounds', async () => {
    const response = await api.postResponses({
      key: site.writeKey,
      responses: [
        answer({ touchpoint: 'bad-times', createdAt: '2999-01-01T00:00:00Z' }),
        answer({ touchpoint: 'bad-times' }),
        answer({ touchpoint: 'bad-times', createdAt: '1999-12-31T23:59:59Z' }),
      ],
    });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).issues).toEqual([
      { path: 'responses.0.createdAt', message: 'must not be in the future' },
      { path: 'responses.2.createdAt', message: 'must not be before 2000' },
    ]);
    expect(await countFor('bad-times')).toBe(0);
  });

  it('refuses batches over 50', async () => {
    const responses = Array.from({ length: 51 }, () => answer({ touchpoint: 'big-batch' }));
    const response = await api.postResponses({ key: site.writeKey, responses });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).issues!.map((issue) => issue.path)).toEqual(['responses']);
  });

  it.each([
    ['score out of range', { score: 11 }, 'score'],
    ['fractional score', { score: 8.5 }, 'score'],
    ['score as text', { score: '9' }, 'score'],
    ['unknown metric', { metric: 'ltv' }, 'metric'],
    ['CSAT of 0', { metric: 'csat', score: 0 }, 'score'],
    ['CES of 8', { metric: 'ces', score: 8 }, 'score'],
    ['long comment', { comment: 'x'.repeat(2001) }, 'comment'],
    ['bad touchpoint', { touchpoint: 'check out' }, 'touchpoint'],
    ['bad locale', { locale: '12345678901' }, 'locale'],
    ['bad id', { id: 'abc' }, 'id'],
    ['javascript: page', { page: 'javascript:alert(document.cookie)' }, 'page'],
    ['createdAt before 2000', { createdAt: '1999-12-31T23:59:59Z' }, 'createdAt'],
    ['future createdAt', { createdAt: '2999-01-01T00:00:00Z' }, 'createdAt'],
    ['unknown field', { scroe: 9 }, 'scroe'],
    ['long contact id', { contact: { id: 'x'.repeat(201) } }, 'contact.id'],
  ])('refuses a %s with a 400 naming the field', async (_name, overrides, field) => {
    const response = await api.postResponses(answer({ touchpoint: 'refused', ...overrides }));
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('invalid_request');
    expect(error.issues!.map((issue) => issue.path)).toContain(field);
    expect(error.message).toContain(field);
  });

  it('refuses malformed JSON and an empty body with 400', async () => {
    expect((await api.postResponses('{"touchpoint":')).status).toBe(400);
    expect((await api.postResponses('')).status).toBe(400);
    expect((await api.postResponses('[1,2]')).status).toBe(400);
    expect((await api.postResponses('null')).status).toBe(400);
  });

  it('refuses a body over 64 KB with 413', async () => {
    const response = await api.postResponses(answer({ comment: 'x'.repeat(70 * 1024) }));
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('body_too_large');
  });

  it('refuses a missing or unknown write key with 401, and one too long to be a key with 400', async () => {
    const { key: _key, ...keyless } = answer();
    expect((await api.postResponses(keyless)).status).toBe(401);
    expect((await api.postResponses(answer({ key: 'pk_unknown' }))).status).toBe(401);
    expect((await api.postResponses(keyless, { 'X-Touchpoint-Key': 'pk_unknown' })).status).toBe(401);
    for (const refused of [
      await api.postResponses(keyless, { 'X-Touchpoint-Key': `pk_${'x'.repeat(5000)}` }),
      await api.postResponses(answer({ key: `pk_${'x'.repeat(5000)}` })),
    ]) {
      expect(refused.status).toBe(400);
      expect((await errorOf(refused)).issues?.map((issue) => issue.path)).toContain('key');
    }
  });

  it('takes browser posts only from the site origins', async () => {
    const allowed = await api.postResponses(answer({ touchpoint: 'cors' }), { Origin: 'https://shop.example' });
    expect(allowed.status).toBe(202);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('vary')).toBe('Origin');
    expect(allowed.headers.get('content-type')).toMatch(/^application\/json/);
    const refused = await api.postResponses(answer({ touchpoint: 'cors' }), { Origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    // The refusal is readable by the page that sent it, so its console can say why.
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect(refused.headers.get('vary')).toBe('Origin');
    expect((await errorOf(refused)).message).toContain('https://evil.example');
    expect(await countFor('cors')).toBe(1);
  });

  it('answers the CORS preflight', async () => {
    const response = await api.request('/v1/responses', {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('X-Touchpoint-Key');
  });

  it('links an answer to a contact only with a valid HMAC signature', async () => {
    const sign = (contactId: string) => createHmac('sha256', site.identitySecret).update(contactId).digest('hex');
    const signed = answer({ touchpoint: 'identity', contact: { id: 'crm-1', signature: sign('crm-1') } });
    const forged = answer({ touchpoint: 'identity', contact: { id: 'crm-1', signature: sign('crm-2') } });
    const unsigned = answer({ touchpoint: 'identity', contact: { id: 'crm-1' } });
    for (const body of [signed, forged, unsigned]) expect((await api.postResponses(body)).status).toBe(202);
    const result = (await (
      await api.aggregates(site.secretKey, { metric: 'nps', touchpoint: 'identity', groupBy: 'verified' })
    ).json()) as AggregatesResult;
    expect(result.groups!.map((group) => [group.key, group.overall.n])).toEqual([
      ['unverified', 2],
      ['verified', 1],
    ]);
  });

  it('never answers a 5xx to a pile of odd bodies', async () => {
    const odd = [
      '{}',
      '"text"',
      '42',
      'true',
      '{"responses":{}}',
      '{"responses":[]}',
      '{"responses":[null]}',
      '{"score":{"$gt":1}}',
    ];
    for (const body of odd) {
      const response = await api.postResponses(body);
      expect(response.status, body).toBeGreaterThanOrEqual(400);
      expect(response.status, body).toBeLessThan(500);
    }
  });
});
