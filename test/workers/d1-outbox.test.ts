// The webhook outbox on D1, driven from Node: the shared app and dispatcher over openD1Store,
// with the D1 binding that wrangler's getPlatformProxy serves from a migrated local database.
// It covers on D1 what test/node shows on SQLite through the file and a SIGKILL, which the
// HTTP suites cannot do against a Worker: a digest made due by editing the database, and a
// dispatcher that died holding leases (on Workers an evicted isolate; its leases expire and
// the next cron run sends the deliveries, with the same webhook-id).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedSite } from '@touchpoint/core/types';
import { createApp } from '../../collector/src/app.ts';
import { openD1Store } from '../../collector/src/store/d1.ts';
import type { Store } from '../../collector/src/store/types.ts';
import { createDispatcher } from '../../collector/src/webhooks/dispatcher.ts';
import type { WebhookRequest } from '../../collector/src/webhooks/transport.ts';
import { makeAnswer } from '../support/fixtures.ts';
import { openMigratedD1, type MigratedD1 } from '../support/d1-proxy.ts';
import { checkConditionalSecretUpdate, checkDigestQueuedOnce } from '../support/webhook-store-contract.ts';

const ADMIN = 'admin';
const LEASE_MS = 60_000;

let d1: MigratedD1;
let store: Store;
let app: ReturnType<typeof createApp>;
let site: CreatedSite;
const clock = { time: Date.now(), now: () => clock.time };
const sent: WebhookRequest[] = [];

const dispatcher = () =>
  createDispatcher(
    {
      store,
      clock,
      transport: async (request) => {
        sent.push(request);
        return { status: 200, retryAfter: null };
      },
      log: () => {},
    },
    { leaseMs: LEASE_MS },
  );

async function call(path: string, init: RequestInit & { json?: unknown } = {}) {
  const response = await app.request(path, {
    ...init,
    body: init.json === undefined ? init.body : JSON.stringify(init.json),
    headers: {
      Authorization: `Bearer ${site?.secretKey ?? ADMIN}`,
      'Content-Type': 'application/json',
      ...init.headers,
    },
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}

beforeAll(async () => {
  d1 = await openMigratedD1('touchpoint-d1');
  store = openD1Store(d1.db);
  app = createApp({ store, clock, adminToken: ADMIN, allowPrivateWebhooks: true, rateLimitPerMinute: 0 });
  site = (await call('/v1/sites', { method: 'POST', json: { name: 'Shop', origins: [] } })).body as CreatedSite;
});

afterAll(async () => {
  await d1?.dispose();
});

describe('the webhook outbox on D1', () => {
  it('applies a secret rotation only while the endpoint signs with the secret it was read with', async () => {
    await checkConditionalSecretUpdate(store, site.id);
  });

  it('queues a digest once when two rounds render it', async () => {
    await checkDigestQueuedOnce(store, site.id);
  });

  it('sends an aggregates digest per touchpoint once it is due', async () => {
    const endpoint = await call('/v1/webhooks', {
      method: 'POST',
      json: { url: 'http://127.0.0.1:9/digest', events: ['aggregates.digest'], digest: 'hour' },
    });
    expect(endpoint.status).toBe(201);
    const answers = [10, 9, 0].map((score) => makeAnswer(site, { key: undefined, touchpoint: 'digested', score }));
    expect(
      (await call('/v1/responses', { method: 'POST', json: { key: site.writeKey, responses: answers } })).status,
    ).toBe(202);
    expect(await dispatcher().runOnce()).toMatchObject({ digests: 0 });
    // Make the first digest due now instead of in an hour; the answers are a second old by then.
    clock.time += 1000;
    await d1.db
      .prepare('UPDATE webhook_endpoints SET next_digest_at = ? WHERE id = ?')
      .bind(clock.time, endpoint.body.id)
      .run();
    expect(await dispatcher().runOnce()).toEqual({ attempted: 1, delivered: 1, digests: 1 });
    const { type, data } = JSON.parse(sent.at(-1)!.body);
    expect(type).toBe('aggregates.digest');
    const digested = data.metrics.nps.touchpoints.find(
      (entry: { touchpoint: string }) => entry.touchpoint === 'digested',
    );
    expect(digested).toMatchObject({ n: 3, promoters: 2, detractors: 1 });
    expect((await dispatcher().runOnce()).digests).toBe(0);
    expect((await call(`/v1/webhooks/${endpoint.body.id}`, { method: 'DELETE' })).status).toBeLessThan(300);
  });

  it('resends what a dead dispatcher leased once the lease runs out, with the same webhook-id', async () => {
    const endpoint = await call('/v1/webhooks', {
      method: 'POST',
      json: { url: 'http://127.0.0.1:9/hooks', events: ['response.created'] },
    });
    await call('/v1/responses', { method: 'POST', json: makeAnswer(site, { touchpoint: 'leased' }) });
    // A dispatcher claims the delivery, then its isolate is gone before it records anything.
    const [claimed] = await store.claimDueDeliveries(clock.now(), 25, clock.now() + LEASE_MS);
    expect(claimed!.endpoint.id).toBe(endpoint.body.id);
    sent.length = 0;
    expect((await dispatcher().runOnce()).attempted).toBe(0);
    clock.time += LEASE_MS + 1;
    expect(await dispatcher().runOnce()).toMatchObject({ attempted: 1, delivered: 1 });
    expect(sent.map((request) => request.headers['webhook-id'])).toEqual([claimed!.delivery.id]);
    const log = await call(`/v1/webhooks/${endpoint.body.id}/deliveries`);
    expect(log.body.data).toMatchObject([{ id: claimed!.delivery.id, status: 'delivered', attempts: 1 }]);
    // Deleting the endpoint cascades to its deliveries; D1 counts those changes too, and it is still a success.
    expect((await call(`/v1/webhooks/${endpoint.body.id}`, { method: 'DELETE' })).status).toBeLessThan(300);
    expect((await call(`/v1/webhooks/${endpoint.body.id}`)).status).toBe(404);
  });
});
