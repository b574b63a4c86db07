import type { MetricName } from '@touchpoint/core/types';

/** Why an `ask` showed nothing. */
export type SkipReason = 'sampled' | 'throttled' | 'page-limit';

/** `detail` of the events on `window`: `touchpoint:shown`, `touchpoint:answered`, … */
export interface WidgetEventDetail {
  touchpoint: string;
  metric: MetricName;
  /** answered: the score and comment given, and the answer's id at the collector. */
  score?: number;
  comment?: string;
  id?: string;
  /** skipped: why nothing was shown. */
  reason?: SkipReason;
}

export type WidgetEventName = 'shown' | 'answered' | 'dismissed' | 'skipped';

const PREFIX = 'touchpoint:';

export function emit(name: WidgetEventName, detail: WidgetEventDetail): void {
  dispatchEvent(new CustomEvent(PREFIX + name, { detail }));
}

/** `touchpoint('on', 'answered', fn)`: the same events, without the `touchpoint:` prefix. */
export function listen(name: WidgetEventName, listener: (detail: WidgetEventDetail) => void): void {
  addEventListener(PREFIX + name, (event) => listener((event as CustomEvent<WidgetEventDetail>).detail));
}
