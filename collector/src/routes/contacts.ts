import { Hono } from 'hono';
import { LIMITS } from '@touchpoint/core';
import { summarizeContact } from '../contacts/summary.ts';
import { requireSecretKey } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { ApiError, validationError } from '../http/errors.ts';

function contactIdParam(raw: string): string {
  if (raw.length === 0 || raw.length > LIMITS.contactIdLength) {
    throw validationError('path', [{ path: 'contactId', message: `must be 1–${LIMITS.contactIdLength} characters` }]);
  }
  return raw;
}

export function contactRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/v1/contacts/:contactId', requireSecretKey(deps), async (c) => {
      const contactId = contactIdParam(c.req.param('contactId'));
      const answers = await deps.store.verifiedContactResponses(c.var.site.id, contactId);
      const summary = summarizeContact(contactId, answers);
      if (!summary) {
        throw new ApiError(404, 'contact_not_found', `No verified answers for contact "${contactId}".`);
      }
      return c.json(summary);
    })
    .delete('/v1/contacts/:contactId', requireSecretKey(deps), async (c) => {
      const contactId = contactIdParam(c.req.param('contactId'));
      const deleted = await deps.store.deleteContact(c.var.site.id, contactId);
      return c.json({ contactId, deleted });
    });
}
