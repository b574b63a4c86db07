import { useState } from 'preact/hooks';
import type { TargetedSubmitEvent } from 'preact';
import type { ContactMetricSummary, ContactSummary, MetricName, ResponseBody } from '@touchpoint/core/types';
import type { Api } from '../api/client.ts';
import { loadContact, type ContactLookup } from '../api/loaders.ts';
import { formatCount, formatDateTime, formatMean } from '../format.ts';
import { useResource } from '../hooks/use-resource.ts';
import { METRIC_INFO, METRICS, scoreGroup } from '../metrics.ts';
import { EmptyState, ErrorNote, Skeleton } from './states.tsx';

const TRENDS = { up: '↑ rising', down: '↓ falling', flat: '→ steady' } as const;
const CATEGORY_LABELS = { promoter: 'Promoter', passive: 'Passive', detractor: 'Detractor' } as const;
const CATEGORY_GROUPS = { promoter: 'positive', passive: 'neutral', detractor: 'negative' } as const;

function MetricSummaryCard({ metric, summary }: { metric: MetricName; summary: ContactMetricSummary }) {
  const info = METRIC_INFO[metric];
  return (
    <div class="contact-metric">
      <p class="contact-metric-name">{info.label}</p>
      <p class={`contact-metric-latest ${scoreGroup(metric, summary.latest.score)}`}>
        {summary.latest.score}
        <span class="score-scale"> / {info.max}</span>
      </p>
      <p class="muted">
        latest, at {summary.latest.touchpoint}, {formatDateTime(summary.latest.at)}
      </p>
      <p>
        Mean {formatMean(summary.mean)} over {formatCount(summary.count)} {summary.count === 1 ? 'answer' : 'answers'}
        {summary.trend && <span class={`trend ${summary.trend}`}> · {TRENDS[summary.trend]}</span>}
      </p>
    </div>
  );
}

function Summary({ summary }: { summary: ContactSummary }) {
  const touchpoints = Object.entries(summary.touchpoints);
  return (
    <div class="contact-summary">
      <header class="contact-head">
        <h3>{summary.contactId}</h3>
        {summary.npsCategory && (
          <span class={`badge ${CATEGORY_GROUPS[summary.npsCategory]}`}>{CATEGORY_LABELS[summary.npsCategory]}</span>
        )}
        <p class="muted">
          {formatCount(summary.responses)} verified {summary.responses === 1 ? 'answer' : 'answers'} · first{' '}
          {formatDateTime(summary.firstSeen)} · last {formatDateTime(summary.lastSeen)}
        </p>
      </header>
      <div class="contact-metrics">
        {METRICS.map((metric) => {
          const metricSummary = summary.metrics[metric];
          return metricSummary ? <MetricSummaryCard key={metric} metric={metric} summary={metricSummary} /> : null;
        })}
      </div>
      {summary.lastComment && (
        <figure class="last-comment">
          <blockquote dir="auto">{summary.lastComment.text}</blockquote>
          <figcaption class="muted">
            Last comment · {METRIC_INFO[summary.lastComment.metric].label} {summary.lastComment.score} at{' '}
            {summary.lastComment.touchpoint}, {formatDateTime(summary.lastComment.at)}
          </figcaption>
        </figure>
      )}
      {touchpoints.length > 0 && (
        <div class="table-scroll">
          <table>
            <caption>Latest answer per touchpoint</caption>
            <thead>
              <tr>
                <th scope="col">Touchpoint</th>
                <th scope="col">Metric</th>
                <th scope="col" class="num">
                  Score
                </th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {touchpoints.map(([name, latest]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>{METRIC_INFO[latest.metric].label}</td>
                  <td class="num">{latest.score}</td>
                  <td>{formatDateTime(latest.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** History rows shown before "Show all": enough for a glance, short enough to reach the end of the page. */
const HISTORY_PAGE = 20;

function History({ answers }: { answers: ResponseBody[] }) {
  const [all, setAll] = useState(answers.length <= HISTORY_PAGE);
  return (
    <>
      <div class="table-scroll">
        <table class="history">
          <caption>Every answer naming this contact, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Touchpoint</th>
              <th scope="col" class="num">
                Score
              </th>
              <th scope="col">Comment</th>
              <th scope="col">Verified</th>
            </tr>
          </thead>
          <tbody>
            {(all ? answers : answers.slice(0, HISTORY_PAGE)).map((answer) => (
              <tr key={answer.id}>
                <td>{formatDateTime(answer.createdAt)}</td>
                <td>{answer.touchpoint}</td>
                <td class="num">
                  <span class={`pill ${scoreGroup(answer.metric, answer.score)}`}>
                    {METRIC_INFO[answer.metric].label} {answer.score}
                  </span>
                </td>
                <td class="comment-cell" dir="auto">
                  {answer.comment ?? <span class="muted">—</span>}
                </td>
                <td>{answer.verified ? 'Yes' : <span class="muted">No — not counted</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!all && (
        <button type="button" class="button wide" onClick={() => setAll(true)}>
          Show all {formatCount(answers.length)} answers
        </button>
      )}
    </>
  );
}

function LookupResult({ lookup }: { lookup: ContactLookup }) {
  const { summary, history } = lookup;
  const unverified = history.answers.filter((answer) => !answer.verified).length;
  return (
    <>
      {summary ? (
        <Summary summary={summary} />
      ) : (
        <EmptyState title="No verified answers for this contact">
          {unverified
            ? `${formatCount(unverified)} unverified ${unverified === 1 ? 'answer names' : 'answers name'} this contact; answers count for a contact only when the site's backend signed the contact ID.`
            : 'Check the ID: it must match the CRM contact ID your site passes to the widget.'}
        </EmptyState>
      )}
      {history.answers.length > 0 && <History answers={history.answers} />}
    </>
  );
}

export interface ContactsViewProps {
  api: Api;
  /** The contact looked up last, kept while the view is left and re-entered. */
  contactId: string;
  onLookup(contactId: string): void;
}

/** Looks up one CRM contact: the summary a CRM would receive, and every answer naming them. */
export function ContactsView({ api, contactId, onLookup }: ContactsViewProps) {
  const [draft, setDraft] = useState(contactId);
  const lookup = useResource(
    (signal) => (contactId ? loadContact(api, contactId, signal) : Promise.resolve(null)),
    [api, contactId],
  );

  function submit(event: TargetedSubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const id = draft.trim();
    if (id === contactId) lookup.reload();
    else onLookup(id);
  }

  return (
    <section class="panel" aria-labelledby="contacts-title" aria-busy={lookup.status === 'loading'}>
      <header class="panel-head">
        <h2 id="contacts-title">Contact lookup</h2>
        <span class="muted">What a CRM sees for one contact</span>
      </header>
      <form class="lookup" role="search" onSubmit={submit}>
        <div class="field grow">
          <label for="contact-id">CRM contact ID</label>
          <input
            id="contact-id"
            class="input"
            type="search"
            required
            maxLength={200}
            autoComplete="off"
            spellcheck={false}
            placeholder="crm-1001"
            value={draft}
            onInput={(event) => setDraft(event.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button primary">
          Look up
        </button>
      </form>
      {!contactId ? (
        <p class="muted">Enter a contact ID, or pick a contact in the comment feed.</p>
      ) : lookup.status === 'error' ? (
        <ErrorNote error={lookup.error} onRetry={lookup.reload} />
      ) : lookup.status === 'loading' || !lookup.data ? (
        <Skeleton height={220} label="Looking up the contact…" />
      ) : (
        <LookupResult lookup={lookup.data} />
      )}
    </section>
  );
}
