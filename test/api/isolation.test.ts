import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregatesResult, ContactSummary, CreatedSite, ResponseBody } from '@touchpoint/core/types';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { startCollector, type CollectorProcess } from '../support/collector-process.ts';
import { contactAnswer, makeAnswer, signContact } from '../support/fixtures.ts';

// Two sites with the same touchpoint and the same contact ID. Every secret-key
// route, called with site A's key, must see and change site A only.
let collector: CollectorProcess;
let api: ApiClient;
let siteA: CreatedSite;
let siteB: CreatedSite;

const as = (site: CreatedSite, path: string, init: RequestInit = {}) =>
  api.request(path, { ...init, headers: { Authorization: `Bearer ${site.secretKey}`, ...init.headers } });

async function npsCount(site: CreatedSite): Promise<number> {
  return ((await (await as(site, '/v1/aggregates?metric=nps')).json()) as AggregatesResult).overall.n;
}

beforeAll(async () => {
  collector = await startCollector({ env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN }, args: ['--quiet'] });
  api = new ApiClient(collector.url);
  siteA = await api.createSite('A', ['https://a.example']);
  siteB = await api.createSite('B', ['https://b.example']);
  await api.postResponses({
    key: siteA.writeKey,
    responses: [contactAnswer(siteA, 'crm-shared', { score: 10 }), makeAnswer(siteA, { score: 9 })],
  });
  await api.postResponses({
    key: siteB.writeKey,
    responses: [
      contactAnswer(siteB, 'crm-shared', { score: 0 }),
      contactAnswer(siteB, 'crm-shared', { score: 1 }),
      makeAnswer(siteB, { score: 2 }),
    ],
  });
});

afterAll(async () => {
  await collector?.stop();
});

describe("site A's secret key", () => {
  it('reads only A in aggregates', async () => {
    expect(await npsCount(siteA)).toBe(2);
    expect(await npsCount(siteB)).toBe(3);
  });

  it('exports only A', async () => {
    const { data } = (await (await as(siteA, '/v1/responses')).json()) as { data: ResponseBody[] };
    expect(data.map((row) => row.score).sort()).toEqual([10, 9].sort());
  });

  it("reads A's record of a contact both sites share", async () => {
    const summary = (await (await as(siteA, '/v1/contacts/crm-shared')).json()) as ContactSummary;
    expect(summary).toMatchObject({ responses: 1, npsCategory: 'promoter' });
  });

  it("erases only A's answers of that contact", async () => {
    const erased = await as(siteA, '/v1/contacts/crm-shared', { method: 'DELETE' });
    expect(await erased.json()).toEqual({ contactId: 'crm-shared', deleted: 1 });
    const summaryB = (await (await as(siteB, '/v1/contacts/crm-shared')).json()) as ContactSummary;
    expect(summaryB.responses).toBe(2);
    expect(await npsCount(siteB)).toBe(3);
  });

  it('reads and changes only A’s settings', async () => {
    const site = (await (await as(siteA, '/v1/site')).json()) as { id: string; writeKey: string };
    expect(site).toMatchObject({ id: siteA.id, writeKey: siteA.writeKey });
    expect(JSON.stringify(site)).not.toContain(siteA.identitySecret);
    const patched = await as(siteA, '/v1/site', { method: 'PATCH', body: JSON.stringify({ name: 'A renamed' }) });
    expect(patched.status).toBe(200);
    expect(((await (await as(siteB, '/v1/site')).json()) as { name: string }).name).toBe('B');
  });

  it('rotates only A’s key', async () => {
    const rotated = await as(siteA, '/v1/site/rotate-key', {
      method: 'POST',
      body: JSON.stringify({ kind: 'secret' }),
    });
    const { secretKey } = (await rotated.json()) as { secretKey: string };
    expect((await as(siteA, '/v1/site')).status).toBe(401);
    siteA = { ...siteA, secretKey };
    expect((await as(siteA, '/v1/site')).status).toBe(200);
    expect((await as(siteB, '/v1/site')).status).toBe(200);
  });
});

