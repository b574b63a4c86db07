import type { SubmittedResponse } from '@touchpoint/core/types';
import { load, save } from './storage.ts';
import { warn } from './warn.ts';

/** An answer as sent; `id` is always set so the collector can drop duplicates. */
export type Answer = SubmittedResponse & { id: string };

const OUTBOX_KEY = 'touchpoint:outbox';
/** Oldest answers are dropped beyond this, so a site that never reaches its collector cannot fill storage. */
const OUTBOX_LIMIT = 50;

// text/plain makes the cross-origin POST a CORS "simple request": no preflight,
// and sendBeacon may send it. The collector parses JSON whatever the type.
const CONTENT_TYPE = 'text/plain;charset=UTF-8';

/** In-page retries wait 2 s, 4 s, 8 s … (plus up to as much again at random, so visitors spread out) up to 5 min. */
const RETRY_FIRST_MS = 2e3;
const RETRY_MAX_MS = 3e5;

export interface Outbox {
  /** Stores the answer, then posts it; it stays stored until the collector has settled it. */
  send(answer: Answer): void;
  /** Posts the stored answers, oldest first, one at a time, until one fails. */
  flush(): Promise<void>;
}

/**
 * Answers go through a localStorage outbox, so none is lost to a network failure or
 * a page closed mid-request. A failed post is retried with backoff while the page
 * stays open, at once when the browser comes back online, and on the next page view;
 * stored answers also leave as beacons on `pagehide`. The collector is idempotent on `id`.
 */
export function createOutbox(endpoint: () => string): Outbox {
  const inFlight = new Set<string>();
  let retryMs = RETRY_FIRST_MS;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const url = (): string => `${endpoint().replace(/\/+$/, '')}/v1/responses`;

  const stored = (): Answer[] => {
    const answers = load<unknown>(OUTBOX_KEY, []);
    return Array.isArray(answers) ? (answers as Answer[]) : [];
  };
  const forget = (id: string): void =>
    save(
      OUTBOX_KEY,
      stored().filter((answer) => answer.id !== id),
    );

  function retryLater(): void {
    if (retryTimer) return;
    retryTimer = setTimeout(
      () => {
        retryTimer = undefined;
        void flush();
      },
      retryMs * (1 + Math.random()),
    );
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  }

  /** Resolves true once the collector has settled the answer (stored it, or refused it for good). */
  async function post(answer: Answer): Promise<boolean> {
    inFlight.add(answer.id);
    try {
      const response = await fetch(url(), {
        method: 'POST',
        body: JSON.stringify(answer),
        // Lets the request finish even if the visitor leaves right after pressing Send.
        keepalive: true,
        headers: { 'Content-Type': CONTENT_TYPE },
      });
      // A 4xx other than rate limiting would fail the same way forever.
      if (response.ok || (response.status < 500 && response.status !== 429)) {
        forget(answer.id);
        if (!response.ok) warn(`answer rejected (${response.status}): ${await response.text()}`);
        retryMs = RETRY_FIRST_MS;
        return true;
      }
    } catch {
      // Offline, or the collector is down: the answer stays in the outbox.
    } finally {
      inFlight.delete(answer.id);
    }
    retryLater();
    return false;
  }

  async function flush(): Promise<void> {
    // One at a time, so a collector that is down costs one request per attempt, not one per answer.
    for (const answer of stored()) if (!inFlight.has(answer.id) && !(await post(answer))) return;
  }

  function send(answer: Answer): void {
    // Stored before the request starts: if the tab dies now, the next page view sends it.
    save(OUTBOX_KEY, [...stored(), answer].slice(-OUTBOX_LIMIT));
    void post(answer);
  }

  function beacon(): void {
    // A beacon's outcome is unknown, so the answer stays stored; a later retry is a harmless duplicate.
    for (const answer of stored()) {
      if (inFlight.has(answer.id)) continue; // a keepalive fetch outlives the page already
      navigator.sendBeacon?.(url(), new Blob([JSON.stringify(answer)], { type: CONTENT_TYPE }));
    }
  }

  addEventListener('online', () => void flush());
  addEventListener('pagehide', beacon);
  // Mobile browsers may discard a hidden tab without pagehide.
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && beacon());

  return { send, flush };
}
