import { Hono } from 'hono';
import { z } from 'zod';
import { siteCreateSchema, siteOriginsSchema, type CreatedSite } from '@touchpoint/core';
import { createSite, newIdentitySecret, newSecretKey, newWriteKey } from '../sites.ts';
import { requireAdmin, requireSecretKey } from '../http/auth.ts';
import { readJson } from '../http/body.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { fieldIssues, validationError } from '../http/errors.ts';
import type { SiteRecord } from '../store/types.ts';

export const sitePatchSchema = z.strictObject({
  name: z.string().min(1, 'must not be empty').max(200).optional(),
  origins: siteOriginsSchema.optional(),
});

export const keyRotationSchema = z.strictObject({
  kind: z.enum(['secret', 'identity', 'write'], 'must be "secret", "identity" or "write"'),
});

/** What the secret key may see of its site: never the secret parts. */
function presentSite(site: SiteRecord) {
  return {
    id: site.id,
    name: site.name,
    origins: site.origins,
    writeKey: site.writeKey,
    createdAt: new Date(site.createdAt).toISOString(),
  };
}

export function siteRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .post('/v1/sites', requireAdmin(deps), async (c) => {
      const parsed = siteCreateSchema.safeParse(await readJson(c));
      if (!parsed.success) throw validationError('site', fieldIssues(parsed.error));
      const created: CreatedSite = await createSite(deps.store, deps.clock, parsed.data);
      return c.json(created, 201);
    })
    .get('/v1/site', requireSecretKey(deps), (c) => c.json(presentSite(c.var.site)))
    .patch('/v1/site', requireSecretKey(deps), async (c) => {
      const parsed = sitePatchSchema.safeParse(await readJson(c));
      if (!parsed.success) throw validationError('site', fieldIssues(parsed.error));
      const origins = parsed.data.origins?.map((origin) => new URL(origin).origin);
      await deps.store.updateSite(c.var.site.id, { name: parsed.data.name, origins });
      deps.sites.forget(c.var.site);
      return c.json(presentSite({ ...c.var.site, ...parsed.data, origins: origins ?? c.var.site.origins }));
    })
    .post('/v1/site/rotate-key', requireSecretKey(deps), async (c) => {
      // The old credential stops working at once: rotation is what you do after a leak.
      const parsed = keyRotationSchema.safeParse(await readJson(c));
      if (!parsed.success) throw validationError('rotation', fieldIssues(parsed.error));
      if (parsed.data.kind === 'secret') {
        const { secretKey, secretKeyHash } = await newSecretKey();
        await deps.store.updateSite(c.var.site.id, { secretKeyHash });
        return c.json({ secretKey });
      }
      if (parsed.data.kind === 'write') {
        // For a write key abused from outside the site's pages: every embedded widget needs the new one.
        const writeKey = newWriteKey();
        await deps.store.updateSite(c.var.site.id, { writeKey });
        deps.sites.forget(c.var.site);
        return c.json({ writeKey });
      }
      const identitySecret = newIdentitySecret();
      await deps.store.updateSite(c.var.site.id, { identitySecret });
      deps.sites.forget(c.var.site);
      return c.json({ identitySecret });
    });
}
