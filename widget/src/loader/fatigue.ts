import { load, save } from './storage.ts';

const ASKED_KEY = 'touchpoint:asked';
const DAY_MS = 864e5;
/** Survey fatigue default: a visitor is asked about one touchpoint at most once a month. */
export const DEFAULT_THROTTLE_DAYS = 30;

/** When this browser was last asked about each touchpoint, in ms since the epoch. */
type AskedAt = Record<string, number>;

/** True while `touchpoint` was shown here less than `days` ago, answered or dismissed alike. */
export function isThrottled(touchpoint: string, days: number): boolean {
  return Date.now() - (load<AskedAt>(ASKED_KEY, {})[touchpoint] ?? 0) < days * DAY_MS;
}

/** Called when a question shows, so a dismissal counts as much as an answer. */
export function rememberAsked(touchpoint: string): void {
  save(ASKED_KEY, { ...load<AskedAt>(ASKED_KEY, {}), [touchpoint]: Date.now() });
}
