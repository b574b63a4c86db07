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

export interface Outbox {
  /** Stores the answer, then posts it; it stays stored until the collector has settled it. */
  send(answer: Answer): void;
  /** Posts every stored answer that is not already on its way. */
  flush(): void;
}

/**
 * Answers go through a localStorage outbox, so none is lost to a network
 * failure or a page closed mid-request. Retries happen on the next page load,
 * on `online`, and as beacons on `pagehide`; the collector is idempotent on `id`.
 */
export function createOutbox(endpoint: string): Outbox {
  const url = `${endpoint}/v1/responses`;
  const inFlight = new Set<string>();

  const stored = (): Answer[] => {
    const answers = load<unknown>(OUTBOX_KEY, []);
    return Array.isArray(answers) ? (answers as Answer[]) : [];
  };
  const forget = (id: string): void =>
    save(
      OUTBOX_KEY,
      stored().filter((answer) => answer.id !== id),
    );

  async function post(answer: Answer): Promise<void> {
    inFlight.add(answer.id);
    try {
      const response = await fetch(url, {
        method: 'POST',
        body: JSON.stringify(answer),
        // Lets the request finish even if the visitor leaves right after pressing Send.
        keepalive: true,
        headers: { 'Content-Type': CONTENT_TYPE },
      });
      if (response.ok) {
        forget(answer.id);
      } else if (response.status < 500 && response.status !== 429) {
        // A 4xx (other than rate limiting) would fail the same way forever.
        forget(answer.id);
        warn(`answer rejected (${response.status}): ${await response.text()}`);
      }
    } catch {
      // Offline or blocked: the answer stays in the outbox for the next try.
    } finally {
      inFlight.delete(answer.id);
    }
  }

  function flush(): void {
    for (const answer of stored()) if (!inFlight.has(answer.id)) void post(answer);
  }

  function send(answer: Answer): void {
    save(OUTBOX_KEY, [...stored(), answer].slice(-OUTBOX_LIMIT));
    void post(answer);
  }

  addEventListener('online', flush);
  addEventListener('pagehide', () => {
    // A beacon's outcome is unknown, so the answer stays stored; a later retry is a harmless duplicate.
    for (const answer of stored()) {
      if (inFlight.has(answer.id)) continue; // a keepalive fetch outlives the page already
      navigator.sendBeacon?.(url, new Blob([JSON.stringify(answer)], { type: CONTENT_TYPE }));
    }
  });

  return { send, flush };
}
