import type { D1Database } from '@cloudflare/workers-types';
import {
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
import type { WebhookStore } from './webhook-types.ts';

/** The webhook tables through a D1 binding; multi-statement changes are one `batch`, so one transaction. */
export function d1WebhookStore(db: D1Database): WebhookStore {
  const statement = (sql: string, params: unknown[] = []) => db.prepare(sql).bind(...params);
  const run = (sql: string, params: unknown[]) => statement(sql, params).run();
  const rows = async <Row>(sql: string, params: unknown[]) => (await statement(sql, params).all<Row>()).results;
  const endpointRows = async (sql: string, params: unknown[]) =>
    (await rows<EndpointRow>(sql, params)).map(endpointFromRow);

  return {
    async createWebhook(endpoint, limit) {
      return (await run(INSERT_ENDPOINT_SQL, insertEndpointParams(endpoint, limit))).meta.changes === 1;
    },
    async listWebhooks(siteId) {
      return endpointRows(LIST_ENDPOINTS_SQL, [siteId]);
    },
    async getWebhook(siteId, id) {
      return (await endpointRows(GET_ENDPOINT_SQL, [siteId, id]))[0] ?? null;
    },
    async updateWebhook(siteId, id, patch, currentSecret) {
      const update = updateEndpointSql(siteId, id, patch, currentSecret);
      return update !== null && (await run(update.sql, update.params)).meta.changes === 1;
    },
    async deleteWebhook(siteId, id) {
      // D1's meta.changes includes the deliveries the delete cascades to.
      return (await run(DELETE_ENDPOINT_SQL, [siteId, id])).meta.changes > 0;
    },
    async claimDueDeliveries(now, limit, leaseUntil) {
      // The UPDATE … RETURNING is atomic on its own: two isolates never lease the same delivery.
      const deliveries = (await rows<DeliveryRow>(CLAIM_DUE_SQL, [leaseUntil, now, now, limit])).map(deliveryFromRow);
      if (deliveries.length === 0) return [];
      const endpointIds = [...new Set(deliveries.map((delivery) => delivery.endpointId))];
      const endpoints = new Map(
        (await endpointRows(endpointsByIdSql(endpointIds.length), endpointIds)).map((endpoint) => [
          endpoint.id,
          endpoint,
        ]),
      );
      // An endpoint deleted between the two reads took its deliveries with it (ON DELETE CASCADE).
      return deliveries.flatMap((delivery) => {
        const endpoint = endpoints.get(delivery.endpointId);
        return endpoint ? [{ delivery, endpoint }] : [];
      });
    },
    async saveDeliveryPayloads(payloads) {
      if (payloads.length === 0) return;
      await db.batch(payloads.map(({ deliveryId, payload }) => statement(SAVE_PAYLOAD_SQL, [payload, deliveryId])));
    },
    async recordAttempts(outcomes) {
      if (outcomes.length === 0) return;
      await db.batch(outcomes.flatMap(recordAttemptStatements).map(({ sql, params }) => statement(sql, params)));
    },
    async abandonDelivery(deliveryId, reason, now) {
      await run(ABANDON_DELIVERY_SQL, [reason, now, deliveryId]);
    },
    async listDeliveries(query) {
      const { sql, params } = listDeliveriesSql(query);
      return (await rows<DeliveryRow>(sql, params)).map(deliveryFromRow);
    },
    async getDelivery(siteId, deliveryId) {
      const [delivery, attempts] = await db.batch([
        statement(GET_DELIVERY_SQL, [siteId, deliveryId]),
        statement(LIST_ATTEMPTS_SQL, [deliveryId]),
      ]);
      const row = delivery!.results[0] as DeliveryRow | undefined;
      if (!row) return null;
      return { delivery: deliveryFromRow(row), attempts: (attempts!.results as AttemptRow[]).map(attemptFromRow) };
    },
    async requeueDelivery(siteId, endpointId, deliveryId, now) {
      return (await run(REQUEUE_DELIVERY_SQL, [now, siteId, endpointId, deliveryId])).meta.changes > 0;
    },
    async dueDigests(now) {
      return endpointRows(DUE_DIGESTS_SQL, [now]);
    },
    async enqueueDigest(endpoint, deliveryId, payload, now, scheduled, nextDigestAt) {
      // A batch is one transaction: the guard and the move see the same schedule.
      const [, scheduledNext] = await db.batch([
        statement(INSERT_DIGEST_SQL, [
          deliveryId,
          endpoint.id,
          endpoint.siteId,
          payload,
          now,
          now,
          endpoint.id,
          scheduled,
        ]),
        statement(SCHEDULE_DIGEST_SQL, [nextDigestAt, endpoint.id, scheduled]),
      ]);
      return scheduledNext!.meta.changes === 1;
    },
    async releaseLeases() {
      await run(RELEASE_LEASES_SQL, []);
    },
  };
}
