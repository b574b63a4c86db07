import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { metricSchema, touchpointNameSchema, LIMITS } from '@touchpoint/core';
import { csvHeader, csvRow } from '../export/csv.ts';
import { cursorAfter, placeOfCursor } from '../export/cursor.ts';
import { presentResponse } from '../export/present.ts';
import { requireSecretKey } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { fieldIssues, validationError } from '../http/errors.ts';
import { instantSchema, queryInput, timeRange } from '../http/query.ts';
import type { ResponseListQuery, Store, StoredResponse } from '../store/types.ts';

/** Rows read from the store per step of a streamed export: memory stays flat whatever the total. */
const STREAM_CHUNK = 1000;
const JSON_PAGE = { default: 100, max: 1000 };
const STREAM_PAGE_MAX = 1_000_000;

type ExportFormat = 'json' | 'ndjson' | 'csv';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export const exportQuerySchema = z.strictObject({
  metric: metricSchema.optional(),
  touchpoint: z.array(touchpointNameSchema).max(100).optional(),
  contact: z.string().min(1).max(LIMITS.contactIdLength).optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number('must be a number').int('must be an integer').min(1).max(STREAM_PAGE_MAX).optional(),
  format: z.enum(['json', 'ndjson', 'csv'], 'must be one of "json", "ndjson", "csv"').optional(),
  order: z.enum(['asc', 'desc'], 'must be "asc" (oldest first) or "desc" (newest first)').optional(),
  hasComment: z
    .enum(['true', 'false'], 'must be true or false')
    .optional()
    .describe('true: only answers with a comment; false: only answers without one'),
});

/** `format` wins; otherwise the Accept header picks NDJSON or CSV; JSON by default. */
function negotiate(c: Context, format: ExportFormat | undefined): ExportFormat {
  if (format) return format;
  const accept = c.req.header('accept') ?? '';
  if (/application\/(x-)?ndjson|application\/jsonl/i.test(accept)) return 'ndjson';
  if (/text\/csv/i.test(accept)) return 'csv';
  return 'json';
}

/** The last row of the page that starts after `base.afterSeq`, when more rows follow it. */
async function pageEnd(store: Store, base: ResponseListQuery, limit: number): Promise<StoredResponse | null> {
  const [last, next] = await store.listResponses({ ...base, limit: 2, offset: limit - 1 });
  return last && next ? last : null;
}

/**
 * Streams rows chunk by chunk, keyset-paged on seq, stopping at `lastSeq` when a page end is
 * known: should answers of the page be erased while it streams, rows past its end (which the
 * next page, starting after `lastSeq`, will list) must not fill the gap.
 */
export function streamRows(
  store: Store,
  base: ResponseListQuery,
  rowLimit: number,
  lastSeq: number | null,
  render: (row: StoredResponse) => string,
  header: string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pastEnd = (seq: number) => lastSeq !== null && (base.order === 'desc' ? seq < lastSeq : seq > lastSeq);
  let afterSeq = base.afterSeq;
  let remaining = rowLimit;
  let headerSent = false;
  return new ReadableStream({
    async pull(controller) {
      if (!headerSent && header) controller.enqueue(encoder.encode(header));
      headerSent = true;
      if (remaining <= 0) return controller.close();
      const fetched = await store.listResponses({ ...base, afterSeq, limit: Math.min(STREAM_CHUNK, remaining) });
      const end = fetched.findIndex((row) => pastEnd(row.seq));
      const rows = end === -1 ? fetched : fetched.slice(0, end);
      if (rows.length === 0) return controller.close();
      remaining = end === -1 ? remaining - rows.length : 0;
      afterSeq = rows[rows.length - 1]!.seq;
      controller.enqueue(encoder.encode(rows.map(render).join('')));
    },
  });
}

export function exportRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/v1/responses', requireSecretKey(deps), async (c) => {
    const parsed = exportQuerySchema.safeParse(queryInput(c.req.queries()));
    if (!parsed.success) throw validationError('query', fieldIssues(parsed.error));
    const query = parsed.data;
    const { from, to } = timeRange(query.from, query.to);
    const site = c.var.site;
    const base: ResponseListQuery = {
      siteId: site.id,
      metric: query.metric,
      touchpoints: query.touchpoint?.length ? query.touchpoint : undefined,
      contactId: query.contact,
      from,
      to,
      afterSeq: query.cursor === undefined ? undefined : await placeOfCursor(deps.store, site.id, query.cursor),
      order: query.order,
      hasComment: query.hasComment === undefined ? undefined : query.hasComment === 'true',
      limit: 0,
    };
    const format = negotiate(c, query.format);
    c.header('Vary', 'Accept');
    c.header('Cache-Control', 'no-store');

    if (format === 'json') {
      const limit = Math.min(query.limit ?? JSON_PAGE.default, JSON_PAGE.max);
      const rows = await deps.store.listResponses({ ...base, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const nextCursor = rows.length > limit ? cursorAfter(page[page.length - 1]!) : null;
      if (nextCursor) c.header('Link', `<${nextUrl(c.req.url, nextCursor)}>; rel="next"`);
      return c.json({ data: page.map(presentResponse), nextCursor });
    }

    // A streamed page: its end is found before the first byte goes out, so the
    // next cursor can travel in a header. Without a limit, everything streams.
    let rowLimit = Number.MAX_SAFE_INTEGER;
    let lastSeq: number | null = null;
    if (query.limit !== undefined) {
      rowLimit = query.limit;
      const last = await pageEnd(deps.store, base, query.limit);
      if (last !== null) {
        lastSeq = last.seq;
        const nextCursor = cursorAfter(last);
        c.header('X-Next-Cursor', nextCursor);
        c.header('Link', `<${nextUrl(c.req.url, nextCursor)}>; rel="next"`);
      }
    }
    const render =
      format === 'csv'
        ? (row: StoredResponse) => csvRow(presentResponse(row))
        : (row: StoredResponse) => JSON.stringify(presentResponse(row)) + '\n';
    if (format === 'csv') c.header('Content-Disposition', 'attachment; filename="touchpoint-responses.csv"');
    c.header('Content-Type', CONTENT_TYPES[format]);
    return c.body(streamRows(deps.store, base, rowLimit, lastSeq, render, format === 'csv' ? csvHeader() : ''));
  });
}

function nextUrl(requestUrl: string, cursor: string): string {
  const url = new URL(requestUrl);
  url.searchParams.set('cursor', cursor);
  return url.pathname + url.search;
}
