import { randomHex } from '../crypto.ts';
import type { Clock } from '../http/context.ts';
import type { Store } from '../store/types.ts';
import type { AttemptOutcome, ClaimedDelivery, WebhookEndpointRecord } from '../store/webhook-types.ts';
import { nextAttemptAt, parseRetryAfter } from './backoff.ts';
import { DIGEST_PERIOD_MS, renderDigestPayload, renderEventPayload } from './payloads.ts';
import { webhookHeaders } from './signature.ts';
import type { WebhookTransport } from './transport.ts';

export interface DispatcherOptions {
  /** Deliveries leased per round. @default 25 */
  batchSize?: number;
  /** How long a lease holds a delivery; longer than the timeout, so a live attempt is never doubled. @default 60 000 */
  leaseMs?: number;
  /** Per attempt. @default 10 000 */
  timeoutMs?: number;
  /** Disable an endpoint after this many failed attempts in a row… @default 50 */
  disableAfterFailures?: number;
  /** …spanning at least this long. @default one day */
  disableAfterMs?: number;
  /** @default Math.random */
  random?: () => number;
  /** Multiplies every retry delay and the disable window; below 1 only in tests. @default 1 */
  retryScale?: number;
}

export interface DispatchRound {
  attempted: number;
  delivered: number;
  digests: number;
}

export interface DispatcherDeps {
  store: Store;
  clock: Clock;
  transport: WebhookTransport;
  log: (line: string) => void;
}

/** Missed digest periods sent per endpoint and round, after downtime: the rest follow in the next rounds. */
const DIGESTS_PER_ROUND = 24;

/** Whether the secret before the last rotation still signs: its overlap has not run out. */
export function previousSecretSigns(endpoint: WebhookEndpointRecord, now: number): boolean {
  return (
    endpoint.previousSecret !== null &&
    endpoint.previousSecretExpiresAt !== null &&
    endpoint.previousSecretExpiresAt > now
  );
}

/** Secrets that sign now: the current one, and the previous one while its overlap lasts. */
function signingSecrets(endpoint: WebhookEndpointRecord, now: number): string[] {
  return previousSecretSigns(endpoint, now) ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}

/**
 * Delivers the outbox: runtime-agnostic, so Node runs it on a timer inside the
 * collector and Workers from a cron trigger. Each call of `runOnce` leases due
 * deliveries, renders their payload once, signs and sends them, and records
 * the attempt; failures come back later on the retry schedule.
 */
export function createDispatcher(deps: DispatcherDeps, options: DispatcherOptions = {}) {
  const batchSize = options.batchSize ?? 25;
  const leaseMs = options.leaseMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const disableAfterFailures = options.disableAfterFailures ?? 50;
  const retryScale = options.retryScale ?? 1;
  const disableAfterMs = (options.disableAfterMs ?? 86_400_000) * retryScale;
  const random = options.random ?? Math.random;

  /** Renders the payloads not yet rendered; drops deliveries whose answer was erased. */
  async function withPayloads(claimed: ClaimedDelivery[]): Promise<Array<ClaimedDelivery & { payload: string }>> {
    const ready: Array<ClaimedDelivery & { payload: string }> = [];
    const rendered: Array<{ deliveryId: string; payload: string }> = [];
    for (const entry of claimed) {
      let payload = entry.delivery.payload;
      if (payload === null) {
        let reason = 'the answer was erased before delivery';
        try {
          payload = await renderEventPayload(deps.store, entry.delivery);
        } catch (error) {
          // One delivery that cannot be rendered must not hold back the others claimed with it,
          // whichever site they belong to: it is given up on, with the reason, and the round goes on.
          reason = `its payload could not be rendered: ${error instanceof Error ? error.message : String(error)}`;
          deps.log(`webhook ${entry.delivery.id} (${entry.delivery.event}): ${reason}; giving up`);
        }
        if (payload === null) {
          await deps.store.abandonDelivery(entry.delivery.id, reason, deps.clock.now());
          continue;
        }
        rendered.push({ deliveryId: entry.delivery.id, payload });
      }
      ready.push({ ...entry, payload });
    }
    if (rendered.length > 0) await deps.store.saveDeliveryPayloads(rendered);
    return ready;
  }

  async function attempt({
    delivery,
    endpoint,
    payload,
  }: ClaimedDelivery & { payload: string }): Promise<AttemptOutcome> {
    const started = deps.clock.now();
    const headers = await webhookHeaders(
      signingSecrets(endpoint, started),
      delivery.id,
      Math.floor(started / 1000),
      payload,
    );
    let statusCode: number | null = null;
    let error: string | null = null;
    let retryAfterMs: number | null = null;
    try {
      const reply = await deps.transport({ url: endpoint.url, headers, body: payload, timeoutMs });
      statusCode = reply.status;
      if (reply.status === 429 || reply.status === 503) retryAfterMs = parseRetryAfter(reply.retryAfter, started);
      if (reply.status < 200 || reply.status >= 300) error = `HTTP ${reply.status}`;
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    const at = deps.clock.now();
    const delivered = error === null;
    const next = delivered ? null : nextAttemptAt(delivery.attempts + 1, at, random, retryAfterMs, retryScale);
    if (!delivered) {
      deps.log(
        `webhook ${delivery.id} (${delivery.event}) to ${endpoint.url}: attempt ${delivery.attempts + 1} failed: ${error}` +
          (next === null ? '; giving up' : `; next in ${Math.round((next - at) / 1000)} s`),
      );
    }
    return {
      deliveryId: delivery.id,
      endpointId: endpoint.id,
      at,
      statusCode,
      error,
      latencyMs: at - started,
      delivered,
      nextAttemptAt: next,
      disableAfterFailures,
      disableAfterMs,
    };
  }

  /**
   * Each digest covers the period that ended when it fell due, and the next one the period
   * after: a round that runs late (the Workers cron runs once a minute) leaves no answer out
   * between two digests. Periods missed while the collector was down are sent one each,
   * oldest first, a few a round.
   */
  async function enqueueDueDigests(now: number): Promise<number> {
    const endpoints = await deps.store.dueDigests(now);
    let enqueued = 0;
    for (const endpoint of endpoints) {
      const period = DIGEST_PERIOD_MS[endpoint.digest!];
      let due = endpoint.nextDigestAt!;
      for (let caughtUp = 0; due <= now && caughtUp < DIGESTS_PER_ROUND; caughtUp++, due += period) {
        const payload = await renderDigestPayload(deps.store, endpoint.siteId, endpoint.digest!, due, now);
        await deps.store.enqueueDigest(endpoint, `msg_${randomHex(12)}`, payload, now, due + period);
        enqueued++;
      }
    }
    return enqueued;
  }

  return {
    /** One round: queue due digests, then send up to `batchSize` due deliveries in parallel. */
    async runOnce(): Promise<DispatchRound> {
      const now = deps.clock.now();
      const digests = await enqueueDueDigests(now);
      const claimed = await deps.store.claimDueDeliveries(now, batchSize, now + leaseMs);
      if (claimed.length === 0) return { attempted: 0, delivered: 0, digests };
      // Three writes a round, whatever its size: claim, payloads, attempts.
      const outcomes = await Promise.all((await withPayloads(claimed)).map(attempt));
      await deps.store.recordAttempts(outcomes);
      return { attempted: claimed.length, delivered: outcomes.filter((outcome) => outcome.delivered).length, digests };
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
