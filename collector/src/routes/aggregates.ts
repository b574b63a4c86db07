import { Hono } from 'hono';
import { z } from 'zod';
import { AGGREGATE_METRICS, GROUP_BYS, INTERVALS, touchpointNameSchema } from '@touchpoint/core';
import { zonedBuckets, type Buckets } from '../aggregates/buckets.ts';
import { buildAggregates } from '../aggregates/build.ts';
import { MS_PER_DAY } from '../aggregates/calendar.ts';
import { zonedDayOf, zonedDayStart, zoneOffsets } from '../aggregates/zoned.ts';
import { requireSecretKey } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { ApiError, fieldIssues, validationError } from '../http/errors.ts';
import { dateToDay, instantSchema, isDateOnly, queryInput, timeRange, timeZoneSchema } from '../http/query.ts';
import type { ScoreCountQuery } from '../store/types.ts';

/** A series longer than this is refused: ask for a coarser interval or a shorter range. */
const MAX_BUCKETS = 1000;

/** Fewest days a bucket of each interval holds, to bound a series before building it. */
const MIN_DAYS_PER_BUCKET = { day: 1, week: 7, month: 28 } as const;

export const aggregateQuerySchema = z.strictObject({
  metric: z.enum(AGGREGATE_METRICS, 'must be one of "nps", "csat", "ces", "sentiment"'),
  touchpoint: z.array(touchpointNameSchema).max(100).optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  interval: z.enum(INTERVALS, 'must be one of "day", "week", "month"').optional(),
  tz: timeZoneSchema.optional(),
  groupBy: z.enum(GROUP_BYS, `must be one of ${GROUP_BYS.map((name) => `"${name}"`).join(', ')}`).optional(),
});

type AggregateQuery = z.infer<typeof aggregateQuerySchema>;

/**
 * The period just before [from, to) and as long: whole calendar days when both
 * bounds are dates (so DST does not shift it), else the same number of ms.
 */
function previousPeriod(query: AggregateQuery, from: number, to: number, tz: string): { from: number; to: number } {
  if (query.from && query.to && isDateOnly(query.from) && isDateOnly(query.to)) {
    const days = dateToDay(query.to) + 1 - dateToDay(query.from);
    return { from: zonedDayStart(tz, dateToDay(query.from) - days), to: from };
  }
  return { from: from - (to - from), to: from };
}

export function aggregateRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/v1/aggregates', requireSecretKey(deps), async (c) => {
    const parsed = aggregateQuerySchema.safeParse(queryInput(c.req.queries()));
    if (!parsed.success) throw validationError('query', fieldIssues(parsed.error));
    const query = parsed.data;
    const tz = query.tz ?? 'UTC';
    const { from, to } = timeRange(query.from, query.to, (day) => zonedDayStart(tz, day));
    const siteId = c.var.site.id;
    const base: ScoreCountQuery = {
      siteId,
      metric: query.metric,
      touchpoints: query.touchpoint?.length ? query.touchpoint : undefined,
      from,
      to,
      groupBy: query.groupBy,
    };

    let buckets: Buckets | undefined;
    if (query.interval) {
      const lastDay = zonedDayOf(tz, (to ?? deps.clock.now()) - 1);
      let firstDay = lastDay;
      if (from !== undefined) firstDay = zonedDayOf(tz, from);
      else {
        const firstUtcDay = await deps.store.firstDayWithAnswers(siteId, query.metric);
        if (firstUtcDay !== null) firstDay = Math.min(lastDay, zonedDayOf(tz, firstUtcDay * MS_PER_DAY));
      }
      if ((lastDay - firstDay) / MIN_DAYS_PER_BUCKET[query.interval] >= MAX_BUCKETS) {
        throw new ApiError(
          400,
          'range_too_long',
          `A series has at most ${MAX_BUCKETS} buckets; use a coarser interval or a shorter range.`,
          [{ path: 'interval', message: `too fine for this range (over ${MAX_BUCKETS} buckets)` }],
        );
      }
      buckets = zonedBuckets(tz, firstDay, lastDay, query.interval);
    }
    const dayOffsets = buckets
      ? zoneOffsets(tz, buckets.boundaries[0]!, buckets.boundaries[buckets.boundaries.length - 1]!)
      : undefined;

    const periodEnd = to ?? deps.clock.now();
    // A period that has not begun (from in the future) has no length to compare with.
    const previous = from === undefined || from >= periodEnd ? null : previousPeriod(query, from, periodEnd, tz);
    const [rows, previousRows] = await Promise.all([
      deps.store.scoreCounts({ ...base, dayOffsets }),
      previous ? deps.store.scoreCounts({ ...base, ...previous }) : Promise.resolve(null),
    ]);
    return c.json(
      buildAggregates(rows, previousRows, {
        metric: query.metric,
        touchpoints: base.touchpoints ?? null,
        from: query.from ?? null,
        to: query.to ?? null,
        interval: query.interval ?? null,
        groupBy: query.groupBy ?? null,
        tz,
        buckets,
        previous: previous && {
          from: new Date(previous.from).toISOString(),
          to: new Date(previous.to).toISOString(),
        },
      }),
    );
  });
}
