import type { Dispatcher } from './webhooks/dispatcher.ts';

/** waitUntil work is cut off 30 s after the response: stop asking for more passes well before. */
const MORE_PASSES_UNTIL_MS = 15_000;
/** A drain older than this was cut off by the runtime and will never clear its mark. */
const STALE_AFTER_MS = 30_000;

/**
 * Runs dispatcher rounds until one finds nothing due, at most `maxRounds`
 * (each round's D1 queries and fetches count against the invocation's limits).
 * Never throws: what is left waits for the next write or the cron trigger.
 */
export async function drainOutbox(
  dispatcher: Dispatcher,
  log: (line: string) => void,
  maxRounds: number,
): Promise<number> {
  let attempted = 0;
  try {
    for (let round = 0; round < maxRounds; round++) {
      const result = await dispatcher.runOnce();
      attempted += result.attempted;
      if (result.attempted === 0) break;
    }
  } catch (error) {
    log(`error: webhook dispatch failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  return attempted;
}

/**
 * After-write dispatch within one isolate: the first write hands a drain to its
 * request's `waitUntil`; writes arriving while it runs only ask it for another
 * pass, so a burst of answers costs one dispatcher, not one per request. What a
 * cut-off drain leaves behind, the cron trigger delivers.
 */
export function coalescingDispatch(dispatcher: Dispatcher, log: (line: string) => void, maxRounds: number) {
  let running: { startedAt: number } | null = null;
  let again = false;

  return function kick(waitUntil: (promise: Promise<unknown>) => void): void {
    if (running && Date.now() - running.startedAt < STALE_AFTER_MS) {
      again = true;
      return;
    }
    const run = { startedAt: Date.now() };
    running = run;
    const drained = (async () => {
      do {
        again = false;
        await drainOutbox(dispatcher, log, maxRounds);
      } while (again && Date.now() - run.startedAt < MORE_PASSES_UNTIL_MS);
    })().finally(() => {
      if (running === run) running = null;
    });
    waitUntil(drained);
  };
}
