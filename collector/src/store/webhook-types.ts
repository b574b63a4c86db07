export const WEBHOOK_EVENTS = [
  'response.created',
  'contact.updated',
  'response.detractor',
  'aggregates.digest',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const DIGEST_INTERVALS = ['hour', 'day'] as const;
export type DigestInterval = (typeof DIGEST_INTERVALS)[number];

export interface WebhookEndpointRecord {
  id: string;
  siteId: string;
  url: string;
  description: string | null;
  events: WebhookEvent[];
  /** `whsec_…`, kept to sign. */
  secret: string;
  /** After a rotation, the old secret still signs until `previousSecretExpiresAt`. */
  previousSecret: string | null;
  previousSecretExpiresAt: number | null;
  digest: DigestInterval | null;
  nextDigestAt: number | null;
  disabledAt: number | null;
  disabledReason: string | null;
  consecutiveFailures: number;
  failingSince: number | null;
  createdAt: number;
}

export type WebhookEndpointPatch = Partial<
  Pick<
    WebhookEndpointRecord,
    | 'url'
    | 'description'
    | 'events'
    | 'secret'
    | 'previousSecret'
    | 'previousSecretExpiresAt'
    | 'digest'
    | 'nextDigestAt'
    | 'disabledAt'
    | 'disabledReason'
    | 'consecutiveFailures'
    | 'failingSince'
  >
>;

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryRecord {
  /** `msg_…`: the webhook-id, the same on every attempt. */
  id: string;
  endpointId: string;
  siteId: string;
  event: WebhookEvent;
  responseSeq: number | null;
  /** The JSON body; null until the first attempt renders it. */
  payload: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number | null;
  lastAttemptAt: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
  lastLatencyMs: number | null;
  createdAt: number;
}

export interface AttemptRecord {
  attempt: number;
  at: number;
  statusCode: number | null;
  error: string | null;
  latencyMs: number | null;
}

export interface ClaimedDelivery {
  delivery: DeliveryRecord;
  endpoint: WebhookEndpointRecord;
}

/** What one attempt did, and what happens next. */
export interface AttemptOutcome {
  deliveryId: string;
  endpointId: string;
  at: number;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  delivered: boolean;
  /** When to try again; null when the delivery is done (delivered, or given up). */
  nextAttemptAt: number | null;
  /** Disable the endpoint when it has failed this many times in a row… */
  disableAfterFailures: number;
  /** …for at least this long (ms). */
  disableAfterMs: number;
}

export interface DeliveryListQuery {
  siteId: string;
  endpointId: string;
  status?: DeliveryStatus;
  /** Keyset paging: deliveries created before this (createdAt, id). */
  before?: { createdAt: number; id: string };
  limit: number;
}

/** The webhook part of the Store. */
export interface WebhookStore {
  /** Adds the endpoint unless its site already has `limit` of them; false when it had. */
  createWebhook(endpoint: WebhookEndpointRecord, limit: number): Promise<boolean>;
  listWebhooks(siteId: string): Promise<WebhookEndpointRecord[]>;
  getWebhook(siteId: string, id: string): Promise<WebhookEndpointRecord | null>;
  /**
   * Applies `patch`; with `currentSecret`, only while the endpoint still signs with that secret
   * (a rotation that lost a race to another is refused, not half-applied).
   * @returns whether the endpoint was updated
   */
  updateWebhook(siteId: string, id: string, patch: WebhookEndpointPatch, currentSecret?: string): Promise<boolean>;
  /** Removes the endpoint and its delivery log; false when there was none. */
  deleteWebhook(siteId: string, id: string): Promise<boolean>;
  /** Leases up to `limit` due deliveries of enabled endpoints until `leaseUntil`. */
  claimDueDeliveries(now: number, limit: number, leaseUntil: number): Promise<ClaimedDelivery[]>;
  /** Keeps rendered payloads (one transaction for the lot), so every retry sends the same bytes. */
  saveDeliveryPayloads(payloads: Array<{ deliveryId: string; payload: string }>): Promise<void>;
  /**
   * Records attempts (one transaction for the lot), moves each delivery on, and keeps each endpoint's
   * failure count, disabling an endpoint whose failures are sustained.
   */
  recordAttempts(outcomes: AttemptOutcome[]): Promise<void>;
  /** Gives up on a delivery that cannot be rendered (its answer was erased). */
  abandonDelivery(deliveryId: string, reason: string, now: number): Promise<void>;
  listDeliveries(query: DeliveryListQuery): Promise<DeliveryRecord[]>;
  getDelivery(
    siteId: string,
    deliveryId: string,
  ): Promise<{ delivery: DeliveryRecord; attempts: AttemptRecord[] } | null>;
  /** Queues a delivery again, now, whatever its status (retry or replay); false when not found. */
  requeueDelivery(siteId: string, endpointId: string, deliveryId: string, now: number): Promise<boolean>;
  /** Endpoints whose digest is due. */
  dueDigests(now: number): Promise<WebhookEndpointRecord[]>;
  /**
   * Queues a rendered digest and schedules the next, in one transaction, if the endpoint's
   * schedule is still `scheduled` (no other round has queued this digest meanwhile).
   * @returns whether it was queued
   */
  enqueueDigest(
    endpoint: WebhookEndpointRecord,
    deliveryId: string,
    payload: string,
    now: number,
    scheduled: number,
    nextDigestAt: number,
  ): Promise<boolean>;
  /** Drops every lease: on start, when this process is the only dispatcher of its database. */
  releaseLeases(): Promise<void>;
}
