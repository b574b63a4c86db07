import type { CreatedSite, SiteCreateInput } from '@touchpoint/core';
import { randomHex, randomToken, sha256Hex } from './crypto.ts';
import type { Clock } from './http/context.ts';
import type { Store } from './store/types.ts';

/** A fresh secret key and the hash that is all the database keeps of it. */
export async function newSecretKey(): Promise<{ secretKey: string; secretKeyHash: string }> {
  const secretKey = randomToken('sk_', 32);
  return { secretKey, secretKeyHash: await sha256Hex(secretKey) };
}

/** The public key the widget posts answers with. */
export function newWriteKey(): string {
  return randomToken('pk_', 18);
}

/** The HMAC key a site's backend signs contact IDs with. */
export function newIdentitySecret(): string {
  return randomHex(32);
}

/**
 * Creates a site with fresh credentials. The secret key is returned here once
 * and stored only as a hash; the API and the CLI both come through this.
 */
export async function createSite(store: Store, clock: Clock, input: SiteCreateInput): Promise<CreatedSite> {
  const { secretKey, secretKeyHash } = await newSecretKey();
  const site = {
    id: randomToken('site_', 9),
    name: input.name,
    origins: input.origins.map((origin) => new URL(origin).origin),
    writeKey: newWriteKey(),
    secretKeyHash,
    identitySecret: newIdentitySecret(),
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
