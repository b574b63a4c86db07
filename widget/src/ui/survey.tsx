import { Component, createRef } from 'preact';
import type { TargetedKeyboardEvent } from 'preact';
import type { MetricName } from '@touchpoint/core/types';
import type { Messages } from '../i18n/types.ts';
import { Scale } from './scale.tsx';

export interface SurveyProps {
  metric: MetricName;
  min: number;
  max: number;
  question?: string | undefined;
  lang: string;
  messages: Messages;
  /** In the bottom-left corner rather than the bottom-right. */
  left: boolean;
  onAnswer(score: number, comment: string): void;
  /** Close button, Esc, or the end of the thank-you. */
  onClose(): void;
}

interface SurveyState {
  score?: number;
  sent?: boolean;
}

/** Long enough to read the thank-you (and for a test to see it), short enough not to linger. */
const THANKS_MS = 2500;
const COMMENT_MAX = 2000;
const QUESTION_ID = 'tp-question';

/** Keeps Tab inside the card, as the dialog pattern asks. */
function trapTab(event: KeyboardEvent, card: HTMLElement): void {
  const focusable = card.querySelectorAll<HTMLElement>('button:not([tabindex="-1"]),textarea');
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  const active = (card.getRootNode() as ShadowRoot).activeElement;
  if (event.shiftKey ? active === first || active === card : active === last) {
    event.preventDefault();
    (event.shiftKey ? last : first)?.focus();
  }
}

// A class rather than hooks: preact/hooks would add about 1 KB gzip to a file whose size is a feature.
export class Survey extends Component<SurveyProps, SurveyState> {
  private card = createRef<HTMLDivElement>();
  private comment = createRef<HTMLTextAreaElement>();
  private closeTimer: ReturnType<typeof setTimeout> | undefined;

  override componentDidMount(): void {
    // Into the dialog on open: the scale's tab stop, where the answer starts.
    this.card.current?.querySelector<HTMLElement>('[tabindex="0"]')?.focus();
  }

  override componentWillUnmount(): void {
    clearTimeout(this.closeTimer);
  }

  private onKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') {
      event.stopPropagation(); // the host page's own Esc handlers should not fire too
      this.props.onClose();
    } else if (event.key === 'Tab') {
      trapTab(event, event.currentTarget);
    }
  };

  private send = (): void => {
    const { score } = this.state;
    if (score === undefined) return;
    this.props.onAnswer(score, this.comment.current?.value.trim() ?? '');
    this.setState({ sent: true }, () => {
      this.card.current?.focus(); // the Send button is gone; keep focus inside until we close
      this.closeTimer = setTimeout(this.props.onClose, THANKS_MS);
    });
  };

  override render(
    { metric, min, max, question, lang, messages, left, onClose }: SurveyProps,
    { score, sent }: SurveyState,
  ) {
    return (
      <div
        ref={this.card}
        class={left ? 'card left' : 'card'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={QUESTION_ID}
        lang={lang}
        dir={messages.dir}
        tabIndex={-1}
        onKeyDown={this.onKeyDown}
      >
        <div class="head">
          {/* Once answered, the question only names the dialog; the thank-you takes its place on screen. */}
          <h2 id={QUESTION_ID} class={sent ? 'question hidden' : 'question'}>
            {question || messages.question[metric]}
          </h2>
          <button type="button" class="close" aria-label={messages.close} onClick={onClose}>
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
              <path d="M3 3l10 10M13 3L3 13" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
            </svg>
          </button>
        </div>
        {/* Present from the start, so screen readers announce the thank-you when it appears. */}
        <p role="status" class={sent ? 'status thanks' : 'status'}>
          {sent && (
            <>
              <svg width="40" height="40" viewBox="0 0 40 40" aria-hidden="true">
                <circle cx="20" cy="20" r="20" fill="currentColor" />
                <path
                  d="M12 20.5l5.5 5.5L28 15"
                  fill="none"
                  stroke="#fff"
                  stroke-width="3"
                  stroke-linecap="round"
                  stroke-linejoin="round"
                />
              </svg>
              {messages.thanks}
            </>
          )}
        </p>
        {!sent && (
          <>
            <Scale
              min={min}
              max={max}
              value={score}
              onChange={(next) => this.setState({ score: next })}
              labelledBy={QUESTION_ID}
              anchors={messages.anchors[metric]}
              dir={messages.dir}
            />
            {score !== undefined && (
              <>
                <label class="comment" for="tp-comment">
                  {messages.commentLabel}
                </label>
                {/* Uncontrolled: read once on Send, no re-render per keystroke. */}
                <textarea ref={this.comment} id="tp-comment" rows={3} maxLength={COMMENT_MAX} />
                <button type="button" class="send" onClick={this.send}>
                  {messages.send}
                </button>
              </>
            )}
          </>
        )}
      </div>
    );
  }
}
