import type {
  AttemptRecord,
  DeliveryListQuery,
  DeliveryRecord,
  WebhookEndpointPatch,
  WebhookEndpointRecord,
} from './webhook-types.ts';

/** SQL of the webhook tables, shared by the SQLite and D1 stores. */

export interface EndpointRow {
  id: string;
  site_id: string;
  url: string;
  description: string | null;
  events: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  digest: string | null;
  next_digest_at: number | null;
  disabled_at: number | null;
  disabled_reason: string | null;
  consecutive_failures: number;
  failing_since: number | null;
  created_at: number;
}

export function endpointFromRow(row: EndpointRow): WebhookEndpointRecord {
  return {
    id: row.id,
    siteId: row.site_id,
    url: row.url,
    description: row.description,
    events: JSON.parse(row.events) as WebhookEndpointRecord['events'],
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    digest: row.digest as WebhookEndpointRecord['digest'],
    nextDigestAt: row.next_digest_at,
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
    consecutiveFailures: row.consecutive_failures,
    failingSince: row.failing_since,
    createdAt: row.created_at,
  };
}

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  site_id: string;
  event: string;
  response_seq: number | null;
  payload: string | null;
  status: string;
  attempts: number;
  next_attempt_at: number | null;
  last_attempt_at: number | null;
  last_status_code: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  created_at: number;
}

export function deliveryFromRow(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    siteId: row.site_id,
    event: row.event as DeliveryRecord['event'],
    responseSeq: row.response_seq,
    payload: row.payload,
    status: row.status as DeliveryRecord['status'],
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastAttemptAt: row.last_attempt_at,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastLatencyMs: row.last_latency_ms,
    createdAt: row.created_at,
  };
}

export interface AttemptRow {
  attempt: number;
  at: number;
  status_code: number | null;
  error: string | null;
  latency_ms: number | null;
}

export function attemptFromRow(row: AttemptRow): AttemptRecord {
  return { attempt: row.attempt, at: row.at, statusCode: row.status_code, error: row.error, latencyMs: row.latency_ms };
}

/**
 * Adds an endpoint unless its site already has `limit` of them, in one statement, so that
 * concurrent requests cannot both pass the count: no row changed means the site is full.
 * Parameters: insertEndpointParams.
 */
export const INSERT_ENDPOINT_SQL = `INSERT INTO webhook_endpoints (id, site_id, url, description, events, secret,
    previous_secret, previous_secret_expires_at, digest, next_digest_at, disabled_at, disabled_reason,
    consecutive_failures, failing_since, created_at)
  SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
  WHERE (SELECT COUNT(*) FROM webhook_endpoints WHERE site_id = ?) < ?`;

export function insertEndpointParams(endpoint: WebhookEndpointRecord, limit: number): unknown[] {
  return [
    endpoint.id,
    endpoint.siteId,
    endpoint.url,
    endpoint.description,
    JSON.stringify(endpoint.events),
    endpoint.secret,
    endpoint.previousSecret,
    endpoint.previousSecretExpiresAt,
    endpoint.digest,
    endpoint.nextDigestAt,
    endpoint.disabledAt,
    endpoint.disabledReason,
    endpoint.consecutiveFailures,
    endpoint.failingSince,
    endpoint.createdAt,
    endpoint.siteId,
    limit,
  ];
}

export const LIST_ENDPOINTS_SQL = 'SELECT * FROM webhook_endpoints WHERE site_id = ? ORDER BY created_at, id';
export const GET_ENDPOINT_SQL = 'SELECT * FROM webhook_endpoints WHERE site_id = ? AND id = ?';
export const DELETE_ENDPOINT_SQL = 'DELETE FROM webhook_endpoints WHERE site_id = ? AND id = ?';

const ENDPOINT_COLUMNS: Record<keyof WebhookEndpointPatch, string> = {
  url: 'url',
  description: 'description',
  events: 'events',
  secret: 'secret',
  previousSecret: 'previous_secret',
  previousSecretExpiresAt: 'previous_secret_expires_at',
  digest: 'digest',
  nextDigestAt: 'next_digest_at',
  disabledAt: 'disabled_at',
  disabledReason: 'disabled_reason',
  consecutiveFailures: 'consecutive_failures',
  failingSince: 'failing_since',
};

/**
 * An UPDATE of the fields present in `patch` (null clears a column); null when there is nothing to change.
 * @param currentSecret when given, the update applies only while the endpoint still signs with it.
 */
export function updateEndpointSql(
  siteId: string,
  id: string,
  patch: WebhookEndpointPatch,
  currentSecret?: string,
): { sql: string; params: unknown[] } | null {
  const fields = (Object.keys(ENDPOINT_COLUMNS) as Array<keyof WebhookEndpointPatch>).filter(
    (field) => patch[field] !== undefined,
  );
  if (fields.length === 0) return null;
  return {
    sql: `UPDATE webhook_endpoints SET ${fields.map((field) => `${ENDPOINT_COLUMNS[field]} = ?`).join(', ')}
      WHERE site_id = ? AND id = ?${currentSecret === undefined ? '' : ' AND secret = ?'}`,
    params: [
      ...fields.map((field) => (field === 'events' ? JSON.stringify(patch.events) : patch[field])),
      siteId,
      id,
      ...(currentSecret === undefined ? [] : [currentSecret]),
    ],
  };
}

/** Deliveries due at `?` (now) and not leased at `?` (now), of enabled endpoints. */
const DUE_DELIVERIES = `FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
    WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.locked_until IS NULL OR d.locked_until <= ?)
      AND e.disabled_at IS NULL`;

