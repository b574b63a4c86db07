import type { Api } from '../api/client.ts';
import { loadWebhooks, type WebhookWithDeliveries } from '../api/loaders.ts';
import type { WebhookDelivery } from '../api/types.ts';
import { formatAgo, formatCount, formatDateTime } from '../format.ts';
import { useResource } from '../hooks/use-resource.ts';
import { EmptyState, ErrorNote, Skeleton } from './states.tsx';

const STATUS_TONES: Record<string, string> = { delivered: 'positive', failed: 'negative' };
const DIGESTS = { hour: 'hourly', day: 'daily' } as const;

function When({ at }: { at: string | null | undefined }) {
  if (!at) return <span class="muted">—</span>;
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {formatAgo(at)}
    </time>
  );
}

function Deliveries({ deliveries }: { deliveries: WebhookDelivery[] | null }) {
  if (deliveries === null) return <p class="muted">This collector keeps no delivery log for this endpoint.</p>;
  if (deliveries.length === 0) return <p class="muted">Nothing sent to this endpoint yet.</p>;
  return (
    <div class="table-scroll">
      <table class="deliveries">
        <caption>Recent deliveries</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col" class="num">
              Attempts
            </th>
            <th scope="col">Last answer</th>
            <th scope="col">Created</th>
            <th scope="col">Last attempt</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => (
            <tr key={delivery.id}>
              <td>
                <code>{delivery.event}</code>
              </td>
              <td>
                <span class={`pill ${STATUS_TONES[delivery.status] ?? 'neutral'}`}>{delivery.status}</span>
                {delivery.status === 'pending' && delivery.nextAttemptAt && (
                  <span class="cell-sub">
                    retry <When at={delivery.nextAttemptAt} />
                  </span>
                )}
              </td>
              <td class="num">{formatCount(delivery.attempts)}</td>
              <td>
                {delivery.lastStatusCode === null ? (
                  <span class="muted">—</span>
                ) : (
                  <span class={delivery.lastStatusCode < 300 ? 'good' : 'bad'}>HTTP {delivery.lastStatusCode}</span>
                )}
                {delivery.lastLatencyMs != null && (
                  <span class="muted"> · {formatCount(delivery.lastLatencyMs)} ms</span>
                )}
                {delivery.lastError && delivery.lastError !== `HTTP ${delivery.lastStatusCode}` && (
                  <span class="cell-sub">{delivery.lastError}</span>
                )}
              </td>
              <td>
                <When at={delivery.createdAt} />
              </td>
              <td>
                <When at={delivery.lastAttemptAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Endpoint({ entry }: { entry: WebhookWithDeliveries }) {
  const { webhook, deliveries } = entry;
  const failures = webhook.consecutiveFailures ?? 0;
  return (
    <article class="webhook" aria-label={`Webhook ${webhook.url}`}>
      <header class="webhook-head">
        <p class="webhook-url">
          <code>{webhook.url}</code>
        </p>
        <span class={`badge ${webhook.enabled ? 'positive' : 'negative'}`}>
          {webhook.enabled ? 'Enabled' : 'Disabled'}
        </span>
      </header>
      {webhook.description && <p>{webhook.description}</p>}
      {!webhook.enabled && webhook.disabledReason && <p class="problem">Disabled: {webhook.disabledReason}</p>}
      {webhook.enabled && failures > 0 && (
        <p class="problem">
          The last {formatCount(failures)} {failures === 1 ? 'delivery' : 'deliveries'} failed: the collector keeps
          retrying.
        </p>
      )}
      <p class="webhook-events muted">
        {webhook.events.map((event) => (
          <code key={event} class="event">
            {event}
          </code>
        ))}
        {webhook.digest && <span>digest {DIGESTS[webhook.digest]} · </span>}
        <span>added {formatDateTime(webhook.createdAt)}</span>
      </p>
      <Deliveries deliveries={deliveries} />
    </article>
  );
}

/** The site's webhook endpoints and their recent deliveries, where the collector offers them. */
export function WebhooksView({ api }: { api: Api }) {
  const webhooks = useResource((signal) => loadWebhooks(api, signal), [api]);
  return (
    <section class="panel" aria-labelledby="webhooks-title" aria-busy={webhooks.status === 'loading'}>
      <header class="panel-head">
        <h2 id="webhooks-title">Webhooks</h2>
        {webhooks.status === 'ready' ? (
          <button type="button" class="button small" onClick={webhooks.reload}>
            Refresh
          </button>
        ) : (
          <span class="muted">Endpoints that receive answers and contact updates</span>
        )}
      </header>
      {webhooks.status === 'error' ? (
        <ErrorNote error={webhooks.error} onRetry={webhooks.reload} />
      ) : webhooks.status === 'loading' ? (
        <Skeleton height={160} label="Loading the webhooks…" />
      ) : webhooks.data === null ? (
        <EmptyState title="Webhooks are not available on this collector">
          This collector does not offer webhook endpoints yet.
        </EmptyState>
      ) : webhooks.data.length === 0 ? (
        <EmptyState title="No webhook endpoints yet">
          Register one with POST /v1/webhooks to push answers and contact summaries to your CRM.
        </EmptyState>
      ) : (
        webhooks.data.map((entry) => <Endpoint key={entry.webhook.id} entry={entry} />)
      )}
    </section>
  );
}
