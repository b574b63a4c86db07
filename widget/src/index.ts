/**
 * ESM entry for apps that bundle the widget:
 *
 * @example
 * import { configure, touchpoint } from '@touchpoint/widget';
 * configure({ site: 'pk_…', endpoint: 'https://feedback.example', brand: '#0f766e' });
 * touchpoint('ask', { touchpoint: 'checkout', metric: 'nps' });
 */
import { createCommands, type Dispatch, type Touchpoint } from './loader/commands.ts';
import type { WidgetConfig } from './loader/config.ts';
import { warn } from './loader/warn.ts';

export type { AskOptions, IdentifyOptions, Touchpoint, TriggerOptions } from './loader/commands.ts';
export type { Strings, Theme, WidgetConfig } from './loader/config.ts';
export type { WidgetEventDetail, WidgetEventName } from './loader/events.ts';

let dispatch: Dispatch | undefined;
/** Calls made before `configure`, replayed by it (like the script tag's stub queue). */
const pending: Parameters<Dispatch>[] = [];

/** Same commands as `window.touchpoint`; no global is set by this build. */
export const touchpoint = ((...args: Parameters<Dispatch>) => {
  if (dispatch) dispatch(...args);
  else pending.push(args);
}) as Touchpoint;

/**
 * Sets the site's write key and collector, and starts the declarative triggers.
 * Call once, before or after the first `touchpoint(…)`; change settings later
 * with `touchpoint('configure', {…})`.
 * @param config.site the site's write key, `pk_…`
 * @param config.endpoint collector origin; default: this page's origin
 * @param config.lang `en`, `th` or `vi`; default: the browser's language, else English
 */
export function configure(config: Omit<WidgetConfig, 'endpoint'> & { endpoint?: string }): void {
  if (dispatch) return warn('configure() was already called; ignoring');
  // The survey UI is a chunk of its own, which the app's bundler splits off the same way.
  dispatch = createCommands(
    { ...config, endpoint: config.endpoint ?? location.origin },
    () => import('./ui/mount.tsx'),
  );
  for (const args of pending.splice(0)) dispatch(...args);
}
