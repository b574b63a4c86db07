/**
 * When to try a failed delivery again: 5 s, 30 s, 2 min, 10 min, 30 min, 2 h,
 * 8 h, 24 h (about 35 h in all), each ±20% so endpoints recovering from an
 * outage are not hit by every queued delivery in the same second.
 */
export const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 7_200_000, 28_800_000, 86_400_000];

const MAX_RETRY_AFTER_MS = 86_400_000;

/** Seconds or an HTTP date, as Retry-After allows; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * The next attempt's time after `attempts` failed ones, or null to give up.
 * A 429 or 503 with Retry-After waits at least that long (capped at a day).
 */
export function nextAttemptAt(
  attempts: number,
  now: number,
  random: () => number,
  retryAfterMs: number | null = null,
  scale = 1,
): number | null {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  if (delay === undefined) return null;
  const jittered = delay * scale * (0.8 + 0.4 * random());
  return now + Math.round(Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS) * scale));
}
