import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedSite } from '@touchpoint/core/types';
// @ts-expect-error: a plain-JavaScript example, without type declarations
import { createCrmReceiver } from '../../demo/crm-receiver.js';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { startCollector, type CollectorProcess } from '../support/collector-process.ts';
import { contactAnswer } from '../support/fixtures.ts';

let collector: CollectorProcess;
let api: ApiClient;
let site: CreatedSite;

beforeAll(async () => {
  collector = await startCollector({
    env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN, TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS: '1' },
    args: ['--quiet'],
  });
  api = new ApiClient(collector.url);
  site = await api.createSite();
});

afterAll(async () => {
  await collector?.stop();
});

describe('the example CRM receiver in demo/', () => {
  it('verifies contact.updated and maps it onto HubSpot-style properties', async () => {
    const updates: Array<[string, Record<string, unknown>]> = [];
    const detractors: unknown[] = [];
    // Register first (the secret comes back with the endpoint), then point it at the receiver once it listens.
    const placeholder = await api.request('/v1/webhooks', {
      method: 'POST',
      headers: { Authorization: `Bearer ${site.secretKey}` },
      body: JSON.stringify({ url: 'http://127.0.0.1:1/touchpoint', events: ['contact.updated', 'response.detractor'] }),
    });
    const endpoint = (await placeholder.json()) as { id: string; secret: string };
    const receiver = createCrmReceiver({
      secret: endpoint.secret,
      onContactUpdate: (id: string, properties: Record<string, unknown>) => updates.push([id, properties]),
      onDetractor: (data: unknown) => detractors.push(data),
      log: () => {},
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/touchpoint`;
    await api.request(`/v1/webhooks/${endpoint.id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${site.secretKey}` },
      body: JSON.stringify({ url }),
    });

    await api.postResponses(contactAnswer(site, 'crm-501', { metric: 'nps', score: 4, comment: 'Parcel lost' }));
    await expect.poll(() => updates.length).toBe(1);
    expect(updates[0]).toEqual([
      'crm-501',
      {
        touchpoint_nps_latest: 4,
        touchpoint_nps_category: 'detractor',
        touchpoint_nps_mean: 4,
        touchpoint_csat_mean: null,
        touchpoint_ces_mean: null,
        touchpoint_last_comment: 'Parcel lost',
        touchpoint_last_touchpoint: 'checkout',
        touchpoint_responses: 1,
        touchpoint_last_seen: expect.stringMatching(/^\d{4}-/),
      },
    ]);
    await expect.poll(() => detractors.length).toBe(1);

    // A forged request is refused.
    const forged = await fetch(url, {
      method: 'POST',
      headers: {
        'webhook-id': 'msg_x',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,AAAA',
      },
      body: '{"type":"contact.updated","data":{}}',
    });
    expect(forged.status).toBe(401);
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });
});
