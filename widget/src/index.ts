/**
 * ESM entry for apps that bundle the widget:
 *
 * @example
 * import { configure, touchpoint } from '@touchpoint/widget';
 * configure({ site: 'pk_…', endpoint: 'https://feedback.example' });
 * touchpoint('ask', { touchpoint: 'checkout', metric: 'nps' });
 */
import { createCommands, type Dispatch, type Touchpoint } from './loader/commands.ts';
import { resolveConfig } from './loader/config.ts';
import { warn } from './loader/warn.ts';
import { showSurvey } from './ui/mount.tsx';

export type { AskOptions, IdentifyOptions, Touchpoint } from './loader/commands.ts';

let dispatch: Dispatch | undefined;
/** Calls made before `configure`, replayed by it (like the script tag's stub queue). */
const pending: Parameters<Dispatch>[] = [];

/** Same commands as `window.touchpoint`; no global is set by this build. */
export const touchpoint = ((command: string, options?: unknown) => {
  if (dispatch) dispatch(command, options);
  else pending.push([command, options]);
}) as Touchpoint;

/**
 * Sets the site's write key and collector. Call once, before or after the first `touchpoint(…)`.
 * @param options.site the site's write key, `pk_…`
 * @param options.endpoint collector origin; default: this page's origin
 * @param options.lang `en`, `th` or `vi`; default: the browser's language, else English
 */
export function configure(options: { site: string; endpoint?: string; lang?: string }): void {
  if (dispatch) return warn('configure() was already called; ignoring');
  dispatch = createCommands(resolveConfig({ ...options, endpoint: options.endpoint ?? location.origin }), showSurvey);
  for (const args of pending.splice(0)) dispatch(...args);
}
