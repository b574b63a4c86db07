import type { D1Database, ScheduledController } from '@cloudflare/workers-types';
import type { ExecutionContext, Hono } from 'hono';
// Written by wrangler's build step (scripts/worker-assets.js): the built widget and dashboard.
import { files, widgetJs } from '../dist/worker-assets.js';
import { createApp } from './app.ts';
import type { AppEnv } from './http/context.ts';
import { compactRollupsOrLog } from './rollup-compaction.ts';
import { openD1Store } from './store/d1.ts';
import type { Store } from './store/types.ts';
import { webhookUrlProblem } from './webhooks/address.ts';
import { createDispatcher, type Dispatcher } from './webhooks/dispatcher.ts';
import { fetchTransport, type WebhookTransport } from './webhooks/transport.ts';
import { withDrainableBody } from './worker-body.ts';
import { coalescingDispatch, drainOutbox } from './worker-dispatch.ts';

/** The bindings declared in wrangler.jsonc; secrets are set with `wrangler secret put`. */
export interface Env {
  DB: D1Database;
  TOUCHPOINT_ADMIN_TOKEN?: string;
  TOUCHPOINT_RATE_LIMIT?: string;
  TOUCHPOINT_KEY_RATE_LIMIT?: string;
  TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS?: string;
  /** Shrinks webhook retry delays, as on Node; for tests only. */
  TOUCHPOINT_WEBHOOK_RETRY_SCALE?: string;
}

// A dispatcher round costs about five D1 queries, plus one or two reads and one fetch per
// delivery, and four queries per digest: rounds of ten deliveries and two digests stay inside
// the Free plan's 50 queries and subrequests per invocation.
const BATCH_SIZE = 10;
const DIGESTS_PER_ROUND = 2;
const ROUNDS_AFTER_WRITE = 2;
const ROUNDS_PER_CRON = 20;

interface Runtime {
  app: Hono<AppEnv>;
  dispatcher: Dispatcher;
  store: Store;
}

let runtime: Runtime | undefined;

const log = (line: string) => console.log(line);

/** fetch(), after the same URL policy the API applied when the endpoint was registered. */
function checkedFetchTransport(allowPrivate: boolean): WebhookTransport {
  const send = fetchTransport();
  return async (request) => {
    const problem = webhookUrlProblem(request.url, { allowPrivate });
    if (problem) throw new Error(`refused: ${request.url} ${problem}`);
    return send(request);
  };
}

/**
 * A var that must be a number ≥ `min` when set; a typo fails loudly rather than turning limits off.
 * Unset, it is `fallback`: undefined leaves the default to createApp.
 */
function numberVar<Fallback extends number | undefined>(
  env: Env,
  name: 'TOUCHPOINT_RATE_LIMIT' | 'TOUCHPOINT_KEY_RATE_LIMIT' | 'TOUCHPOINT_WEBHOOK_RETRY_SCALE',
  fallback: Fallback,
  min: number,
  whole = false,
): number | Fallback {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  // A fractional limit would start each bucket below one token: every request refused, forever.
  if (!Number.isFinite(parsed) || parsed < min || (whole && !Number.isInteger(parsed)))
    throw new Error(`${name} must be a ${whole ? 'whole ' : ''}number ≥ ${min}, got "${value}"`);
  return parsed;
}

/** Built once per isolate: the env of a deployment does not change between its requests. */
function runtimeFor(env: Env): Runtime {
  if (runtime) return runtime;
  const store = openD1Store(env.DB);
  const allowPrivateWebhooks = env.TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS === '1';
  const retryScale = numberVar(env, 'TOUCHPOINT_WEBHOOK_RETRY_SCALE', 1, Number.MIN_VALUE);
  const dispatcher = createDispatcher(
    { store, clock: { now: () => Date.now() }, transport: checkedFetchTransport(allowPrivateWebhooks), log },
    { batchSize: BATCH_SIZE, digestsPerRound: DIGESTS_PER_ROUND, retryScale },
  );
  const kick = coalescingDispatch(dispatcher, log, ROUNDS_AFTER_WRITE);
  const app = createApp({
    store,
    adminToken: env.TOUCHPOINT_ADMIN_TOKEN || undefined,
    assets: { widgetJs, files },
    rateLimitPerMinute: numberVar(env, 'TOUCHPOINT_RATE_LIMIT', undefined, 0, true),
    keyRateLimitPerMinute: numberVar(env, 'TOUCHPOINT_KEY_RATE_LIMIT', undefined, 0, true),
    allowPrivateWebhooks,
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
    // Deliver fresh events right after the response, within this request's lifetime.
    afterWrite: (c) => kick((promise) => c.executionCtx.waitUntil(promise)),
    logError: (message, error) =>
      console.error(`error: ${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
  runtime = { app, dispatcher, store };
  return runtime;
}

/** The Workers entry: the API on `fetch`, webhook retries and digests on the cron trigger. */
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const body = withDrainableBody(request);
    const response = await runtimeFor(env).app.fetch(body.request, env, ctx);
    await body.drain();
    return response;
  },

  async scheduled(_controller: ScheduledController, env: Env): Promise<void> {
    const { dispatcher, store } = runtimeFor(env);
    await compactRollupsOrLog(store, Date.now(), log);
    await drainOutbox(dispatcher, log, ROUNDS_PER_CRON);
  },
};
