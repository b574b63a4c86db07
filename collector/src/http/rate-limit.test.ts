import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

function manualClock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('RateLimiter', () => {
  it('allows a burst of the per-minute limit, then asks to wait for the next token', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(60, clock);
    for (let request = 0; request < 60; request++) expect(limiter.take('a')).toBeNull();
    // One token a second at 60 a minute.
    expect(limiter.take('a')).toBe(1);
    clock.advance(1000);
    expect(limiter.take('a')).toBeNull();
    expect(limiter.take('a')).toBe(1);
  });

  it('keeps identities apart', () => {
    const limiter = new RateLimiter(1, manualClock());
    expect(limiter.take('a')).toBeNull();
    expect(limiter.take('b')).toBeNull();
    expect(limiter.take('a')).toBe(60);
  });

  it('is off at 0', () => {
    const limiter = new RateLimiter(0, manualClock());
    for (let request = 0; request < 1000; request++) expect(limiter.take('a')).toBeNull();
  });

  it('throws a 429 with Retry-After', () => {
    const limiter = new RateLimiter(1, manualClock());
    limiter.enforce('a', 'key');
    expect(() => limiter.enforce('a', 'key')).toThrow(
      expect.objectContaining({ status: 429, headers: { 'Retry-After': '60' } }),
    );
  });

  it('keeps at most its cap of identities, dropping refilled buckets first, then the least recently seen', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(2, clock, 10);
    limiter.take('spent');
    limiter.take('spent');
    for (let identity = 0; identity < 20; identity++) limiter.take(`flood-${identity}`);
    const kept = (limiter as unknown as { buckets: Map<string, unknown> }).buckets;
    expect(kept.size).toBeLessThanOrEqual(10);
    // The oldest half-used buckets went; the newest are kept, still counting.
    expect(kept.has('flood-19')).toBe(true);
    expect(kept.has('flood-0')).toBe(false);
    expect(limiter.take('flood-19')).toBeNull();
    expect(limiter.take('flood-19')).toBe(30);
  });

  it('keeps a limited client limited while a flood of new addresses churns the buckets', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(60, clock, 100);
    for (let request = 0; request < 60; request++) limiter.take('limited');
    let allowed = 0;
    for (let step = 0; step < 1000; step++) {
      limiter.take(`churn-${step}`);
      if (limiter.take('limited') === null) allowed++;
      clock.advance(10);
    }
    // Ten seconds pass: at 60 a minute, about ten more requests, not a fresh burst of 60.
    expect(allowed).toBeLessThanOrEqual(11);
  });
});
