import { randomHex } from '../crypto.ts';
import { errorMessage } from '../error-message.ts';
import type { Clock } from '../http/context.ts';
import type { Store } from '../store/types.ts';
import type { AttemptOutcome, ClaimedDelivery } from '../store/webhook-types.ts';
import { nextAttemptAt, parseRetryAfter } from './backoff.ts';
import { DIGEST_PERIOD_MS, renderDigestPayload, renderEventPayload } from './payloads.ts';
import { signingSecrets, webhookHeaders } from './signature.ts';
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
  /** Endpoints whose due digest a round renders (four queries each); the others wait for the next round. @default 10 */
  digestsPerRound?: number;
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

/** How far back digests catch up on periods they missed. */
const CATCH_UP_MS = 86_400_000;

const DIGEST_ADJECTIVE = { hour: 'hourly', day: 'daily' } as const;

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
  const digestsPerRound = options.digestsPerRound ?? 10;

  /**
   * Renders the payloads not yet rendered and drops deliveries whose answer was erased. A
   * delivery whose rendering fails (a database error) is a failed attempt of its own, retried
   * on the schedule: it holds back neither the others claimed with it nor its own retries.
   */
  async function withPayloads(
    claimed: ClaimedDelivery[],
  ): Promise<{ ready: Array<ClaimedDelivery & { payload: string }>; failed: AttemptOutcome[] }> {
    const ready: Array<ClaimedDelivery & { payload: string }> = [];
    const failed: AttemptOutcome[] = [];
    const rendered: Array<{ deliveryId: string; payload: string }> = [];
    for (const entry of claimed) {
      let payload = entry.delivery.payload;
      if (payload === null) {
        const started = deps.clock.now();
        try {
          payload = await renderEventPayload(deps.store, entry.delivery);
        } catch (error) {
          const reason = `its payload could not be rendered: ${errorMessage(error)}`;
          failed.push(outcomeOf(entry, started, null, reason, null));
          continue;
        }
        if (payload === null) {
          await deps.store.abandonDelivery(entry.delivery.id, 'the answer was erased before delivery', started);
          continue;
        }
        rendered.push({ deliveryId: entry.delivery.id, payload });
      }
      ready.push({ ...entry, payload });
    }
    if (rendered.length > 0) await deps.store.saveDeliveryPayloads(rendered);
    return { ready, failed };
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
      error = errorMessage(cause);
    }
    return outcomeOf({ delivery, endpoint }, started, statusCode, error, retryAfterMs);
  }

  /** What one attempt came to; a failure is logged with when it is tried next. */
  function outcomeOf(
    { delivery, endpoint }: ClaimedDelivery,
    started: number,
    statusCode: number | null,
    error: string | null,
    retryAfterMs: number | null,
  ): AttemptOutcome {
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
   * Each digest covers the period that ended when it fell due, and schedules the period after:
   * a round that runs late (the Workers cron runs once a minute) leaves no answer out between
   * two digests. An endpoint behind by several periods (the collector was down, the endpoint
   * disabled) gets one a round, oldest first, back to a day ago at most: older periods are
   * skipped, not sent to a receiver that has just come back. One endpoint's failure is logged
   * and retried next round; the others' digests and every delivery go on.
   */
  async function enqueueDueDigests(now: number): Promise<number> {
    let enqueued = 0;
    for (const endpoint of (await deps.store.dueDigests(now)).slice(0, digestsPerRound)) {
      const interval = endpoint.digest!;
      const period = DIGEST_PERIOD_MS[interval];
      const scheduled = endpoint.nextDigestAt!;
      const skipped = Math.max(0, Math.ceil((now - CATCH_UP_MS - scheduled) / period));
      const due = scheduled + skipped * period;
      try {
        if (skipped > 0)
          deps.log(
            `webhook ${endpoint.id}: ${skipped} ${DIGEST_ADJECTIVE[interval]} digests more than a day late skipped`,
          );
        const payload = await renderDigestPayload(deps.store, endpoint.siteId, interval, due, now);
        // Scheduled only if no other round (another isolate) has moved the schedule meanwhile.
        const queued = await deps.store.enqueueDigest(
          endpoint,
          `msg_${randomHex(12)}`,
          payload,
          now,
          scheduled,
          due + period,
        );
        if (queued) enqueued++;
      } catch (error) {
        deps.log(`error: webhook ${endpoint.id}: digest failed: ${errorMessage(error)}`);
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
      const { ready, failed } = await withPayloads(claimed);
      const outcomes = [...failed, ...(await Promise.all(ready.map(attempt)))];
      await deps.store.recordAttempts(outcomes);
      return { attempted: claimed.length, delivered: outcomes.filter((outcome) => outcome.delivered).length, digests };
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
