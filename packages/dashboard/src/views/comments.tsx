import { useMemo, useState } from 'preact/hooks';
import type { MetricName, ResponseBody } from '@touchpoint/core/types';
import type { Api } from '../api/client.ts';
import { FEED_LIMIT, loadPeriodAnswers } from '../api/loaders.ts';
import type { Filters } from '../api/paths.ts';
import { formatAgo, formatCount, formatDateTime } from '../format.ts';
import { useResource } from '../hooks/use-resource.ts';
import { isWebUrl } from '../safe-url.ts';
import { METRIC_INFO, METRICS, SCORE_GROUP_LABELS, scoreGroup, type ScoreGroup } from '../metrics.ts';
import { EmptyState, ErrorNote, Skeleton } from './states.tsx';

const PAGE = 25;
const SENTIMENT_WORDS = { positive: 'Positive comment', neutral: 'Neutral comment', negative: 'Negative comment' };

/** Text with the search term wrapped in <mark>: still text nodes only, never parsed as HTML. */
function Highlighted({ text, term }: { text: string; term: string }) {
  if (!term) return <>{text}</>;
  const parts: Array<string | { match: string }> = [];
  const lower = text.toLocaleLowerCase();
  const needle = term.toLocaleLowerCase();
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1 && needle; at = lower.indexOf(needle, from)) {
    parts.push(text.slice(from, at), { match: text.slice(at, at + needle.length) });
    from = at + needle.length;
  }
  parts.push(text.slice(from));
  return <>{parts.map((part, index) => (typeof part === 'string' ? part : <mark key={index}>{part.match}</mark>))}</>;
}

function Answer({
  answer,
  term,
  onOpenContact,
}: {
  answer: ResponseBody;
  term: string;
  onOpenContact(contactId: string): void;
}) {
  const info = METRIC_INFO[answer.metric];
  const group = scoreGroup(answer.metric, answer.score);
  return (
    <article class="answer" aria-label={`${info.label} ${answer.score} at ${answer.touchpoint}`}>
      <div class={`score ${group}`}>
        <span class="visually-hidden">{info.label} score </span>
        <strong>{answer.score}</strong>
        <span class="score-scale">/ {info.max}</span>
      </div>
      <div class="answer-body">
        <p class="answer-meta">
          <span class="tag">{info.label}</span>
          <span class="touchpoint">{answer.touchpoint}</span>
          {answer.contactId ? (
            <button type="button" class="link contact" onClick={() => onOpenContact(answer.contactId!)}>
              <Highlighted text={answer.contactId} term={term} />
              {answer.verified ? (
                <span class="verified" title="Signed by the site's backend">
                  {' '}
                  ✓<span class="visually-hidden"> verified</span>
                </span>
              ) : (
                <span class="muted"> (unverified)</span>
              )}
            </button>
          ) : (
            <span class="muted">Anonymous</span>
          )}
          <time dateTime={answer.createdAt} title={formatDateTime(answer.createdAt)}>
            {formatAgo(answer.createdAt)}
          </time>
          {answer.locale && <span class="muted">{answer.locale}</span>}
          {answer.sentiment && (
            <span class={`pill ${answer.sentiment.label}`} title="What the comment says, as the collector reads it">
              {SENTIMENT_WORDS[answer.sentiment.label]}
            </span>
          )}
          {answer.followUp === true && (
            <span class="pill follow-up" title="The comment contradicts the score: worth a human look">
              Follow up
            </span>
          )}
        </p>
        {answer.comment && (
          <p class="comment" lang={answer.locale ?? undefined} dir="auto">
            <Highlighted text={answer.comment} term={term} />
          </p>
        )}
        {answer.page && (
          <p class="page">
            {isWebUrl(answer.page) ? (
              <a href={answer.page} target="_blank" rel="noopener noreferrer nofollow">
                {answer.page}
              </a>
            ) : (
              answer.page
            )}
          </p>
        )}
      </div>
    </article>
  );
}

export interface CommentsViewProps {
  api: Api;
  filters: Filters;
  onOpenContact(contactId: string): void;
}

