import type { Database } from 'better-sqlite3';
import {
  ANY_DUE_SQL,
  ABANDON_DELIVERY_SQL,
  attemptFromRow,
  CLAIM_DUE_SQL,
  DELETE_ENDPOINT_SQL,
  deliveryFromRow,
  DUE_DIGESTS_SQL,
  endpointFromRow,
  endpointsByIdSql,
  GET_DELIVERY_SQL,
  GET_ENDPOINT_SQL,
  INSERT_DIGEST_SQL,
  INSERT_ENDPOINT_SQL,
  insertEndpointParams,
  LIST_ATTEMPTS_SQL,
  LIST_ENDPOINTS_SQL,
  listDeliveriesSql,
  recordAttemptStatements,
  RELEASE_LEASES_SQL,
  REQUEUE_DELIVERY_SQL,
  SAVE_PAYLOAD_SQL,
  SCHEDULE_DIGEST_SQL,
  updateEndpointSql,
  type AttemptRow,
  type DeliveryRow,
  type EndpointRow,
} from './webhook-sql.ts';
import type { WebhookEndpointRecord, WebhookStore } from './webhook-types.ts';

/**
 * The webhook tables through better-sqlite3. `bookkeeping` is the connection
 * for the dispatcher's own writes (leases, payloads, attempts): it may skip the
 * fsync, since losing one to a power cut only means a delivery is sent again,
 * which at-least-once delivery allows. Writes the API acknowledges use `db`.
 */
export function sqliteWebhookStore(db: Database, bookkeeping: Database = db): WebhookStore {
  const run = (sql: string, params: unknown[]) => db.prepare(sql).run(...params);
  const note = (sql: string, params: unknown[]) => bookkeeping.prepare(sql).run(...params);
  const endpointRows = (sql: string, params: unknown[]) =>
    (db.prepare(sql).all(...params) as EndpointRow[]).map(endpointFromRow);

  const inTransaction = bookkeeping.transaction((statements: Array<{ sql: string; params: unknown[] }>) => {
    for (const { sql, params } of statements) note(sql, params);
  });
  const claim = bookkeeping.transaction((now: number, limit: number, leaseUntil: number) => {
    const deliveries = (bookkeeping.prepare(CLAIM_DUE_SQL).all(leaseUntil, now, now, limit) as DeliveryRow[]).map(
      deliveryFromRow,
    );
    if (deliveries.length === 0) return [];
    const endpointIds = [...new Set(deliveries.map((delivery) => delivery.endpointId))];
    const rows = bookkeeping.prepare(endpointsByIdSql(endpointIds.length)).all(...endpointIds) as EndpointRow[];
    const endpoints = new Map(rows.map((row) => [row.id, endpointFromRow(row)]));
    return deliveries.map((delivery) => ({ delivery, endpoint: endpoints.get(delivery.endpointId)! }));
  });
  const anyDue = bookkeeping.prepare(ANY_DUE_SQL).pluck();
  const enqueueDigest = bookkeeping.transaction(
    (
      endpoint: WebhookEndpointRecord,
      deliveryId: string,
      payload: string,
      now: number,
      scheduled: number,
      next: number,
    ) => {
      note(INSERT_DIGEST_SQL, [deliveryId, endpoint.id, endpoint.siteId, payload, now, now, endpoint.id, scheduled]);
      return note(SCHEDULE_DIGEST_SQL, [next, endpoint.id, scheduled]).changes === 1;
    },
  );

  return {
    async createWebhook(endpoint, limit) {
      return run(INSERT_ENDPOINT_SQL, insertEndpointParams(endpoint, limit)).changes === 1;
    },
    async listWebhooks(siteId) {
      return endpointRows(LIST_ENDPOINTS_SQL, [siteId]);
    },
    async getWebhook(siteId, id) {
      return endpointRows(GET_ENDPOINT_SQL, [siteId, id])[0] ?? null;
    },
    async updateWebhook(siteId, id, patch, currentSecret) {
      const update = updateEndpointSql(siteId, id, patch, currentSecret);
      return update !== null && run(update.sql, update.params).changes === 1;
    },
    async deleteWebhook(siteId, id) {
      return run(DELETE_ENDPOINT_SQL, [siteId, id]).changes === 1;
    },
    async claimDueDeliveries(now, limit, leaseUntil) {
      // Most rounds find nothing due: checking with a read first keeps them from taking the
      // write lock that every group commit of answers needs.
      if (!anyDue.get(now, now)) return [];
      // IMMEDIATE, as it reads before it writes (see responseInserter).
      return claim.immediate(now, limit, leaseUntil);
    },
    async saveDeliveryPayloads(payloads) {
      inTransaction(
        payloads.map(({ deliveryId, payload }) => ({ sql: SAVE_PAYLOAD_SQL, params: [payload, deliveryId] })),
      );
    },
    async recordAttempts(outcomes) {
      inTransaction(outcomes.flatMap(recordAttemptStatements));
    },
    async abandonDelivery(deliveryId, reason, now) {
      note(ABANDON_DELIVERY_SQL, [reason, now, deliveryId]);
    },
    async listDeliveries(query) {
      const { sql, params } = listDeliveriesSql(query);
      return (db.prepare(sql).all(...params) as DeliveryRow[]).map(deliveryFromRow);
    },
    async getDelivery(siteId, deliveryId) {
      const row = db.prepare(GET_DELIVERY_SQL).get(siteId, deliveryId) as DeliveryRow | undefined;
      if (!row) return null;
      const attempts = (db.prepare(LIST_ATTEMPTS_SQL).all(deliveryId) as AttemptRow[]).map(attemptFromRow);
      return { delivery: deliveryFromRow(row), attempts };
    },
    async requeueDelivery(siteId, endpointId, deliveryId, now) {
      return run(REQUEUE_DELIVERY_SQL, [now, siteId, endpointId, deliveryId]).changes === 1;
    },
    async dueDigests(now) {
      return endpointRows(DUE_DIGESTS_SQL, [now]);
    },
    async enqueueDigest(endpoint, deliveryId, payload, now, scheduled, nextDigestAt) {
      // IMMEDIATE: the guard reads the schedule it then moves.
      return enqueueDigest.immediate(endpoint, deliveryId, payload, now, scheduled, nextDigestAt);
    },
    async releaseLeases() {
      note(RELEASE_LEASES_SQL, []);
    },
  };
}
