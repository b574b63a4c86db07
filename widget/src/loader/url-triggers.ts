import type { Ask } from './triggers.ts';
import { warn } from './warn.ts';

/** The part of the URL that URL triggers match: path and query, not the hash. */
const currentUrl = (): string => location.pathname + location.search;

/**
 * `'/thank-you*'`: `*` matches any run of characters, the rest literally, against the path,
 * or against path and query when the pattern has a `?`. A RegExp is tested on path and query.
 */
function matches(pattern: string | RegExp): boolean {
  if (pattern instanceof RegExp) return pattern.test(currentUrl());
  const source = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${source}$`).test(pattern.includes('?') ? currentUrl() : location.pathname);
}

/** Ask options with `url`, a pattern; checked here for `url`, by `ask` for the rest. */
export type AddUrlTrigger = (options: { url: string | RegExp }) => void;

/**
 * Follows the page's URL through a single-page app's navigation (history.pushState,
 * back/forward): `onNewPath` on every new path, a new page view; and returns the function
 * behind `touchpoint('trigger', { url: '/thank-you*', touchpoint, metric })`, which asks
 * whenever the URL comes to match, on load included.
 */
export function watchUrl(ask: Ask, onNewPath: () => void): AddUrlTrigger {
  const triggers: [pattern: string | RegExp, options: unknown][] = [];
  let lastPath = location.pathname;
  let lastUrl = currentUrl();
  const onNavigate = (): void => {
    if (location.pathname !== lastPath) onNewPath();
    lastPath = location.pathname;
    if (currentUrl() === lastUrl) return; // a hash change, or replaceState with the same URL
    lastUrl = currentUrl();
    for (const [pattern, options] of triggers) if (matches(pattern)) ask(options);
  };
  // There is no event for pushState: wrap it, as analytics scripts do.
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      onNavigate();
    };
  }
  addEventListener('popstate', onNavigate);

  return (options) => {
    const { url } = options;
    if (typeof url !== 'string' && !(url instanceof RegExp)) return warn('trigger needs { url: "/path*" }');
    triggers.push([url, options]);
    if (matches(url)) ask(options);
  };
}