describe("site B's webhooks, through site A's key", () => {
  it('are invisible and untouchable', async () => {
    const created = await as(siteB, '/v1/webhooks', {
      method: 'POST',
      body: JSON.stringify({ url: 'https://crm.b.example/hooks', events: ['response.created'] }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(((await (await as(siteA, '/v1/webhooks')).json()) as { data: unknown[] }).data).toEqual([]);
    // An answer to B queues a delivery to B's endpoint in the answer's own transaction.
    expect((await api.postResponses(makeAnswer(siteB, { touchpoint: 'hooked' }))).status).toBe(202);
    const listed = (await (await as(siteB, `/v1/webhooks/${id}/deliveries`)).json()) as { data: Array<{ id: string }> };
    const deliveryId = listed.data[0]!.id;
    for (const [method, path, body] of [
      ['GET', `/v1/webhooks/${id}`],
      ['PATCH', `/v1/webhooks/${id}`, '{"enabled":false}'],
      ['DELETE', `/v1/webhooks/${id}`],
      ['POST', `/v1/webhooks/${id}/rotate-secret`],
      ['GET', `/v1/webhooks/${id}/deliveries`],
      ['GET', `/v1/webhooks/${id}/deliveries/${deliveryId}`],
      ['POST', `/v1/webhooks/${id}/deliveries/${deliveryId}/retry`],
    ] as const) {
      const response = await as(siteA, path, { method, ...(body ? { body } : {}) });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect(((await (await as(siteB, `/v1/webhooks/${id}`)).json()) as { enabled: boolean }).enabled).toBe(true);
  });
});

describe('keys used in the wrong place', () => {
  it('refuses a write key on secret-key routes', async () => {
    for (const [method, path] of [
      ['GET', '/v1/aggregates?metric=nps'],
      ['GET', '/v1/responses'],
      ['GET', '/v1/insights/terms'],
      ['GET', '/v1/contacts/crm-shared'],
      ['DELETE', '/v1/contacts/crm-shared'],
      ['GET', '/v1/site'],
      ['PATCH', '/v1/site'],
      ['POST', '/v1/site/rotate-key'],
      ['GET', '/v1/webhooks'],
      ['POST', '/v1/webhooks'],
      ['GET', '/v1/webhooks/wh_x'],
      ['DELETE', '/v1/webhooks/wh_x'],
    ] as const) {
      const response = await api.request(path, {
        method,
        headers: { Authorization: `Bearer ${siteA.writeKey}` },
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
      });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
  });

  it('refuses a secret key as a write key', async () => {
    expect((await api.postResponses(makeAnswer(siteA, { key: siteA.secretKey }))).status).toBe(401);
  });

  it("does not verify a contact signed with another site's identity secret", async () => {
    const crossSigned = makeAnswer(siteA, {
      touchpoint: 'cross',
      contact: { id: 'crm-x', signature: signContact(siteB, 'crm-x') },
    });
    expect((await api.postResponses(crossSigned)).status).toBe(202);
    expect((await as(siteA, '/v1/contacts/crm-x')).status).toBe(404);
  });

  it("refuses site A's write key from site B's origin", async () => {
    const response = await api.postResponses(makeAnswer(siteA), { Origin: 'https://b.example' });
    expect(response.status).toBe(403);
  });
});

describe('identity secret rotation', () => {
  it('verifies with the new secret only', async () => {
    const rotated = await as(siteB, '/v1/site/rotate-key', {
      method: 'POST',
      body: JSON.stringify({ kind: 'identity' }),
    });
    const { identitySecret } = (await rotated.json()) as { identitySecret: string };
    const old = siteB;
    siteB = { ...siteB, identitySecret };
    await api.postResponses(contactAnswer(old, 'crm-rot', { score: 5 }));
    expect((await as(siteB, '/v1/contacts/crm-rot')).status).toBe(404);
    await api.postResponses(contactAnswer(siteB, 'crm-rot', { score: 5 }));
    expect((await as(siteB, '/v1/contacts/crm-rot')).status).toBe(200);
  });
});

describe('write key rotation', () => {
  it("takes answers with the new key only, and leaves site A's key alone", async () => {
    const rotated = await as(siteB, '/v1/site/rotate-key', {
      method: 'POST',
      body: JSON.stringify({ kind: 'write' }),
    });
    expect(rotated.status).toBe(200);
    const { writeKey } = (await rotated.json()) as { writeKey: string };
    expect(writeKey).toMatch(/^pk_/);
    const old = siteB;
    siteB = { ...siteB, writeKey };
    const refused = await api.postResponses(makeAnswer(old, { touchpoint: 'rotated-write' }));
    expect(refused.status).toBe(401);
    expect((await api.postResponses(makeAnswer(siteB, { touchpoint: 'rotated-write' }))).status).toBe(202);
    expect((await (await as(siteB, '/v1/site')).json()) as { writeKey: string }).toMatchObject({ writeKey });
    expect((await api.postResponses(makeAnswer(siteA, { touchpoint: 'rotated-write' }))).status).toBe(202);
  });
});

// Last: its answers would change the counts the suites above check.
describe("site A's secret key, on comment terms", () => {
  it('reads only A’s comment terms', async () => {
    await api.postResponses(makeAnswer(siteA, { touchpoint: 'terms', score: 10, comment: 'Lovely velvet ribbon' }));
    await api.postResponses(makeAnswer(siteB, { touchpoint: 'terms', score: 10, comment: 'Lovely wobbly zipper' }));
    const terms = async (site: CreatedSite) => {
      const body = (await (await as(site, '/v1/insights/terms?touchpoint=terms')).json()) as {
        touchpoints: Array<{ promoters: Array<{ term: string }> }>;
      };
      return body.touchpoints.flatMap((entry) => entry.promoters.map(({ term }) => term));
    };
    expect(await terms(siteA)).toContain('ribbon');
    expect(await terms(siteA)).not.toContain('zipper');
    expect(await terms(siteB)).toContain('zipper');
  });
});