/** Parameters: now, now. A read, so a round with nothing due takes no write lock. */
export const ANY_DUE_SQL = `SELECT 1 ${DUE_DELIVERIES} LIMIT 1`;

/** Parameters: lease end, now, now, limit. */
export const CLAIM_DUE_SQL = `UPDATE webhook_deliveries SET locked_until = ?
  WHERE id IN (SELECT d.id ${DUE_DELIVERIES} ORDER BY d.next_attempt_at LIMIT ?)
  RETURNING *`;

export function endpointsByIdSql(count: number): string {
  return `SELECT * FROM webhook_endpoints WHERE id IN (${new Array(count).fill('?').join(', ')})`;
}

export const SAVE_PAYLOAD_SQL = 'UPDATE webhook_deliveries SET payload = ? WHERE id = ? AND payload IS NULL';

/** The statements of one attempt, run in one transaction: the delivery, its log line, the endpoint's health. */
export function recordAttemptStatements(outcome: {
  deliveryId: string;
  endpointId: string;
  at: number;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  delivered: boolean;
  nextAttemptAt: number | null;
  disableAfterFailures: number;
  disableAfterMs: number;
}): Array<{ sql: string; params: unknown[] }> {
  const status = outcome.delivered ? 'delivered' : outcome.nextAttemptAt === null ? 'failed' : 'pending';
  return [
    {
      sql: `UPDATE webhook_deliveries SET attempts = attempts + 1, status = ?, next_attempt_at = ?, locked_until = NULL,
          last_attempt_at = ?, last_status_code = ?, last_error = ?, last_latency_ms = ?
        WHERE id = ?`,
      params: [
        status,
        outcome.nextAttemptAt,
        outcome.at,
        outcome.statusCode,
        outcome.error,
        outcome.latencyMs,
        outcome.deliveryId,
      ],
    },
    {
      sql: `INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, latency_ms)
        SELECT id, attempts, ?, ?, ?, ? FROM webhook_deliveries WHERE id = ?`,
      params: [outcome.at, outcome.statusCode, outcome.error, outcome.latencyMs, outcome.deliveryId],
    },
    outcome.delivered
      ? {
          sql: 'UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL WHERE id = ?',
          params: [outcome.endpointId],
        }
      : {
          sql: `UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1,
              failing_since = COALESCE(failing_since, ?) WHERE id = ?`,
          params: [outcome.at, outcome.endpointId],
        },
    {
      sql: `UPDATE webhook_endpoints SET disabled_at = ?, disabled_reason = ?
        WHERE id = ? AND disabled_at IS NULL AND consecutive_failures >= ? AND failing_since <= ?`,
      params: [
        outcome.at,
        `disabled after ${outcome.disableAfterFailures} failed attempts in a row`,
        outcome.endpointId,
        outcome.disableAfterFailures,
        outcome.at - outcome.disableAfterMs,
      ],
    },
  ];
}

export const ABANDON_DELIVERY_SQL = `UPDATE webhook_deliveries SET status = 'failed', locked_until = NULL,
  next_attempt_at = NULL, last_error = ?, last_attempt_at = ? WHERE id = ?`;

export function listDeliveriesSql(query: DeliveryListQuery): { sql: string; params: unknown[] } {
  const where = ['site_id = ?', 'endpoint_id = ?'];
  const params: unknown[] = [query.siteId, query.endpointId];
  if (query.status) {
    where.push('status = ?');
    params.push(query.status);
  }
  if (query.before) {
    where.push('(created_at < ? OR (created_at = ? AND id < ?))');
    params.push(query.before.createdAt, query.before.createdAt, query.before.id);
  }
  params.push(query.limit);
  return {
    sql: `SELECT * FROM webhook_deliveries WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`,
    params,
  };
}

export const GET_DELIVERY_SQL = 'SELECT * FROM webhook_deliveries WHERE site_id = ? AND id = ?';
export const LIST_ATTEMPTS_SQL = 'SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt';
export const REQUEUE_DELIVERY_SQL = `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, locked_until = NULL
  WHERE site_id = ? AND endpoint_id = ? AND id = ?`;

export const DUE_DIGESTS_SQL = `SELECT * FROM webhook_endpoints
  WHERE digest IS NOT NULL AND disabled_at IS NULL AND next_digest_at <= ?
    AND EXISTS (SELECT 1 FROM json_each(events) WHERE value = 'aggregates.digest')`;

/**
 * Parameters: id, endpoint, site, payload, now, now, endpoint, the schedule read. Queued only while
 * the endpoint's schedule is still the one the digest was rendered for (run before SCHEDULE_DIGEST_SQL,
 * in one transaction): two rounds that render the same digest queue it once.
 */
export const INSERT_DIGEST_SQL = `INSERT INTO webhook_deliveries (id, endpoint_id, site_id, event, payload, next_attempt_at, created_at)
  SELECT ?, ?, ?, 'aggregates.digest', ?, ?, ?
  WHERE EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = ? AND next_digest_at = ?)`;
/** Parameters: the next digest's time, endpoint, the schedule read. */
export const SCHEDULE_DIGEST_SQL =
  'UPDATE webhook_endpoints SET next_digest_at = ? WHERE id = ? AND next_digest_at = ?';

export const RELEASE_LEASES_SQL = 'UPDATE webhook_deliveries SET locked_until = NULL WHERE locked_until IS NOT NULL';

export const RESPONSE_BY_SEQ_SQL = 'SELECT * FROM responses WHERE site_id = ? AND seq = ?';
