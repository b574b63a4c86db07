import type { GroupBy, Interval, MetricName } from '@touchpoint/core/types';
import { periodInstants, type Period } from '../period.ts';

/** What the filter bar selects; the whole view reads from it. */
export interface Filters {
  period: Period;
  /** Empty means every touchpoint. */
  touchpoints: string[];
  /** Narrows the comment feed only: the API does not split aggregates by locale. */
  locale: string | null;
}

type Params = Record<string, string | number | readonly string[] | null | undefined>;

/** A query string; lists go comma-separated, which the API accepts for `touchpoint`. */
export function withQuery(path: string, params: Params): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') {
      if (value.length > 0) search.set(name, value.join(','));
    } else search.set(name, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

export interface AggregateOptions {
  interval?: Interval;
  groupBy?: GroupBy;
}

/** Aggregates over the period's calendar days in `tz`, compared with the period before. */
export function aggregatesPath(
  metric: MetricName,
  filters: Filters,
  tz: string,
  options: AggregateOptions = {},
): string {
  return withQuery('/v1/aggregates', {
    metric,
    from: filters.period.from,
    to: filters.period.to,
    tz,
    touchpoint: filters.touchpoints,
    interval: options.interval,
    groupBy: options.groupBy,
  });
}

export interface ResponsesOptions {
  limit?: number;
  cursor?: string | null;
  format?: 'json' | 'csv';
}

/** The export endpoint takes no `tz`, so the period goes as the instants its local days start and end. */
export function responsesPath(
  filters: Pick<Filters, 'period' | 'touchpoints'>,
  options: ResponsesOptions = {},
): string {
  const { from, to } = periodInstants(filters.period);
  return withQuery('/v1/responses', {
    from,
    to,
    touchpoint: filters.touchpoints,
    limit: options.limit,
    cursor: options.cursor,
    format: options.format,
    // Newest first, so a feed cut at its limit loses the oldest answers, not the latest.
    order: options.format === 'csv' ? undefined : 'desc',
  });
}

export function contactPath(contactId: string): string {
  return `/v1/contacts/${encodeURIComponent(contactId)}`;
}
