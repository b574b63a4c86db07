import { expect } from 'vitest';
import type { Store } from '../../collector/src/store/types.ts';
import type { WebhookEndpointRecord } from '../../collector/src/store/webhook-types.ts';

/**
 * A rotation that lost a race must change nothing: `updateWebhook` with the secret the
 * loser read applies only while the endpoint still signs with it. Shared by the SQLite
 * and D1 suites, so both stores are held to the same answer.
 */
export async function checkConditionalSecretUpdate(store: Store, siteId: string): Promise<void> {
  const endpoint: WebhookEndpointRecord = {
    id: `wh_rotation_${siteId.slice(0, 8)}`,
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
  };
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
