/**
 * Whether this visitor is in the `rate` share (0–1) of visitors asked about
 * `touchpoint`. A hash rather than Math.random(): the same visitor gets the
 * same answer on every page view, so a reload cannot re-roll the dice.
 */
export function isSampledIn(visitorId: string, touchpoint: string, rate: number): boolean {
  // FNV-1a, 32 bits: tiny, and spreads similar ids well enough for a percentage.
  let hash = 0x811c9dc5;
  for (const char of `${visitorId}|${touchpoint}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x1000193);
  return (hash >>> 0) / 2 ** 32 < rate;
}
