import { expect } from 'vitest';
import type { Store } from '../../collector/src/store/types.ts';
import type { WebhookEndpointRecord } from '../../collector/src/store/webhook-types.ts';

/** An endpoint record of `siteId` for the stores' own tests; `name` keeps ids apart. */
export function endpointOf(
  siteId: string,
  name: string,
  overrides: Partial<WebhookEndpointRecord> = {},
): WebhookEndpointRecord {
  return {
    id: `wh_${name}_${siteId.slice(0, 8)}`,
    siteId,
    url: 'https://crm.example/hook',
    description: null,
    events: ['response.created'],
    secret: 'whsec_first',
    previousSecret: null,
    previousSecretExpiresAt: null,
    digest: null,
    nextDigestAt: null,
    disabledAt: null,
    disabledReason: null,
    consecutiveFailures: 0,
    failingSince: null,
    createdAt: 0,
    ...overrides,
  };
}

/**
 * A rotation that lost a race must change nothing: `updateWebhook` with the secret the
 * loser read applies only while the endpoint still signs with it. Shared by the SQLite
 * and D1 suites, so both stores are held to the same answer.
 */
export async function checkConditionalSecretUpdate(store: Store, siteId: string): Promise<void> {
  const endpoint = endpointOf(siteId, 'rotation');
  expect(await store.createWebhook(endpoint, 20)).toBe(true);
  const rotate = (secret: string, read: string) =>
    store.updateWebhook(siteId, endpoint.id, { secret, previousSecret: read, previousSecretExpiresAt: 1 }, read);
  expect(await rotate('whsec_winner', 'whsec_first')).toBe(true);
  expect(await rotate('whsec_loser', 'whsec_first')).toBe(false);
  expect(await store.getWebhook(siteId, endpoint.id)).toMatchObject({
    secret: 'whsec_winner',
    previousSecret: 'whsec_first',
  });
  // Without a condition an update applies as before.
  expect(await store.updateWebhook(siteId, endpoint.id, { description: 'CRM' })).toBe(true);
  expect(await store.deleteWebhook(siteId, endpoint.id)).toBe(true);
}

/**
 * Two rounds (two Worker isolates, say) that render the same due digest queue it once: the
 * second finds the schedule moved and queues nothing.
 */
export async function checkDigestQueuedOnce(store: Store, siteId: string): Promise<void> {
  const endpoint = endpointOf(siteId, 'digest', { events: ['aggregates.digest'], digest: 'hour', nextDigestAt: 1000 });
  expect(await store.createWebhook(endpoint, 20)).toBe(true);
  const queue = (id: string) => store.enqueueDigest(endpoint, id, '{}', 5000, 1000, 1000 + 3_600_000);
  expect(await queue('msg_digest_first')).toBe(true);
  expect(await queue('msg_digest_second')).toBe(false);
  const deliveries = await store.listDeliveries({ siteId, endpointId: endpoint.id, limit: 10 });
  expect(deliveries.map((delivery) => delivery.id)).toEqual(['msg_digest_first']);
  expect((await store.getWebhook(siteId, endpoint.id))?.nextDigestAt).toBe(1000 + 3_600_000);
  expect(await store.deleteWebhook(siteId, endpoint.id)).toBe(true);
}
