import type { Context, MiddlewareHandler } from 'hono';
import type { Clock } from './context.ts';
import { rateLimitIdentity } from './client-address.ts';
import { ApiError } from './errors.ts';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token buckets, one per identity (a client address, or a key: the app keeps one
 * limiter of each kind), refilled at `perMinute` a minute with bursts up to
 * `perMinute`. Kept in memory only: addresses are never written anywhere.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  /**
   * @param perMinute requests a minute per identity; 0 turns limiting off
   * @param maxIdentities buckets kept before idle ones are dropped (default 100 000)
   */
  constructor(
    readonly perMinute: number,
    private readonly clock: Clock,
    private readonly maxIdentities = 100_000,
  ) {
    this.refillPerMs = perMinute / 60_000;
  }

  /** Takes one request's token; returns null when allowed, else whole seconds to wait. */
  take(identity: string): number | null {
    if (this.perMinute <= 0) return null;
    const now = this.clock.now();
    const bucket = this.buckets.get(identity) ?? { tokens: this.perMinute, updatedAt: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    // Moved to the end of the map, refused or not, so the oldest entries are the least recently seen.
    this.buckets.delete(identity);
    this.buckets.set(identity, bucket);
    if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000));
    bucket.tokens -= 1;
    if (this.buckets.size > this.maxIdentities) this.makeRoom(now);
    return null;
  }

  /** Throws a 429 with Retry-After when `identity` is over its limit. */
  enforce(identity: string, what: string): void {
    const retryAfter = this.take(identity);
    if (retryAfter === null) return;
    throw new ApiError(
      429,
      'rate_limited',
      `Too many requests for this ${what}: at most ${this.perMinute} a minute. Retry in ${retryAfter} s.`,
      undefined,
      { 'Retry-After': String(retryAfter) },
    );
  }

  /**
   * Drops the buckets that have refilled (forgetting them changes nothing), then, if that
   * is not enough, the least recently seen, down to nine tenths of the cap: the scan then comes
   * once per tenth of the cap new identities at most, not on every request of a flood
   * from many addresses.
   */
  private makeRoom(now: number): void {
    for (const [identity, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs >= this.perMinute) this.buckets.delete(identity);
    }
    const keep = Math.floor(this.maxIdentities * 0.9);
    for (const identity of this.buckets.keys()) {
      if (this.buckets.size <= keep) break;
      this.buckets.delete(identity);
    }
  }
}

/** Limits every request by client address; routes add a per-key limit once they know the key. */
export function limitByClientAddress(
  limiter: RateLimiter,
  clientAddress: (c: Context) => string | undefined,
): MiddlewareHandler {
  return async function rateLimitByAddress(c, next) {
    const address = clientAddress(c);
    if (address) limiter.enforce(`ip:${rateLimitIdentity(address)}`, 'client address');
    await next();
  };
}
