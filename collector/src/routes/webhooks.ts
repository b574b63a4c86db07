import { Hono } from 'hono';
import { z } from 'zod';
import { requireSecretKey } from '../http/auth.ts';
import { readJson, readOptionalJson } from '../http/body.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { ApiError, fieldIssues, validationError } from '../http/errors.ts';
import { queryInput } from '../http/query.ts';
import { randomToken } from '../crypto.ts';
import {
  DIGEST_INTERVALS,
  WEBHOOK_EVENTS,
  type DeliveryRecord,
  type WebhookEndpointRecord,
} from '../store/webhook-types.ts';
import { webhookUrlProblem } from '../webhooks/address.ts';
import { DIGEST_PERIOD_MS } from '../webhooks/payloads.ts';
import { newWebhookSecret, previousSecretSigns } from '../webhooks/signature.ts';

const eventsSchema = z
  .array(z.enum(WEBHOOK_EVENTS, `must be one of ${WEBHOOK_EVENTS.join(', ')}`))
  .min(1, 'must name at least one event')
  .max(WEBHOOK_EVENTS.length);

export const webhookCreateSchema = z.strictObject({
  url: z.string().min(1).max(2000),
  events: eventsSchema,
  description: z.string().max(500).optional(),
  digest: z.enum(DIGEST_INTERVALS, 'must be "hour" or "day"').optional(),
});

export const webhookPatchSchema = z.strictObject({
  url: z.string().min(1).max(2000).optional(),
  events: eventsSchema.optional(),
  description: z.string().max(500).nullable().optional(),
  digest: z.enum(DIGEST_INTERVALS, 'must be "hour" or "day"').optional(),
  enabled: z.boolean().optional(),
});

export const secretRotationSchema = z.strictObject({
  /** How long the old secret keeps signing, so receivers can switch without missing a delivery. */
  overlapHours: z.number().min(0).max(168).optional(),
});

export const deliveryQuerySchema = z.strictObject({
  status: z.enum(['pending', 'delivered', 'failed'], 'must be pending, delivered or failed').optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(100).optional(),
});

/** Endpoints a site may register (Stripe allows 16 an account): each one multiplies an answer's writes. */
export const MAX_ENDPOINTS_PER_SITE = 20;

function presentEndpoint(endpoint: WebhookEndpointRecord) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events,
    digest: endpoint.digest,
    enabled: endpoint.disabledAt === null,
    disabledReason: endpoint.disabledReason,
    consecutiveFailures: endpoint.consecutiveFailures,
    createdAt: new Date(endpoint.createdAt).toISOString(),
  };
}

const isoOrNull = (time: number | null) => (time === null ? null : new Date(time).toISOString());

function presentDelivery(delivery: DeliveryRecord) {
  return {
    id: delivery.id,
    event: delivery.event,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === 'pending' ? isoOrNull(delivery.nextAttemptAt) : null,
    lastAttemptAt: isoOrNull(delivery.lastAttemptAt),
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    lastLatencyMs: delivery.lastLatencyMs,
    createdAt: new Date(delivery.createdAt).toISOString(),
  };
}

function checkUrl(deps: AppDeps, url: string): void {
  const problem = webhookUrlProblem(url, { allowPrivate: deps.allowPrivateWebhooks });
  if (problem) throw validationError('webhook', [{ path: 'url', message: problem }]);
}

/** The digest schedule: a digest needs its event, and the event gets a daily digest unless told otherwise. */
function digestOf(events: string[], digest: 'hour' | 'day' | undefined): 'hour' | 'day' | null {
  if (!events.includes('aggregates.digest')) {
    if (digest) throw validationError('webhook', [{ path: 'digest', message: 'needs the aggregates.digest event' }]);
    return null;
  }
  return digest ?? 'day';
}

const encodeCursor = (delivery: DeliveryRecord) => btoa(`${delivery.createdAt}.${delivery.id}`).replace(/=+$/, '');

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  try {
    const [createdAt, id] = atob(cursor).split('.');
    if (createdAt && id && /^\d+$/.test(createdAt)) return { createdAt: Number(createdAt), id };
  } catch {
    // Reported below.
  }
  throw validationError('query', [{ path: 'cursor', message: 'is not a cursor this API returned' }]);
}

