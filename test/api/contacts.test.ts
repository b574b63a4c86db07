import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactSummary, CreatedSite } from '@touchpoint/core/types';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { startCollector, type CollectorProcess } from '../support/collector-process.ts';
import { contactAnswer, makeAnswer } from '../support/fixtures.ts';

let collector: CollectorProcess;
let api: ApiClient;
let site: CreatedSite;

const auth = () => ({ Authorization: `Bearer ${site.secretKey}` });
const getContact = (id: string) => api.request(`/v1/contacts/${encodeURIComponent(id)}`, { headers: auth() });

beforeAll(async () => {
  collector = await startCollector({ env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN }, args: ['--quiet'] });
  api = new ApiClient(collector.url);
  site = await api.createSite();
  const answers = [
    contactAnswer(site, 'crm-7', {
      touchpoint: 'onboarding',
      metric: 'nps',
      score: 6,
      createdAt: '2026-10-01T09:00:00Z',
    }),
    contactAnswer(site, 'crm-7', {
      touchpoint: 'checkout',
      metric: 'nps',
      score: 10,
      comment: 'Smooth checkout',
      createdAt: '2026-10-05T09:00:00Z',
    }),
    contactAnswer(site, 'crm-7', {
      touchpoint: 'support-chat',
      metric: 'csat',
      score: 4,
      createdAt: '2026-10-06T09:00:00Z',
    }),
    contactAnswer(site, 'crm-7', {
      touchpoint: 'checkout',
      metric: 'nps',
      score: 8,
      comment: 'Fine again',
      createdAt: '2026-10-09T09:00:00Z',
    }),
    // Claims to be crm-7 without a valid signature: must not reach crm-7's summary.
    makeAnswer(site, {
      touchpoint: 'checkout',
      score: 0,
      comment: 'forged',
      contact: { id: 'crm-7', signature: '0'.repeat(64) },
      createdAt: '2026-10-10T09:00:00Z',
    }),
    makeAnswer(site, { touchpoint: 'checkout', score: 1, contact: { id: 'crm-7' }, createdAt: '2026-10-11T09:00:00Z' }),
    contactAnswer(site, 'crm-8', { score: 3 }),
  ];
  expect((await api.postResponses({ key: site.writeKey, responses: answers })).status).toBe(202);
});

afterAll(async () => {
  await collector?.stop();
});

describe('GET /v1/contacts/{id}', () => {
  it('summarises the verified answers only, as a CRM maps them', async () => {
    const response = await getContact('crm-7');
    expect(response.status).toBe(200);
    const summary = (await response.json()) as ContactSummary;
    expect(summary).toEqual({
      contactId: 'crm-7',
      responses: 4,
      firstSeen: '2026-10-01T09:00:00.000Z',
      lastSeen: '2026-10-09T09:00:00.000Z',
      // Latest NPS answer is 8: a passive.
      npsCategory: 'passive',
      metrics: {
        // 6, 10, 8: mean 8; latest 8 equals the mean of the earlier two (8), so flat.
        nps: {
          count: 3,
          mean: 8,
          latest: { score: 8, touchpoint: 'checkout', at: '2026-10-09T09:00:00.000Z' },
          trend: 'flat',
        },
        csat: {
          count: 1,
          mean: 4,
          latest: { score: 4, touchpoint: 'support-chat', at: '2026-10-06T09:00:00.000Z' },
          trend: null,
        },
      },
      touchpoints: {
        onboarding: { metric: 'nps', score: 6, at: '2026-10-01T09:00:00.000Z' },
        checkout: { metric: 'nps', score: 8, at: '2026-10-09T09:00:00.000Z' },
        'support-chat': { metric: 'csat', score: 4, at: '2026-10-06T09:00:00.000Z' },
      },
      lastComment: {
        text: 'Fine again',
        sentiment: expect.stringMatching(/^(neutral|positive)$/),
        touchpoint: 'checkout',
        metric: 'nps',
        score: 8,
        at: '2026-10-09T09:00:00.000Z',
      },
    });
  });

  it('answers 404 for a contact with no verified answers', async () => {
    const response = await getContact('crm-unknown');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('contact_not_found');
  });

  it('takes contact IDs with reserved characters', async () => {
    await api.postResponses(contactAnswer(site, 'a/b c@d', { score: 9 }));
    const summary = (await (await getContact('a/b c@d')).json()) as ContactSummary;
    expect(summary).toMatchObject({ contactId: 'a/b c@d', npsCategory: 'promoter' });
  });
});

describe('DELETE /v1/contacts/{id}', () => {
  it('erases every answer naming the contact, verified or not, and says how many', async () => {
    const before = await api.aggregates(site.secretKey, { metric: 'nps' });
    const totalBefore = ((await before.json()) as { overall: { n: number } }).overall.n;
    const response = await api.request('/v1/contacts/crm-7', { method: 'DELETE', headers: auth() });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ contactId: 'crm-7', deleted: 6 });
    expect((await getContact('crm-7')).status).toBe(404);
    const after = await api.aggregates(site.secretKey, { metric: 'nps' });
    // 5 of the 6 erased answers were NPS.
    expect(((await after.json()) as { overall: { n: number } }).overall.n).toBe(totalBefore - 5);
    const export_ = await api.request('/v1/responses?contact=crm-7', { headers: auth() });
    expect(((await export_.json()) as { data: unknown[] }).data).toEqual([]);
    // Other contacts are untouched.
    expect((await getContact('crm-8')).status).toBe(200);
  });

  it('answers 0 for a contact with nothing stored', async () => {
    const response = await api.request('/v1/contacts/nobody', { method: 'DELETE', headers: auth() });
    expect(await response.json()).toEqual({ contactId: 'nobody', deleted: 0 });
  });
});
