import { Hono } from 'hono';
import { z } from 'zod';
import { metricSchema, touchpointNameSchema } from '@touchpoint/core';
import { zonedDayStart } from '../aggregates/zoned.ts';
import { requireSecretKey } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { fieldIssues, validationError } from '../http/errors.ts';
import { instantSchema, queryInput, timeRange, timeZoneSchema } from '../http/query.ts';
import type { TermCountRow } from '../store/types.ts';

export const termsQuerySchema = z.strictObject({
  metric: metricSchema.optional(),
  touchpoint: z.array(touchpointNameSchema).max(100).optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  tz: timeZoneSchema.optional(),
  limit: z.coerce.number('must be a number').int('must be an integer').min(1).max(100).optional(),
});

const SEGMENTS = ['promoters', 'passives', 'detractors'] as const;
type Segments = Record<(typeof SEGMENTS)[number], Array<{ term: string; count: number }>>;

function topTerms(rows: TermCountRow[], limit: number): Segments {
  const counts = Object.fromEntries(SEGMENTS.map((segment) => [segment, new Map<string, number>()])) as Record<
    (typeof SEGMENTS)[number],
    Map<string, number>
  >;
  for (const row of rows) counts[row.segment].set(row.term, (counts[row.segment].get(row.term) ?? 0) + row.count);
  return Object.fromEntries(
    SEGMENTS.map((segment) => [
      segment,
      [...counts[segment].entries()]
        .map(([term, count]) => ({ term, count }))
        .sort((a, b) => b.count - a.count || a.term.localeCompare(b.term))
        .slice(0, limit),
    ]),
  ) as Segments;
}

export function insightRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/v1/insights/terms', requireSecretKey(deps), async (c) => {
    const parsed = termsQuerySchema.safeParse(queryInput(c.req.queries()));
    if (!parsed.success) throw validationError('query', fieldIssues(parsed.error));
    const query = parsed.data;
    const tz = query.tz ?? 'UTC';
    const { from, to } = timeRange(query.from, query.to, (day) => zonedDayStart(tz, day));
    const rows = await deps.store.termCounts({
      siteId: c.var.site.id,
      metric: query.metric,
      touchpoints: query.touchpoint?.length ? query.touchpoint : undefined,
      from,
      to,
    });
    const limit = query.limit ?? 10;
    const byTouchpoint = new Map<string, TermCountRow[]>();
    for (const row of rows) {
      const touchpointRows = byTouchpoint.get(row.touchpoint);
      if (touchpointRows) touchpointRows.push(row);
      else byTouchpoint.set(row.touchpoint, [row]);
    }
    return c.json({
      metric: query.metric ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      tz,
      overall: topTerms(rows, limit),
      touchpoints: [...byTouchpoint.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([touchpoint, touchpointRows]) => ({ touchpoint, ...topTerms(touchpointRows, limit) })),
    });
  });
}
