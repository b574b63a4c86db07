import type { MetricName } from '@touchpoint/core/types';

/** Every string the survey shows, for one locale. */
export interface Messages {
  /** Text direction; all shipped locales are LTR, but the layout follows this value. */
  dir: 'ltr' | 'rtl';
  /** Default question per metric, used when `ask` gives none. */
  question: Record<MetricName, string>;
  /** Labels under the lowest and highest score. */
  anchors: Record<MetricName, readonly [low: string, high: string]>;
  commentLabel: string;
  send: string;
  close: string;
  thanks: string;
}
