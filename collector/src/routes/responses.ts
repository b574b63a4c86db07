import { Hono, type Context } from 'hono';
import {
  canonicalLocale,
  LIMITS,
  responseBatchSchema,
  submittedResponseSchema,
  type AcceptedResponses,
  type SubmittedResponse,
  uuidv7,
} from '@touchpoint/core';
import { analyseComment } from '../comment-insight.ts';
import { verifyHmacSha256Hex } from '../crypto.ts';
import { readJson } from '../http/body.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { ApiError, fieldIssues, validationError, type FieldIssue } from '../http/errors.ts';
import type { ResponseRecord, SiteRecord } from '../store/types.ts';

/** Answers time-stamped later than this past the server clock are refused: clocks drift, not by hours. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Nobody answered a web survey before 2000; refusing earlier times keeps rollup day numbers positive. */
const EARLIEST_ANSWER_MS = Date.UTC(2000, 0, 1);

const CORS_HEADERS = {
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, X-Touchpoint-Key',
  'Access-Control-Max-Age': '86400',
};

interface ParsedSubmission {
  key: string | undefined;
  responses: SubmittedResponse[];
  /** Sent as `{ responses: [...] }`: field paths then start with `responses.N`. */
  isBatch: boolean;
}

/** One response, or `{ key?, responses: [...] }`; every item is validated before anything is written. */
function parseSubmission(body: unknown): ParsedSubmission {
  const isBatch = typeof body === 'object' && body !== null && !Array.isArray(body) && 'responses' in body;
  if (!isBatch) {
    const parsed = submittedResponseSchema.safeParse(body);
    if (!parsed.success) throw validationError('response', fieldIssues(parsed.error));
    return { key: parsed.data.key, responses: [parsed.data], isBatch };
  }
  const batch = responseBatchSchema.safeParse(body);
  if (!batch.success) throw validationError('batch', fieldIssues(batch.error));
  const issues: FieldIssue[] = [];
  const responses = batch.data.responses.flatMap((item, index) => {
    const parsed = submittedResponseSchema.safeParse(item);
    if (parsed.success) return [parsed.data];
    issues.push(...fieldIssues(parsed.error, ['responses', index]));
    return [];
  });
  if (issues.length > 0) throw validationError('batch', issues);
  return { key: batch.data.key, responses, isBatch };
}

function writeKeyOf(c: Context, submission: ParsedSubmission): string {
  const keys = new Set<string>();
  const header = c.req.header('x-touchpoint-key');
  // Checked like the body's key: unknown keys are remembered for a while, so their size is bounded.
  if (header && header.length > LIMITS.keyLength)
    throw validationError('request', [{ path: 'key', message: `must be at most ${LIMITS.keyLength} characters` }]);
  if (header) keys.add(header);
  if (submission.key) keys.add(submission.key);
  for (const response of submission.responses) if (response.key) keys.add(response.key);
  if (keys.size === 0) {
    throw new ApiError(
      401,
      'missing_key',
      'Send the site write key as "key" in the body or as the X-Touchpoint-Key header.',
      [{ path: 'key', message: 'is required' }],
    );
  }
  if (keys.size > 1) {
    throw new ApiError(400, 'mixed_keys', 'All responses of one request must use the same write key.', [
      { path: 'key', message: 'differs between responses' },
    ]);
  }
  return [...keys][0]!;
}

/**
 * Browsers may post only from the site's registered origins, or from the
 * collector's own origin (its demo and dashboard pages); server-to-server
 * calls send no Origin.
 */
function assertOriginAllowed(site: SiteRecord, origin: string | undefined, ownOrigin: () => string): void {
  if (origin === undefined || site.origins.includes(origin) || origin === ownOrigin()) return;
  throw new ApiError(
    403,
    'origin_not_allowed',
    `Origin ${origin} is not registered for this site; add it to the site's origins.`,
  );
}

/** When each answer was given, by the server's clock when it does not say; every time out of bounds is named. */
function answerTimes(submission: ParsedSubmission, now: number): number[] {
  const issues: FieldIssue[] = [];
  const times = submission.responses.map((response, index) => {
    const createdAt = response.createdAt ? Date.parse(response.createdAt) : now;
    const path = submission.isBatch ? `responses.${index}.createdAt` : 'createdAt';
    if (createdAt > now + MAX_CLOCK_SKEW_MS) issues.push({ path, message: 'must not be in the future' });
    else if (createdAt < EARLIEST_ANSWER_MS) issues.push({ path, message: 'must not be before 2000' });
    return createdAt;
  });
  if (issues.length > 0) throw validationError(submission.isBatch ? 'batch' : 'response', issues);
  return times;
}

