import type { MetricName } from '@touchpoint/core/types';
import { METRIC_SCALES } from '../../../packages/core/src/metrics.ts';
import type { Locale } from '../i18n/locales.ts';
import type { WidgetConfig } from './config.ts';
import { createIdentity } from './identity.ts';
import { createOutbox, type Answer } from './outbox.ts';
import { uuid } from './uuid.ts';
import { warn } from './warn.ts';

export interface AskOptions {
  /** Where in the journey the customer is: `checkout`, `support-chat`, … */
  touchpoint: string;
  metric: MetricName;
  /** Replaces the default question of the metric. */
  question?: string;
  /** Up to 20 flat values stored with the answer, e.g. `{ orderId: 'A-17' }`. */
  metadata?: Record<string, string | number | boolean>;
}

export interface IdentifyOptions {
  /** The customer's id in the CRM. */
  contactId: string;
  /** hex HMAC-SHA256(identitySecret, contactId), computed by the site's backend. */
  signature?: string;
}

/** The public command function, `window.touchpoint` or the ESM export. */
export interface Touchpoint {
  (command: 'ask', options: AskOptions): void;
  (command: 'identify', options: IdentifyOptions): void;
  (command: 'reset'): void;
}

/** What the loader hands the survey UI; the UI calls back once answered and once closed. */
export interface SurveyRequest {
  metric: MetricName;
  min: number;
  max: number;
  question: string | undefined;
  locale: Locale;
  onAnswer(score: number, comment: string): void;
  onClosed(): void;
}

export type ShowSurvey = (request: SurveyRequest) => void;

/** Untyped on purpose: calls arrive from page scripts and must be checked at run time. */
export type Dispatch = (command: string, options?: unknown) => void;

/**
 * The command function behind `touchpoint(…)`. `showSurvey` is injected so the
 * UI can later be loaded on first `ask` without touching this file.
 */
export function createCommands(config: WidgetConfig, showSurvey: ShowSurvey): Dispatch {
  const identity = createIdentity();
  const outbox = createOutbox(config.endpoint);
  let surveyOpen = false;
  outbox.flush(); // answers left over from an earlier page

  function ask({ touchpoint, metric, question, metadata }: AskOptions): void {
    if (surveyOpen) return;
    if (!touchpoint || typeof touchpoint !== 'string' || !Object.hasOwn(METRIC_SCALES, metric)) {
      return warn('ask needs { touchpoint: string, metric: "nps" | "csat" | "ces" }');
    }
    surveyOpen = true;
    showSurvey({
      metric,
      ...METRIC_SCALES[metric],
      question,
      locale: config.locale,
      onAnswer(score, comment) {
        const answer: Answer = {
          id: uuid(),
          key: config.site,
          touchpoint,
          metric,
          score,
          locale: config.locale,
          page: location.href,
          visitorId: identity.visitorId,
          createdAt: new Date().toISOString(),
        };
        if (comment) answer.comment = comment;
        if (identity.contact) answer.contact = identity.contact;
        if (metadata) answer.metadata = metadata;
        outbox.send(answer);
      },
      onClosed() {
        surveyOpen = false;
      },
    });
  }

  function identify({ contactId, signature }: IdentifyOptions): void {
    if (!contactId || typeof contactId !== 'string') return warn('identify needs { contactId: string, signature }');
    identity.contact = signature ? { id: contactId, signature } : { id: contactId };
  }

  return (command, options) => {
    if (command === 'ask') ask((options ?? {}) as AskOptions);
    else if (command === 'identify') identify((options ?? {}) as IdentifyOptions);
    else if (command === 'reset') identity.contact = undefined;
    else warn(`unknown command "${command}"`);
  };
}
