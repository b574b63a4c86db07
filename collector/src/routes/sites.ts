import { Hono } from 'hono';
import { siteCreateSchema, type CreatedSite } from '@touchpoint/core';
import { createSite } from '../sites.ts';
import { requireAdmin } from '../http/auth.ts';
import { limitBody, readJson } from '../http/body.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { fieldIssues, validationError } from '../http/errors.ts';

export function siteRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().post('/v1/sites', limitBody, requireAdmin(deps), async (c) => {
    const parsed = siteCreateSchema.safeParse(await readJson(c));
    if (!parsed.success) throw validationError('site', fieldIssues(parsed.error));
    const created: CreatedSite = await createSite(deps.store, deps.clock, parsed.data);
    return c.json(created, 201);
  });
}
