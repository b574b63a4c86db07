import { describe, expect, it } from 'vitest';
import { nextAttemptAt, parseRetryAfter, RETRY_DELAYS_MS } from './backoff.ts';

describe('retry schedule', () => {
  it('grows from 5 s to 24 h over 8 retries, then gives up', () => {
    const middle = () => 0.5; // no jitter
    expect(RETRY_DELAYS_MS.map((_, index) => nextAttemptAt(index + 1, 0, middle))).toEqual(RETRY_DELAYS_MS);
    expect(nextAttemptAt(RETRY_DELAYS_MS.length + 1, 0, middle)).toBeNull();
  });

  it('jitters each delay within ±20%', () => {
    expect(nextAttemptAt(1, 0, () => 0)).toBe(4_000);
    expect(nextAttemptAt(1, 0, () => 0.999999)).toBe(6_000);
  });

  it('waits at least as long as Retry-After asks, up to a day', () => {
    expect(nextAttemptAt(1, 0, () => 0.5, 120_000)).toBe(120_000);
    expect(nextAttemptAt(1, 0, () => 0.5, 7 * 86_400_000)).toBe(86_400_000);
    expect(parseRetryAfter('30', 0)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT'))).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });
});
