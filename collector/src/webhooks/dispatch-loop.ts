import { errorMessage } from '../error-message.ts';
import type { Dispatcher } from './dispatcher.ts';

/**
 * Runs the dispatcher inside a long-lived process (Node): every `intervalMs`
 * for retries and digests, and soon after each write for fresh events. Kicks
 * are coalesced, so a busy collector runs at most one round per `kickDelayMs`.
 */
export function startDispatchLoop(
  dispatcher: Dispatcher,
  log: (line: string) => void,
  options: { intervalMs?: number; kickDelayMs?: number } = {},
) {
  const kickDelayMs = options.kickDelayMs ?? 50;
  let draining: Promise<void> | null = null;
  let again = false;
  let kickTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  async function drainUntilIdle(): Promise<void> {
    do {
      again = false;
      // Keep going while rounds find work: a backlog drains at full speed.
      while (!stopped && (await dispatcher.runOnce()).attempted > 0);
    } while (again && !stopped);
  }

  function drain(): Promise<void> {
    if (draining) {
      again = true;
      return draining;
    }
    draining = drainUntilIdle()
      .catch((error: unknown) => log(`error: webhook dispatch failed: ${errorMessage(error)}`))
      .finally(() => (draining = null));
    return draining;
  }

  const timer = setInterval(() => void drain(), options.intervalMs ?? 1000);
  timer.unref();

  return {
    /** Something was written: run a round soon. */
    kick(): void {
      if (kickTimer || stopped) return;
      kickTimer = setTimeout(() => {
        kickTimer = null;
        void drain();
      }, kickDelayMs);
      kickTimer.unref();
    },
    drain,
    /** Stops scheduling and waits for the round in flight. */
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      if (kickTimer) clearTimeout(kickTimer);
      await draining;
    },
  };
}
