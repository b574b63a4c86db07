import type { Interval, MetricName } from '@touchpoint/core/types';

/** Decimals shown per metric: NPS is read in whole points, CSAT in tenths of a percent, CES on a 1–7 scale. */
const VALUE_DECIMALS: Record<MetricName, number> = { nps: 0, csat: 1, ces: 2 };
const CHANGE_DECIMALS: Record<MetricName, number> = { nps: 1, csat: 1, ces: 2 };
const POINTS: Record<MetricName, string> = { nps: ' pts', csat: ' pts', ces: '' };

const EMPTY = '—';

function numberFormat(decimals: number, signed = false): Intl.NumberFormat {
  return new Intl.NumberFormat(undefined, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    signDisplay: signed ? 'exceptZero' : 'auto',
  });
}

/** The headline figure: NPS signed ("+42"), CSAT as a percentage ("86.4%"), CES as a mean ("5.42"). */
export function formatValue(metric: MetricName, value: number | null): string {
  if (value === null) return EMPTY;
  const text = numberFormat(VALUE_DECIMALS[metric], metric === 'nps').format(value);
  return metric === 'csat' ? `${text}%` : text;
}

/** A mean score on its scale, e.g. CSAT "4.21" out of 5. */
export function formatMean(mean: number | null): string {
  return mean === null ? EMPTY : numberFormat(2).format(mean);
}

export function formatMargin(metric: MetricName, margin: number | null): string | null {
  if (margin === null) return null;
  return `± ${numberFormat(CHANGE_DECIMALS[metric]).format(margin)}${POINTS[metric]}`;
}

export function formatChange(metric: MetricName, change: number): string {
  return numberFormat(CHANGE_DECIMALS[metric], true).format(change) + POINTS[metric];
}

export function formatCount(count: number): string {
  return numberFormat(0).format(count);
}

export function formatShare(part: number, whole: number): string {
  return whole === 0 ? EMPTY : `${numberFormat(0).format((100 * part) / whole)}%`;
}

/** A `YYYY-MM-DD` label as a calendar date: read and written in UTC so no zone shifts it a day. */
function calendarDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

const SHORT_DAY = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const MONTH = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const LONG_DAY = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** Axis label of a bucket. */
export function formatBucket(start: string, interval: Interval): string {
  return (interval === 'month' ? MONTH : SHORT_DAY).format(calendarDate(start));
}

/** A bucket in words, for tooltips and data tables: "12 Mar 2026", "week of 9 Mar 2026", "Mar 2026". */
export function describeBucket(start: string, interval: Interval): string {
  if (interval === 'month') return MONTH.format(calendarDate(start));
  const day = LONG_DAY.format(calendarDate(start));
  return interval === 'week' ? `week of ${day}` : day;
}

export function formatDay(day: string): string {
  return LONG_DAY.format(calendarDate(day));
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An instant in the browser's time zone. */
export function formatDateTime(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}

const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 1],
  ['minute', 60],
  ['hour', 3600],
  ['day', 86_400],
  ['week', 604_800],
];

/** "5 minutes ago", "yesterday", "3 weeks ago"; beyond five weeks the date itself reads better. */
export function formatAgo(iso: string, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  const elapsed = Math.abs(seconds);
  if (elapsed < 45) return 'just now';
  if (elapsed >= 5 * 604_800) return DATE.format(new Date(iso));
  let [unit, size] = UNITS[0]!;
  for (const step of UNITS) if (elapsed >= step[1]) [unit, size] = step;
  return RELATIVE.format(Math.round(seconds / size), unit);
}