async function toRecord(
  deps: AppDeps,
  site: SiteRecord,
  response: SubmittedResponse,
  createdAt: number,
  now: number,
): Promise<ResponseRecord> {
  const contact = response.contact;
  const comment = response.comment?.trim() || null;
  // The schema has checked the tag; canonical form ("en-gb" → "en-GB") groups answers by locale.
  const locale = response.locale ? canonicalLocale(response.locale) : null;
  const insight = await analyseComment(
    deps.analyser,
    { comment, locale, metric: response.metric, score: response.score },
    (error) => deps.logError(`comment analyser ${deps.analyser.name} failed`, error),
  );
  const verified = contact?.signature
    ? await verifyHmacSha256Hex(site.identitySecret, contact.id, contact.signature)
    : false;
  return {
    siteId: site.id,
    // A UUID's hex digits may come in either case; stored in one, so a retry in the other is still a duplicate.
    id: response.id?.toLowerCase() ?? uuidv7(),
    touchpoint: response.touchpoint,
    metric: response.metric,
    score: response.score,
    comment,
    locale,
    page: response.page ?? null,
    visitorId: response.visitorId ?? null,
    contactId: contact?.id ?? null,
    verified,
    metadata: response.metadata ?? null,
    createdAt,
    receivedAt: now,
    ...insight,
  };
}

/** Validates, analyses and durably stores one submission: what a 202 acknowledges. */
async function acceptResponses(
  c: Context<AppEnv>,
  deps: AppDeps,
  origin: string | undefined,
): Promise<AcceptedResponses> {
  const body = await readJson(c);
  const submission = parseSubmission(body);
  const writeKey = writeKeyOf(c, submission);
  const site = await deps.sites.byWriteKey(writeKey);
  if (!site)
    throw new ApiError(401, 'invalid_key', 'The write key is not valid.', [{ path: 'key', message: 'unknown' }]);
  assertOriginAllowed(site, origin, () => new URL(c.req.url).origin);
  // Counted only once the key and origin are good: posts refused anyway (from a page the site
  // never registered, say) must not use up the allowance of the site's real customers.
  deps.keyRateLimiter.enforce(`write:${writeKey}`, 'write key');
  const now = deps.clock.now();
  const times = answerTimes(submission, now);
  const records = await Promise.all(
    submission.responses.map((response, index) => toRecord(deps, site, response, times[index]!, now)),
  );
  const outcomes = await deps.store.insertResponses(records);
  if (outcomes.includes('created')) deps.afterWrite(c);
  return { results: records.map((record, index) => ({ id: record.id, status: outcomes[index]! })) };
}

/** CORS headers of every answer to a browser's POST /v1/responses. */
function answerCorsHeaders(origin: string | undefined, refused = false): Record<string, string> {
  if (!origin) return { Vary: 'Origin' };
  const headers: Record<string, string> = { Vary: 'Origin', 'Access-Control-Allow-Origin': origin };
  if (refused) headers['Access-Control-Expose-Headers'] = 'Retry-After';
  return headers;
}

/**
 * What the app's error handler adds to a refusal, whichever check refused (the body limit,
 * either rate limit, validation): for a POST /v1/responses, the CORS headers, so the page
 * that sent it can read why and when to retry; nothing for other requests.
 */
export function refusalCorsHeaders(c: Context): Record<string, string> {
  return c.req.method === 'POST' && c.req.path === '/v1/responses'
    ? answerCorsHeaders(c.req.header('origin'), true)
    : {};
}

export function responseRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .options('/v1/responses', (c) => {
      // The preflight carries no key, so it cannot be checked against a site
      // here; the POST itself is refused when its Origin is not registered.
      const headers = { ...answerCorsHeaders(c.req.header('origin')), ...CORS_HEADERS };
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
      return c.body(null, 204);
    })
    .post('/v1/responses', async (c) => {
      const origin = c.req.header('origin');
      const accepted = await acceptResponses(c, deps, origin);
      // Headers as a plain object: the Node adapter writes them as they are, where
      // c.header() would build a Fetch Headers first (about 1% of an answer's CPU).
      return new Response(JSON.stringify(accepted), {
        status: 202,
        headers: { 'Content-Type': 'application/json', ...answerCorsHeaders(origin) },
      });
    });
}