/** The period's answers newest first, narrowed by metric, score group, locale and text. */
export function CommentsView({ api, filters, onOpenContact }: CommentsViewProps) {
  const { period, touchpoints, locale } = filters;
  const answers = useResource(
    (signal) => loadPeriodAnswers(api, filters, signal),
    [api, period.from, period.to, touchpoints.join(',')],
  );
  const [metric, setMetric] = useState<MetricName | ''>('');
  const [group, setGroup] = useState<ScoreGroup | ''>('');
  const [search, setSearch] = useState('');
  const [withComment, setWithComment] = useState(true);
  const [shown, setShown] = useState(PAGE);
  const term = search.trim();

  const matching = useMemo(() => {
    const needle = term.toLocaleLowerCase();
    return (answers.data?.answers ?? []).filter(
      (answer) =>
        (!withComment || answer.comment) &&
        (!metric || answer.metric === metric) &&
        (!group || scoreGroup(answer.metric, answer.score) === group) &&
        (!locale || answer.locale === locale) &&
        (!needle ||
          (answer.comment ?? '').toLocaleLowerCase().includes(needle) ||
          (answer.contactId ?? '').toLocaleLowerCase().includes(needle)),
    );
  }, [answers.data, withComment, metric, group, locale, term]);

  const narrow =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setShown(PAGE);
    };

  return (
    <section class="panel feed-panel" aria-labelledby="feed-title" aria-busy={answers.status === 'loading'}>
      <header class="panel-head">
        <h2 id="feed-title">Comments</h2>
        <span class="muted">Newest first{locale ? ` · locale ${locale}` : ''}</span>
      </header>
      <div class="feed-tools">
        <div class="field grow">
          <label for="feed-search">Search</label>
          <input
            id="feed-search"
            class="input"
            type="search"
            placeholder="Words in comments, or a contact ID"
            value={search}
            onInput={(event) => narrow(setSearch)(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="feed-metric">Metric</label>
          <select
            id="feed-metric"
            class="select"
            value={metric}
            onChange={(event) => narrow(setMetric)(event.currentTarget.value as MetricName | '')}
          >
            <option value="">All metrics</option>
            {METRICS.map((name) => (
              <option key={name} value={name}>
                {METRIC_INFO[name].label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="feed-group">Score</label>
          <select
            id="feed-group"
            class="select"
            value={group}
            onChange={(event) => narrow(setGroup)(event.currentTarget.value as ScoreGroup | '')}
          >
            <option value="">All scores</option>
            {(Object.keys(SCORE_GROUP_LABELS) as ScoreGroup[]).map((name) => (
              <option key={name} value={name}>
                {SCORE_GROUP_LABELS[name]}
              </option>
            ))}
          </select>
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={withComment}
            onChange={(event) => narrow(setWithComment)(event.currentTarget.checked)}
          />
          <span>Only answers with a comment</span>
        </label>
      </div>
      {answers.status === 'error' ? (
        <ErrorNote error={answers.error} onRetry={answers.reload} />
      ) : !answers.data ? (
        <Skeleton height={320} label="Loading the answers…" />
      ) : (
        <>
          <p class="feed-count" role="status">
            {answers.data.answers.length === 0
              ? 'No answers in this period.'
              : `Showing ${formatCount(Math.min(shown, matching.length))} of ${formatCount(matching.length)} ${
                  withComment ? 'comments' : 'answers'
                } (${formatCount(answers.data.answers.length)} answers in the period).`}
          </p>
          {answers.data.truncated && (
            <p class="hint">
              Only the first {formatCount(FEED_LIMIT)} answers of this period were read: choose a shorter period or
              fewer touchpoints to see them all.
            </p>
          )}
          {answers.data.answers.length === 0 ? (
            <EmptyState title="No answers in this period">Try a longer period or more touchpoints.</EmptyState>
          ) : matching.length === 0 ? (
            <EmptyState title="Nothing matches">Clear the search or choose other filters.</EmptyState>
          ) : (
            <ol class="feed">
              {matching.slice(0, shown).map((answer) => (
                <li key={answer.id}>
                  <Answer answer={answer} term={term} onOpenContact={onOpenContact} />
                </li>
              ))}
            </ol>
          )}
          {matching.length > shown && (
            <button type="button" class="button wide" onClick={() => setShown(shown + PAGE)}>
              Show {formatCount(Math.min(PAGE, matching.length - shown))} more
            </button>
          )}
        </>
      )}
    </section>
  );
}
