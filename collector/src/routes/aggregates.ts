import { Hono } from 'hono';
import { z } from 'zod';
import { GROUP_BYS, INTERVALS, metricSchema, touchpointNameSchema } from '@touchpoint/core';
import { buildAggregates } from '../aggregates/build.ts';
import { dayOf, MS_PER_DAY } from '../aggregates/calendar.ts';
import { requireSecretKey } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { ApiError, fieldIssues, validationError } from '../http/errors.ts';

/** A day-interval series longer than this is refused: ask for weeks or months instead. */
const MAX_BUCKETS = 1000;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` (a whole UTC day) or an ISO 8601 date-time. */
const instantSchema = z
  .string()
  .refine(
    (value) =>
      (DATE_ONLY.test(value) || z.iso.datetime({ offset: true }).safeParse(value).success) &&
      !Number.isNaN(Date.parse(value)),
    'must be a date (YYYY-MM-DD) or an ISO 8601 date-time',
  );

const aggregateQuerySchema = z.strictObject({
  metric: metricSchema,
  touchpoint: z.array(touchpointNameSchema).max(100).optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  interval: z.enum(INTERVALS, 'must be one of "day", "week", "month"').optional(),
  groupBy: z.enum(GROUP_BYS, `must be one of ${GROUP_BYS.map((name) => `"${name}"`).join(', ')}`).optional(),
});

/** Query parameters as zod input: `touchpoint` may repeat or hold a comma-separated list; others must appear once. */
function queryInput(queries: Record<string, string[]>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(queries)) {
    if (name === 'touchpoint') {
      input[name] = values.flatMap((value) => value.split(',')).filter((value) => value !== '');
    } else if (values.length > 1) {
      throw validationError('query', [{ path: name, message: 'must be given once' }]);
    } else {
      input[name] = values[0];
    }
  }
  return input;
}

/** `to` given as a date covers that whole day. */
function upperBound(to: string): number {
  return DATE_ONLY.test(to) ? Date.parse(to) + MS_PER_DAY : Date.parse(to);
}

export function aggregateRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/v1/aggregates', requireSecretKey(deps), async (c) => {
    const parsed = aggregateQuerySchema.safeParse(queryInput(c.req.queries()));
    if (!parsed.success) throw validationError('query', fieldIssues(parsed.error));
    const query = parsed.data;
    const from = query.from === undefined ? undefined : Date.parse(query.from);
    const to = query.to === undefined ? undefined : upperBound(query.to);
    if (from !== undefined && to !== undefined && from >= to) {
      throw validationError('query', [{ path: 'to', message: 'must be after from' }]);
    }
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
