import { Hono } from 'hono';
import { z } from 'zod';
import { GROUP_BYS, INTERVALS, metricSchema, touchpointNameSchema } from '@touchpoint/core';
import { buildAggregates } from '../aggregates/build.ts';
import { dayOf } from '../aggregates/calendar.ts';
import { requireSecretKey } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { ApiError, fieldIssues, validationError } from '../http/errors.ts';
import { instantSchema, queryInput, timeRange } from '../http/query.ts';

/** A day-interval series longer than this is refused: ask for weeks or months instead. */
const MAX_BUCKETS = 1000;

export const aggregateQuerySchema = z.strictObject({
  metric: metricSchema,
  touchpoint: z.array(touchpointNameSchema).max(100).optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  interval: z.enum(INTERVALS, 'must be one of "day", "week", "month"').optional(),
  groupBy: z.enum(GROUP_BYS, `must be one of ${GROUP_BYS.map((name) => `"${name}"`).join(', ')}`).optional(),
});

export function aggregateRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/v1/aggregates', requireSecretKey(deps), async (c) => {
    const parsed = aggregateQuerySchema.safeParse(queryInput(c.req.queries()));
    if (!parsed.success) throw validationError('query', fieldIssues(parsed.error));
    const query = parsed.data;
    const { from, to } = timeRange(query.from, query.to);
    const touchpoints = query.touchpoint?.length ? query.touchpoint : undefined;
    const rows = await deps.store.scoreCounts({
      siteId: c.var.site.id,
      metric: query.metric,
      touchpoints,
      from,
      to,
      byDay: query.interval !== undefined,
      groupBy: query.groupBy,
    });
    let firstDay: number | undefined;
    let lastDay: number | undefined;
    if (query.interval) {
      lastDay = to === undefined ? dayOf(deps.clock.now()) : dayOf(to - 1);
      firstDay = from === undefined ? rows.reduce((first, row) => Math.min(first, row.day!), lastDay) : dayOf(from);
      if (query.interval === 'day' && lastDay - firstDay >= MAX_BUCKETS) {
        throw new ApiError(
          400,
          'range_too_long',
          `interval=day covers at most ${MAX_BUCKETS} days; use week or month.`,
          [{ path: 'interval', message: 'too fine for this range' }],
        );
      }
    }
    return c.json(
      buildAggregates(rows, {
        metric: query.metric,
        touchpoints: touchpoints ?? null,
        from: query.from ?? null,
        to: query.to ?? null,
        interval: query.interval ?? null,
        groupBy: query.groupBy ?? null,
        firstDay,
        lastDay,
      }),
    );
  });
}
