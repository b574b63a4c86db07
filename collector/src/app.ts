import { Hono } from 'hono';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { lexiconAnalyser, type CommentAnalyser } from '@touchpoint/insight';
import type { Store } from './store/types.ts';
import { systemClock, type AppDeps, type AppEnv, type Clock } from './http/context.ts';
import { ApiError } from './http/errors.ts';
import { limitByClientAddress, RateLimiter } from './http/rate-limit.ts';
import { SiteCache } from './http/site-cache.ts';
import { aggregateRoutes } from './routes/aggregates.ts';
import { contactRoutes } from './routes/contacts.ts';
import { exportRoutes } from './routes/export.ts';
import { insightRoutes } from './routes/insights.ts';
import { openApiRoutes } from './routes/openapi.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { publicRoutes, type PublicAssets } from './routes/public.ts';
import { refusalCorsHeaders, responseRoutes } from './routes/responses.ts';
import { siteRoutes } from './routes/sites.ts';

export interface AppOptions {
  store: Store;
  /** @default the system clock */
  clock?: Clock;
  /** Enables `POST /v1/sites`. */
  adminToken?: string;
  /** @default no widget (404 at /widget.js) */
  assets?: PublicAssets;
  /** @default console.error */
  logError?: (message: string, error: unknown) => void;
  /** Receives one access-log line per request when given. */
  logRequest?: (line: string) => void;
  /** Requests a minute per client address; 0 turns that limit off. @default 600 */
  rateLimitPerMinute?: number;
  /**
   * Requests a minute per key (a site's write key, its secret key): what one site may ask of
   * the collector, where all its customers share the write key and its backend, CRM sync and
   * dashboard the secret key; 0 turns that limit off. @default 10 × rateLimitPerMinute
   */
  keyRateLimitPerMinute?: number;
  /** Reads sentiment and key terms from comments. @default the built-in en/th/vi lexicon analyser */
  analyser?: CommentAnalyser;
  /** Lets webhooks go to http://127.0.0.1 and localhost (TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS=1). @default false */
  allowPrivateWebhooks?: boolean;
  /**
   * Called after writes that may have queued webhook deliveries, with the request's context
   * (Workers hand the dispatch to `c.executionCtx.waitUntil`). @default nothing
   */
  afterWrite?: (c: Context) => void;
  /** The client's address as the runtime sees it (socket, `CF-Connecting-IP`); used only in memory. */
  clientAddress?: (c: Context) => string | undefined;
}

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

/** A key's limit, unless set, against an address's: a site has one write key for all its customers. */
const KEY_LIMIT_PER_ADDRESS_LIMIT = 10;

/**
 * The whole HTTP API as a runtime-agnostic Hono app: it speaks only
 * Web-standard Request/Response and the Store interface.
 *
 * @example
 * const app = createApp({ store: openSqliteStore({ path, migrationsDirectory }) });
 * serve({ fetch: app.fetch, port: 8787 });
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const clock = options.clock ?? systemClock;
  const addressLimit = options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
  const deps: AppDeps = {
    store: options.store,
    clock,
    rateLimiter: new RateLimiter(addressLimit, clock),
    keyRateLimiter: new RateLimiter(options.keyRateLimitPerMinute ?? KEY_LIMIT_PER_ADDRESS_LIMIT * addressLimit, clock),
    sites: new SiteCache(options.store, clock),
    analyser: options.analyser ?? lexiconAnalyser,
    allowPrivateWebhooks: options.allowPrivateWebhooks ?? false,
    afterWrite: options.afterWrite ?? (() => {}),
    adminToken: options.adminToken,
    logError: options.logError ?? ((message, error) => console.error(message, error)),
  };
  const app = new Hono<AppEnv>();
  const logRequest = options.logRequest;
  if (logRequest) {
    app.use(async function accessLog(c, next) {
      const started = performance.now();
      await next();
      logRequest(`${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`);
    });
  }
  if (options.clientAddress && deps.rateLimiter.perMinute > 0) {
    const byAddress = limitByClientAddress(deps.rateLimiter, options.clientAddress);
    app.use('/v1/*', async (c, next) =>
      c.req.method === 'OPTIONS' || c.req.path === '/v1/health' ? next() : byAddress(c, next),
    );
  }
  app.route('/', publicRoutes(deps, options.assets ?? { widgetJs: null }));
  app.route('/', siteRoutes(deps));
  app.route('/', responseRoutes(deps));
  app.route('/', aggregateRoutes(deps));
  app.route('/', contactRoutes(deps));
  app.route('/', exportRoutes(deps));
  app.route('/', insightRoutes(deps));
  app.route('/', webhookRoutes(deps));
  app.route('/', openApiRoutes());

  app.notFound((c) =>
    c.json(new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`).toBody(), 404),
  );
  app.onError((error, c) => {
    for (const [name, value] of Object.entries(refusalCorsHeaders(c))) c.header(name, value);
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
      return c.json(error.toBody(), error.status);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(new ApiError(error.status, 'bad_request', error.message || 'Bad request.').toBody(), error.status);
    }
    deps.logError(`${c.req.method} ${c.req.path} failed`, error);
    // A storage fault is ours, not the client's: say so and invite a retry, never leak a stack.
    c.header('Retry-After', '5');
    return c.json(
      new ApiError(503, 'unavailable', 'The collector could not complete the request; retry later.').toBody(),
      503,
    );
  });
  return app;
}
