import type { Context } from 'hono';
import type { Store, SiteRecord } from '../store/types.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { SiteCache } from './site-cache.ts';
import type { CommentAnalyser } from '@touchpoint/insight';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** What every route may use: no runtime-specific parts. */
export interface AppDeps {
  store: Store;
  clock: Clock;
  /** Enables `POST /v1/sites` when set. */
  adminToken?: string;
  /** Requests per client address. */
  rateLimiter: RateLimiter;
  /** Requests per key: `write:<key>`, `secret:<site id>`. */
  keyRateLimiter: RateLimiter;
  /** Sites by write key, for the ingest path. */
  sites: SiteCache;
  /** Reads sentiment and key terms from comments on ingest. */
  analyser: CommentAnalyser;
  /** Lets webhooks go to http://127.0.0.1 and localhost (development and tests). */
  allowPrivateWebhooks: boolean;
  /** Called after answers or deliveries were queued, so a dispatcher can run soon; gets the request's context. */
  afterWrite: (c: Context) => void;
  /** Log sink for server-side faults; never shown to clients. */
  logError: (message: string, error: unknown) => void;
}

export type AppEnv = { Variables: { site: SiteRecord } };
