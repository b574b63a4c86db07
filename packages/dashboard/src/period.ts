import type { Interval } from '@touchpoint/core/types';

export type PresetDays = 7 | 30 | 90;
export const PRESETS: readonly PresetDays[] = [7, 30, 90];

/** A range of whole calendar days in the browser's time zone, both ends included. */
export interface Period {
  preset: PresetDays | 'custom';
  /** `YYYY-MM-DD`. */
  from: string;
  to: string;
}

const MS_PER_DAY = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The zone the API buckets days in (`tz=`); UTC when the browser will not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const pad = (value: number) => String(value).padStart(2, '0');

/** Today's date where the browser is. */
export function today(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Calendar arithmetic on `YYYY-MM-DD`, done in UTC where every day has 24 hours. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** How many days the period covers, both ends included. */
export function periodDays(period: Pick<Period, 'from' | 'to'>): number {
  return Math.round((Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / MS_PER_DAY) + 1;
}

export function presetPeriod(days: PresetDays, now = new Date()): Period {
  const to = today(now);
  return { preset: days, from: addDays(to, 1 - days), to };
}

/** Daily points up to a month, weekly up to a quarter, monthly beyond: 7 to 31 points for the presets. */
export function intervalFor(period: Pick<Period, 'from' | 'to'>): Interval {
  const days = periodDays(period);
  if (days <= 31) return 'day';
  return days <= 92 ? 'week' : 'month';
}

/** The instant a calendar day starts in the browser's zone, for endpoints that take no `tz=`. */
export function localDayStart(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date).toISOString();
}

/** [from, to) as instants: the export endpoint reads a bare date as a UTC day, the dashboard means a local one. */
export function periodInstants(period: Pick<Period, 'from' | 'to'>): { from: string; to: string } {
  return { from: localDayStart(period.from), to: localDayStart(addDays(period.to, 1)) };
}

/** Why a custom range cannot be used, in words; null when it can. */
export function customPeriodProblem(from: string, to: string, now = new Date()): string | null {
  if (!DAY.test(from) || !DAY.test(to)) return 'Choose both a start and an end date.';
  if (from < '2000-01-01') return 'The start must be in the year 2000 or later.';
  if (from > to) return 'The start date must be on or before the end date.';
  if (to > today(now)) return 'The end date cannot be after today.';
  return null;
}

/** "the previous 30 days": the API compares against a period as long, just before. */
export function previousPeriodLabel(period: Pick<Period, 'from' | 'to'>): string {
  const days = periodDays(period);
  return days === 1 ? 'the day before' : `the previous ${days} days`;
}