export function webhookRoutes(deps: AppDeps) {
  const auth = requireSecretKey(deps);
  const findEndpoint = async (siteId: string, id: string) => {
    const endpoint = await deps.store.getWebhook(siteId, id);
    if (!endpoint) throw new ApiError(404, 'webhook_not_found', `No webhook endpoint "${id}" on this site.`);
    return endpoint;
  };

  return new Hono<AppEnv>()
    .post('/v1/webhooks', auth, async (c) => {
      const parsed = webhookCreateSchema.safeParse(await readJson(c));
      if (!parsed.success) throw validationError('webhook', fieldIssues(parsed.error));
      const input = parsed.data;
      checkUrl(deps, input.url);
      const now = deps.clock.now();
      const digest = digestOf(input.events, input.digest);
      const endpoint: WebhookEndpointRecord = {
        id: randomToken('wh_', 12),
        siteId: c.var.site.id,
        url: input.url,
        description: input.description ?? null,
        events: [...new Set(input.events)],
        secret: newWebhookSecret(),
        previousSecret: null,
        previousSecretExpiresAt: null,
        digest,
        nextDigestAt: digest ? now + DIGEST_PERIOD_MS[digest] : null,
        disabledAt: null,
        disabledReason: null,
        consecutiveFailures: 0,
        failingSince: null,
        createdAt: now,
      };
      // Every answer writes a delivery per subscribed endpoint inside its own transaction.
      if (!(await deps.store.createWebhook(endpoint, MAX_ENDPOINTS_PER_SITE))) {
        throw new ApiError(
          409,
          'webhook_limit',
          `A site has at most ${MAX_ENDPOINTS_PER_SITE} webhook endpoints; delete one or subscribe an existing one to more events.`,
        );
      }
      // The secret is shown here and on rotation only.
      return c.json({ ...presentEndpoint(endpoint), secret: endpoint.secret }, 201);
    })
    .get('/v1/webhooks', auth, async (c) => {
      const endpoints = await deps.store.listWebhooks(c.var.site.id);
      return c.json({ data: endpoints.map(presentEndpoint) });
    })
    .get('/v1/webhooks/:id', auth, async (c) =>
      c.json(presentEndpoint(await findEndpoint(c.var.site.id, c.req.param('id')))),
    )
    .patch('/v1/webhooks/:id', auth, async (c) => {
      const endpoint = await findEndpoint(c.var.site.id, c.req.param('id'));
      const parsed = webhookPatchSchema.safeParse(await readJson(c));
      if (!parsed.success) throw validationError('webhook', fieldIssues(parsed.error));
      const input = parsed.data;
      if (input.url !== undefined) checkUrl(deps, input.url);
      const now = deps.clock.now();
      const events = input.events ? [...new Set(input.events)] : endpoint.events;
      // The endpoint's interval carries over only while its event stays: dropping the event drops the digest.
      const carried = events.includes('aggregates.digest') ? (endpoint.digest ?? undefined) : undefined;
      const digest = digestOf(events, input.digest ?? carried);
      const patch = {
        url: input.url,
        description: input.description,
        events: input.events ? events : undefined,
        digest,
        nextDigestAt: digest && digest !== endpoint.digest ? now + DIGEST_PERIOD_MS[digest] : undefined,
        ...(input.enabled === true
          ? { disabledAt: null, disabledReason: null, consecutiveFailures: 0, failingSince: null }
          : {}),
        ...(input.enabled === false && endpoint.disabledAt === null
          ? { disabledAt: now, disabledReason: 'disabled through the API' }
          : {}),
      };
      await deps.store.updateWebhook(endpoint.siteId, endpoint.id, patch);
      return c.json(presentEndpoint((await deps.store.getWebhook(endpoint.siteId, endpoint.id))!));
    })
    .delete('/v1/webhooks/:id', auth, async (c) => {
      const deleted = await deps.store.deleteWebhook(c.var.site.id, c.req.param('id'));
      if (!deleted)
        throw new ApiError(404, 'webhook_not_found', `No webhook endpoint "${c.req.param('id')}" on this site.`);
      return c.body(null, 204);
    })
    .post('/v1/webhooks/:id/rotate-secret', auth, async (c) => {
      const endpoint = await findEndpoint(c.var.site.id, c.req.param('id'));
      const parsed = secretRotationSchema.safeParse(await readOptionalJson(c));
      if (!parsed.success) throw validationError('rotation', fieldIssues(parsed.error));
      const now = deps.clock.now();
      const overlapHours = parsed.data.overlapHours ?? 24;
      // Only one older secret signs beside the current one: a second rotation within the overlap would
      // revoke the first secret at once, though its receivers were told it had until the overlap's end.
      if (overlapHours > 0 && previousSecretSigns(endpoint, now)) {
        const until = new Date(endpoint.previousSecretExpiresAt!).toISOString();
        throw new ApiError(
          409,
          'rotation_in_progress',
          `The secret before the last rotation still signs until ${until}. Rotate again after that, or with ` +
            '"overlapHours": 0 to stop every older secret now.',
          [{ path: 'overlapHours', message: `must be 0 while the last rotation's overlap runs (until ${until})` }],
        );
      }
      const previousSecretExpiresAt = now + overlapHours * 3_600_000;
      const secret = newWebhookSecret();
      const rotated = await deps.store.updateWebhook(
        endpoint.siteId,
        endpoint.id,
        { secret, previousSecret: endpoint.secret, previousSecretExpiresAt },
        endpoint.secret,
      );
      if (!rotated) {
        await findEndpoint(endpoint.siteId, endpoint.id); // 404 when it was deleted meanwhile
        throw new ApiError(
          409,
          'rotation_conflict',
          'The secret was rotated by another request at the same time; read the endpoint and rotate again if needed.',
        );
      }
      return c.json({ secret, previousSecretExpiresAt: new Date(previousSecretExpiresAt).toISOString() });
    })
    .get('/v1/webhooks/:id/deliveries', auth, async (c) => {
      const endpoint = await findEndpoint(c.var.site.id, c.req.param('id'));
      const parsed = deliveryQuerySchema.safeParse(queryInput(c.req.queries(), []));
      if (!parsed.success) throw validationError('query', fieldIssues(parsed.error));
      const limit = parsed.data.limit ?? 50;
      const rows = await deps.store.listDeliveries({
        siteId: endpoint.siteId,
        endpointId: endpoint.id,
        status: parsed.data.status,
        before: parsed.data.cursor ? decodeCursor(parsed.data.cursor) : undefined,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return c.json({
        data: page.map(presentDelivery),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
      });
    })
    .get('/v1/webhooks/:id/deliveries/:deliveryId', auth, async (c) => {
      const endpoint = await findEndpoint(c.var.site.id, c.req.param('id'));
      const found = await deps.store.getDelivery(endpoint.siteId, c.req.param('deliveryId'));
      if (!found || found.delivery.endpointId !== endpoint.id) {
        throw new ApiError(404, 'delivery_not_found', `No delivery "${c.req.param('deliveryId')}" for this endpoint.`);
      }
      return c.json({
        ...presentDelivery(found.delivery),
        payload: found.delivery.payload === null ? null : (JSON.parse(found.delivery.payload) as unknown),
        attempts: found.attempts.map((attempt) => ({ ...attempt, at: new Date(attempt.at).toISOString() })),
      });
    })
    .post('/v1/webhooks/:id/deliveries/:deliveryId/retry', auth, async (c) => {
      // Retries a failed delivery or replays a delivered one, with the same webhook-id so receivers can dedupe.
      const endpoint = await findEndpoint(c.var.site.id, c.req.param('id'));
      const requeued = await deps.store.requeueDelivery(
        endpoint.siteId,
        endpoint.id,
        c.req.param('deliveryId'),
        deps.clock.now(),
      );
      if (!requeued) {
        throw new ApiError(404, 'delivery_not_found', `No delivery "${c.req.param('deliveryId')}" for this endpoint.`);
      }
      deps.afterWrite(c);
      return c.json({ id: c.req.param('deliveryId'), status: 'pending' }, 202);
    });
}
