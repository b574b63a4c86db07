import type { Dispatch, Touchpoint } from './commands.ts';

/** The snippet's stub: it only records its calls in `q`. */
interface Stub {
  (...args: unknown[]): void;
  q?: ArrayLike<unknown>[];
}

/** Marks the real function, so a second copy of the script leaves it alone. */
interface Installed extends Touchpoint {
  installed: true;
}

declare global {
  interface Window {
    touchpoint?: Stub | Installed;
  }
}

export function isInstalled(): boolean {
  return !!window.touchpoint && 'installed' in window.touchpoint;
}

/** Replaces the stub with `dispatch` and replays the calls the stub queued, in order. */
export function installGlobal(dispatch: Dispatch): void {
  const queued = (window.touchpoint as Stub | undefined)?.q ?? [];
  window.touchpoint = Object.assign(dispatch as Touchpoint, { installed: true as const });
  // Replaced first, so a call made while replaying goes straight to the real function.
  for (const [command, ...rest] of Array.from(queued, (args) => Array.from(args))) dispatch(String(command), ...rest);
}
