import type { CreatedSite, SiteCreateInput } from '@touchpoint/core';
import { randomHex, randomToken, sha256Hex } from './crypto.ts';
import type { Clock } from './http/context.ts';
import type { Store } from './store/types.ts';

/**
 * Creates a site with fresh credentials. The secret key is returned here once
 * and stored only as a hash; the API and the CLI both come through this.
 */
export async function createSite(store: Store, clock: Clock, input: SiteCreateInput): Promise<CreatedSite> {
  const secretKey = randomToken('sk_', 32);
  const site = {
    id: randomToken('site_', 9),
    name: input.name,
    origins: input.origins.map((origin) => new URL(origin).origin),
    writeKey: randomToken('pk_', 18),
    secretKeyHash: await sha256Hex(secretKey),
    identitySecret: randomHex(32),
    createdAt: clock.now(),
  };
  await store.createSite(site);
  return {
    id: site.id,
    name: site.name,
    origins: site.origins,
    writeKey: site.writeKey,
    secretKey,
    identitySecret: site.identitySecret,
  };
}
