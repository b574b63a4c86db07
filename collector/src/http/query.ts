import { z } from 'zod';
import { isTimeZone } from '../aggregates/zoned.ts';
import { validationError } from './errors.ts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

/** A real calendar date: Date.parse would roll 2026-02-30 over to 2 March. */
function isCalendarDate(value: string): boolean {
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** `YYYY-MM-DD` (a whole calendar day) or an ISO 8601 date-time, from the year 2000 on. */
export const instantSchema = z
  .string()
  .refine(
    (value) =>
      (DATE_ONLY.test(value) ? isCalendarDate(value) : z.iso.datetime({ offset: true }).safeParse(value).success) &&
      Date.parse(value) >= Date.UTC(2000, 0, 1) &&
      Date.parse(value) < Date.UTC(2200, 0, 1),
    'must be a date (YYYY-MM-DD) or an ISO 8601 date-time between 2000 and 2199',
  );

/** An IANA time zone name, for `tz`. */
export const timeZoneSchema = z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as "Asia/Bangkok"');

/** Query parameters as zod input: list parameters may repeat or hold a comma-separated list; others must appear once. */
export function queryInput(
  queries: Record<string, string[]>,
  listNames: string[] = ['touchpoint'],
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(queries)) {
    // Assigning "__proto__" would set the prototype and vanish: name it as unknown instead.
    if (name === '__proto__') throw validationError('query', [{ path: name, message: 'is not a known field' }]);
    if (listNames.includes(name)) {
      input[name] = values.flatMap((value) => value.split(',')).filter((value) => value !== '');
    } else if (values.length > 1) {
      throw validationError('query', [{ path: name, message: 'must be given once' }]);
    } else {
      input[name] = values[0];
    }
  }
  return input;
}

export interface TimeRange {
  from?: number;
  to?: number;
}

export const isDateOnly = (value: string) => DATE_ONLY.test(value);

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export const dateToDay = (value: string) => Date.parse(value) / MS_PER_DAY;

/**
 * Epoch-ms bounds: `from` inclusive, `to` exclusive. A date is a calendar day
 * of `dayStart`'s zone (UTC by default), and a `to` date covers that whole day.
 */
export function timeRange(
  from: string | undefined,
  to: string | undefined,
  dayStart: (day: number) => number = (day) => day * MS_PER_DAY,
): TimeRange {
  const range: TimeRange = {
    from: from === undefined ? undefined : isDateOnly(from) ? dayStart(dateToDay(from)) : Date.parse(from),
    to: to === undefined ? undefined : isDateOnly(to) ? dayStart(dateToDay(to) + 1) : Date.parse(to),
  };
  if (range.from !== undefined && range.to !== undefined && range.from >= range.to) {
    throw validationError('query', [{ path: 'to', message: 'must be after from' }]);
  }
  return range;
}
