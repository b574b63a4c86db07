import type { AggregatesResult, ContactSummary, MetricName, ResponseBody } from '@touchpoint/core/types';
import { METRICS } from '../metrics.ts';
import { intervalFor } from '../period.ts';
import type { Api } from './client.ts';
import { aggregatesPath, contactPath, responsesPath, withQuery, type Filters } from './paths.ts';
import type { Page, Webhook, WebhookDelivery } from './types.ts';

/** The page size of the export endpoint's JSON pages (its maximum). */
const PAGE_SIZE = 1000;
/** Answers the comment feed reads at most: beyond this, narrowing the filters beats scrolling. */
export const FEED_LIMIT = 20_000;

export type Overview = Record<MetricName, AggregatesResult>;

/** Per metric: the period's figures, the comparison, and a series per touchpoint. */
export async function loadOverview(api: Api, filters: Filters, tz: string, signal: AbortSignal): Promise<Overview> {
  const interval = intervalFor(filters.period);
  const results = await Promise.all(
    METRICS.map((metric) =>
      api.json<AggregatesResult>(aggregatesPath(metric, filters, tz, { interval, groupBy: 'touchpoint' }), { signal }),
    ),
  );
  return { nps: results[0]!, csat: results[1]!, ces: results[2]! };
}

export interface Catalog {
  touchpoints: string[];
  locales: string[];
}

/** Which touchpoints and locales have answers at all, for the filter choices. */
export async function loadCatalog(api: Api, signal: AbortSignal): Promise<Catalog> {
  const keysOf = (groupBy: 'touchpoint' | 'locale') =>
    Promise.all(
      METRICS.map((metric) => api.json<AggregatesResult>(withQuery('/v1/aggregates', { metric, groupBy }), { signal })),
    ).then((results) => {
      const keys = new Set(results.flatMap((result) => (result.groups ?? []).map((group) => group.key)));
      keys.delete(''); // answers without a locale group under ''
      return [...keys].sort((left, right) => left.localeCompare(right));
    });
  const [touchpoints, locales] = await Promise.all([keysOf('touchpoint'), keysOf('locale')]);
  return { touchpoints, locales };
}

export interface AnswerList {
  /** Newest first. */
  answers: ResponseBody[];
  /** True when there were more than FEED_LIMIT answers and the rest were not read. */
  truncated: boolean;
}

/** Follows the export's cursor pages (oldest first) and returns the answers newest first. */
export async function loadAnswers(
  api: Api,
  path: (cursor: string | null) => string,
  signal: AbortSignal,
): Promise<AnswerList> {
  const answers: ResponseBody[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<ResponseBody> = await api.json<Page<ResponseBody>>(path(cursor), { signal });
    answers.push(...page.data);
    cursor = page.nextCursor ?? null;
  } while (cursor && answers.length < FEED_LIMIT);
  answers.sort((left, right) => right.createdAt.localeCompare(left.createdAt) || right.id.localeCompare(left.id));
  return { answers, truncated: cursor !== null };
}

export function loadPeriodAnswers(api: Api, filters: Filters, signal: AbortSignal): Promise<AnswerList> {
  return loadAnswers(api, (cursor) => responsesPath(filters, { limit: PAGE_SIZE, cursor }), signal);
}

export interface ContactLookup {
  /** Null when the contact has no verified answers (the API's 404). */
  summary: ContactSummary | null;
  /** Every answer naming the contact, verified or not, newest first. */
  history: AnswerList;
}

export async function loadContact(api: Api, contactId: string, signal: AbortSignal): Promise<ContactLookup> {
  const [summaryResponse, history] = await Promise.all([
    api.get(contactPath(contactId), { signal, allow: [404] }),
    loadAnswers(api, (cursor) => withQuery('/v1/responses', { contact: contactId, limit: PAGE_SIZE, cursor }), signal),
  ]);
  const summary = summaryResponse.status === 404 ? null : ((await summaryResponse.json()) as ContactSummary);
  return { summary, history };
}

export interface WebhookWithDeliveries {
  webhook: Webhook;
  /** Null when the collector has no delivery log for it. */
  deliveries: WebhookDelivery[] | null;
}

/** Deliveries read per endpoint: the latest few tell whether it is healthy. */
export const RECENT_DELIVERIES = 10;

/** Null when the collector has no webhook endpoints (a 404): they are optional. */
export async function loadWebhooks(api: Api, signal: AbortSignal): Promise<WebhookWithDeliveries[] | null> {
  const response = await api.get('/v1/webhooks', { signal, allow: [404] });
  if (response.status === 404) return null;
  const { data } = (await response.json()) as Page<Webhook>;
  return Promise.all(
    data.map(async (webhook) => {
      const path = `/v1/webhooks/${encodeURIComponent(webhook.id)}/deliveries?limit=${RECENT_DELIVERIES}`;
      const deliveries = await api.get(path, {
        signal,
        allow: [404],
      });
      return {
        webhook,
        deliveries: deliveries.status === 404 ? null : ((await deliveries.json()) as Page<WebhookDelivery>).data,
      };
    }),
  );
}

/**
 * Fetches the CSV with the key in a header and saves it through a Blob link:
 * a plain link would have to carry the key in its URL.
 */
export async function downloadCsv(api: Api, filters: Filters, filename: string): Promise<void> {
  const response = await api.get(responsesPath(filters, { format: 'csv' }), { accept: 'text/csv' });
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once click() returns, but some need a tick before the URL may go.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
