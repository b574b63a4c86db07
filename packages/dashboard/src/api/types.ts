/** Bodies the dashboard reads that @touchpoint/core does not type (yet). */

/** `GET /v1/site`. */
export interface SiteInfo {
  id: string;
  name: string;
  origins: string[];
  writeKey: string;
  createdAt: string;
}

/** One entry of `GET /v1/webhooks`; the optional fields come from newer collectors. */
export interface Webhook {
  id: string;
  url: string;
  events: string[];
  description?: string | null;
  /** How often `aggregates.digest` is sent, when subscribed. */
  digest?: 'hour' | 'day' | null;
  enabled: boolean;
  /** Why the collector stopped sending, e.g. after too many failures. */
  disabledReason?: string | null;
  consecutiveFailures?: number;
  createdAt: string;
}

/** One entry of `GET /v1/webhooks/{id}/deliveries`, newest first. */
export interface WebhookDelivery {
  id: string;
  event: string;
  /** `pending` (will be retried), `delivered` or `failed` (gave up). */
  status: string;
  attempts: number;
  nextAttemptAt?: string | null;
  lastStatusCode: number | null;
  lastError?: string | null;
  lastLatencyMs: number | null;
  createdAt: string;
  lastAttemptAt: string | null;
}

export interface Page<T> {
  data: T[];
  nextCursor?: string | null;
}
