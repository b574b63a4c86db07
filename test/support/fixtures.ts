import { createHmac, randomUUID } from 'node:crypto';
import type { CreatedSite } from '@touchpoint/core/types';

/** hex HMAC-SHA256(identitySecret, contactId), as a site's backend computes it. */
export function signContact(site: CreatedSite, contactId: string): string {
  return createHmac('sha256', site.identitySecret).update(contactId).digest('hex');
}

/** A valid response body for `site`, with a fresh id. */
export function makeAnswer(site: CreatedSite, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: randomUUID(), key: site.writeKey, touchpoint: 'checkout', metric: 'nps', score: 9, ...overrides };
}

/** A verified answer from `contactId`. */
export function contactAnswer(site: CreatedSite, contactId: string, overrides: Record<string, unknown> = {}) {
  return makeAnswer(site, { contact: { id: contactId, signature: signContact(site, contactId) }, ...overrides });
}
