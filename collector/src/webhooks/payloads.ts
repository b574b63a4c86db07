import { METRIC_NAMES, type MetricName } from '@touchpoint/core';
import { aggregateOf } from '../aggregates/build.ts';
import type { Aggregate, ContactSummary, ResponseBody } from '@touchpoint/core/types';
import { summarizeContact } from '../contacts/summary.ts';
import { presentResponse } from '../export/present.ts';
import type { DigestInterval, DeliveryRecord, WebhookEvent } from '../store/webhook-types.ts';
import type { StoredResponse, Store } from '../store/types.ts';

/** The envelope of every delivery, as Standard Webhooks suggests: type, timestamp, data. */
export interface WebhookBody<Data = unknown> {
  type: WebhookEvent;
  timestamp: string;
  data: Data;
}

/**
 * A contact's summary flattened into the fields a CRM maps onto a contact
 * record (HubSpot, Salesforce…), with the full summary's parts beside them.
 */
export interface ContactFields {
  contactId: string;
  latestNps: number | null;
  npsCategory: ContactSummary['npsCategory'];
  npsMean: number | null;
  latestCsat: number | null;
  csatMean: number | null;
  latestCes: number | null;
  cesMean: number | null;
  lastComment: string | null;
  lastTouchpoint: string;
  responses: number;
  firstSeen: string;
  lastSeen: string;
  metrics: ContactSummary['metrics'];
  touchpoints: ContactSummary['touchpoints'];
}

export function contactFields(summary: ContactSummary): ContactFields {
  const lastTouchpoint = Object.entries(summary.touchpoints).sort(([, a], [, b]) => b.at.localeCompare(a.at))[0]![0];
  return {
    contactId: summary.contactId,
    latestNps: summary.metrics.nps?.latest.score ?? null,
    npsCategory: summary.npsCategory,
    npsMean: summary.metrics.nps?.mean ?? null,
    latestCsat: summary.metrics.csat?.latest.score ?? null,
    csatMean: summary.metrics.csat?.mean ?? null,
    latestCes: summary.metrics.ces?.latest.score ?? null,
    cesMean: summary.metrics.ces?.mean ?? null,
    lastComment: summary.lastComment?.text ?? null,
    lastTouchpoint,
    responses: summary.responses,
    firstSeen: summary.firstSeen,
    lastSeen: summary.lastSeen,
    metrics: summary.metrics,
    touchpoints: summary.touchpoints,
  };
}

const DETRACTOR_LIMITS: Record<MetricName, number> = { nps: 6, csat: 2, ces: 3 };

/** Why an answer raised `response.detractor`: a low score, or a comment that contradicts a good one. */
function detractorReason(response: StoredResponse): string {
  const score = `${response.metric.toUpperCase()} ${response.score}`;
  if (response.score <= DETRACTOR_LIMITS[response.metric])
    return `${score} is at most ${DETRACTOR_LIMITS[response.metric]}`;
  return `the comment reads ${response.sentiment?.label ?? 'negative'} although ${score} is a high score`;
}

async function contactOf(store: Store, response: StoredResponse): Promise<ContactFields | null> {
  if (!response.verified || response.contactId === null) return null;
  const summary = summarizeContact(
    response.contactId,
    await store.verifiedContactResponses(response.siteId, response.contactId),
  );
  return summary && contactFields(summary);
}

/**
 * The JSON body of an answer's event, rendered on its first attempt; null
 * when the answer has been erased since (nothing is sent about it then).
 */
export async function renderEventPayload(store: Store, delivery: DeliveryRecord): Promise<string | null> {
  const response = await store.responseBySeq(delivery.siteId, delivery.responseSeq ?? -1);
  // An erased answer's number can be given to the next one (seq is no AUTOINCREMENT), and on D1 a
  // claimed delivery can outlive an erasure: the event's time, its answer's receipt, tells them apart.
  if (!response || response.receivedAt !== delivery.createdAt) return null;
  const contact = await contactOf(store, response);
  const presented: ResponseBody = presentResponse(response);
  let data: unknown;
  switch (delivery.event) {
    case 'response.created':
      data = { response: presented, contact };
      break;
    case 'contact.updated':
      if (!contact) return null;
      data = contact;
      break;
    case 'response.detractor':
      data = {
        response: presented,
        contact,
        reason: detractorReason(response),
      };
      break;
    default:
      return null;
  }
  const body: WebhookBody = { type: delivery.event, timestamp: new Date(delivery.createdAt).toISOString(), data };
  return JSON.stringify(body);
}

export const DIGEST_PERIOD_MS: Record<DigestInterval, number> = { hour: 3_600_000, day: 86_400_000 };

export interface DigestData {
  interval: DigestInterval;
  from: string;
  to: string;
  metrics: Record<MetricName, { overall: Aggregate; touchpoints: Array<Aggregate & { touchpoint: string }> }>;
}

/**
 * Per-touchpoint NPS, CSAT and CES over one period of the digest, [periodEnd − period, periodEnd),
 * by the time each answer was given; sent at `now`.
 */
export async function renderDigestPayload(
  store: Store,
  siteId: string,
  interval: DigestInterval,
  periodEnd: number,
  now: number,
): Promise<string> {
  const from = periodEnd - DIGEST_PERIOD_MS[interval];
  const metrics = {} as DigestData['metrics'];
  for (const metric of METRIC_NAMES) {
    const rows = await store.scoreCounts({ siteId, metric, from, to: periodEnd, groupBy: 'touchpoint' });
    const touchpoints = rows
      .filter((row) => row.counts.some((count) => count > 0))
      .map((row) => ({ touchpoint: row.group ?? '', ...aggregateOf(metric, [row]) }))
      .sort((a, b) => b.n - a.n || a.touchpoint.localeCompare(b.touchpoint));
    metrics[metric] = { overall: aggregateOf(metric, rows), touchpoints };
  }
  const data: DigestData = {
    interval,
    from: new Date(from).toISOString(),
    to: new Date(periodEnd).toISOString(),
    metrics,
  };
  const body: WebhookBody<DigestData> = { type: 'aggregates.digest', timestamp: new Date(now).toISOString(), data };
  return JSON.stringify(body);
}
