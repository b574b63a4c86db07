import { MS_PER_DAY } from './calendar.ts';

/**
 * Calendar days of an IANA time zone, as "local day numbers" (days since
 * 1970-01-01 on that zone's wall clock), so the UTC calendar helpers apply.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

const isUtc = (timeZone: string) => timeZone === 'UTC' || timeZone === 'Etc/UTC';

/** The zone's offset from UTC at `instant`, in ms (Asia/Bangkok: +7 h). */
export function offsetAt(timeZone: string, instant: number): number {
  if (isUtc(timeZone)) return 0;
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) parts[part.type] = Number(part.value);
  const wallClock = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wallClock - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The local day holding `instant`. */
export function zonedDayOf(timeZone: string, instant: number): number {
  return Math.floor((instant + offsetAt(timeZone, instant)) / MS_PER_DAY);
}

/** The UTC instant at which local day `day` begins (its midnight; later where a DST gap skips midnight). */
export function zonedDayStart(timeZone: string, day: number): number {
  const wallClock = day * MS_PER_DAY;
  let instant = wallClock - offsetAt(timeZone, wallClock);
  // A second pass settles days whose offset differs from the first guess's (DST changes).
  instant = wallClock - offsetAt(timeZone, instant);
  // Where midnight falls in a DST gap, the day begins at the first instant that is that day.
  if (zonedDayOf(timeZone, instant) < day) instant += 3_600_000;
  return instant;
}

/** A zone's offset from one instant (null: from the start) until the next change. */
export interface ZoneOffset {
  from: number | null;
  offsetMs: number;
}

const WEEK_MS = 7 * MS_PER_DAY;

/**
 * The zone's UTC offsets over [start, end), with the instants where they
 * change (daylight saving): sampled weekly, each change then found to the
 * minute by bisection. Zones change offset at most a few times a year.
 */
export function zoneOffsets(timeZone: string, start: number, end: number): ZoneOffset[] {
  const offsets: ZoneOffset[] = [{ from: null, offsetMs: offsetAt(timeZone, start) }];
  if (isUtc(timeZone)) return offsets;
  for (let sample = start; sample < end; sample += WEEK_MS) {
    const next = Math.min(sample + WEEK_MS, end);
    const current = offsets[offsets.length - 1]!.offsetMs;
    const later = offsetAt(timeZone, next);
    if (later === current) continue;
    let low = sample;
    let high = next;
    while (high - low > 60_000) {
      const middle = low + Math.floor((high - low) / 120_000) * 60_000;
      if (offsetAt(timeZone, middle) === current) low = middle;
      else high = middle;
    }
    offsets.push({ from: high, offsetMs: later });
  }
  return offsets;
}
