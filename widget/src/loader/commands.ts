import type { MetricName } from '@touchpoint/core/types';
import { METRIC_SCALES } from '../../../packages/core/src/metrics.ts';
import { pickLocale, type Locale } from '../i18n/locales.ts';
import type { WidgetConfig } from './config.ts';
import { emit, listen, type SkipReason, type WidgetEventDetail, type WidgetEventName } from './events.ts';
import { DEFAULT_THROTTLE_DAYS, isThrottled, rememberAsked } from './fatigue.ts';
import { createIdentity } from './identity.ts';
import { createOutbox, type Answer } from './outbox.ts';
import { isSampledIn } from './sample.ts';
import { watchDeclarativeTriggers, whenBodyReady } from './triggers.ts';
import { watchUrl } from './url-triggers.ts';
import { uuidv7 } from '@touchpoint/core/uuid';
import { warn } from './warn.ts';

export interface AskOptions {
  /** Where in the journey the customer is: `checkout`, `support-chat`, … */
  touchpoint: string;
  metric: MetricName;
  /** Replaces the default question of the metric. */
  question?: string;
  /** Replaces the label of the comment box, e.g. "What could we do better?". */
  followUp?: string;
  /** Up to 20 flat values stored with the answer, e.g. `{ orderId: 'A-17' }`. */
  metadata?: Record<string, string | number | boolean>;
  /** Waits this long before showing, e.g. to let a confirmation page settle. @default 0 */
  delayMs?: number;
  /** Share of visitors asked, 0–1; the same visitor always gets the same draw. @default 1 */
  sample?: number;
  /** Overrides the site's `throttleDays` for this touchpoint. @default 30 */
  throttleDays?: number;
}

/** `touchpoint('trigger', …)`: ask when the URL matches `url` (`*` matches anything). */
export interface TriggerOptions extends AskOptions {
  url: string | RegExp;
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
  (command: 'trigger', options: TriggerOptions): void;
  (command: 'identify', options: IdentifyOptions): void;
  (command: 'configure', options: Partial<WidgetConfig>): void;
  (command: 'on', event: WidgetEventName, listener: (detail: WidgetEventDetail) => void): void;
  (command: 'reset'): void;
}

/** What the loader hands the survey UI; the UI calls back once answered and once closed. */
export interface SurveyRequest extends Pick<AskOptions, 'metric' | 'question' | 'followUp'> {
  min: number;
  max: number;
  locale: Locale;
  config: WidgetConfig;
  onAnswer(score: number, comment: string): void;
  onClosed(): void;
}

/** The survey UI's module, loaded on the first question: `widget-ui.js`, or a chunk of the ESM build. */
export interface SurveyUi {
  showSurvey(request: SurveyRequest): void;
}

/** Untyped on purpose: calls arrive from page scripts and must be checked at run time. */
export type Dispatch = (command: string, options?: unknown, listener?: unknown) => void;

/** Letters and digits of any script, and `- _ . /`, as the collector accepts. */
const TOUCHPOINT_NAME = /^[\p{L}\p{M}\p{N}_./-]{1,100}$/u;

/**
 * The command function behind `touchpoint(…)`. `loadUi` brings the survey UI on the
 * first question, so a page that never asks downloads only the loader.
 */
export function createCommands(config: WidgetConfig, loadUi: () => Promise<SurveyUi>): Dispatch {
  const identity = createIdentity();
  const outbox = createOutbox(() => config.endpoint);
  let ui: Promise<SurveyUi> | undefined;
  /** Whether this page view has shown (or is about to show) its one question. */
  let askedThisView = false;
  let open = false;
  void outbox.flush(); // answers left over from an earlier page view

  /** Why a valid ask must not show now, if it must not: survey fatigue, then sampling. */
  function skipReason({ touchpoint, sample = 1, throttleDays }: AskOptions): SkipReason | undefined {
    // One question per page view; a single-page app's new path is a new page view.
    if (open || askedThisView) return 'page-limit';
    if (!isSampledIn(identity.visitorId, touchpoint, sample)) return 'sampled';
    if (isThrottled(touchpoint, Number(throttleDays ?? config.throttleDays ?? DEFAULT_THROTTLE_DAYS))) {
      return 'throttled';
    }
  }

  function ask(options: AskOptions): void {
    const { touchpoint, metric, question, followUp, metadata, delayMs = 0 } = options;
    if (typeof touchpoint !== 'string' || !TOUCHPOINT_NAME.test(touchpoint) || !Object.hasOwn(METRIC_SCALES, metric)) {
      return warn('ask needs { touchpoint: "letters-digits-_./", metric: "nps" | "csat" | "ces" }');
    }
    const reason = skipReason(options);
    if (reason) return emit('skipped', { touchpoint, metric, reason });
    askedThisView = open = true;
    // Fetched during the delay, so the question shows on time.
    const loading = (ui ??= loadUi());
    const event = { touchpoint, metric };
    let answered = false;

    const show = async (): Promise<void> => {
      let survey: SurveyUi;
      try {
        survey = await loading;
      } catch (error) {
        ui = undefined; // the next ask tries again
        askedThisView = open = false;
        return warn(`the survey could not load: ${String(error)}`);
      }
      const locale = pickLocale(config.lang);
      whenBodyReady(() => {
        survey.showSurvey({
          metric,
          ...METRIC_SCALES[metric],
          question,
          followUp,
          locale,
          config,
          onAnswer(score, comment) {
            const answer: Answer = {
              id: uuidv7(),
              key: config.site,
              touchpoint,
              metric,
              score,
              locale,
              page: location.href,
              visitorId: identity.visitorId,
              createdAt: new Date().toISOString(),
            };
            if (comment) answer.comment = comment;
            if (identity.contact) answer.contact = identity.contact;
            if (metadata) answer.metadata = metadata;
            outbox.send(answer);
            answered = true;
            emit('answered', { ...event, score, comment, id: answer.id });
          },
          onClosed() {
            open = false;
            if (!answered) emit('dismissed', event);
          },
        });
        rememberAsked(touchpoint);
        emit('shown', event);
      });
    };
    setTimeout(() => void show(), delayMs);
  }

  function identify({ contactId, signature }: IdentifyOptions): void {
    if (!contactId || typeof contactId !== 'string') return warn('identify needs { contactId: string, signature }');
    identity.contact = signature ? { id: contactId, signature } : { id: contactId };
  }

  const checkedAsk = (options: unknown): void => ask((options ?? {}) as AskOptions);
  const addUrlTrigger = watchUrl(checkedAsk, () => (askedThisView = false));
  watchDeclarativeTriggers(checkedAsk);

  return (command, options, listener) => {
    if (command === 'ask') checkedAsk(options);
    else if (command === 'trigger') addUrlTrigger((options ?? {}) as TriggerOptions);
    else if (command === 'identify') identify((options ?? {}) as IdentifyOptions);
    else if (command === 'configure') Object.assign(config, options);
    else if (command === 'on' && typeof listener === 'function') listen(options as WidgetEventName, listener as never);
    else if (command === 'reset') identity.contact = undefined;
    else warn(`unknown command "${command}"`);
  };
}
