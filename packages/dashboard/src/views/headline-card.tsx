import type { AggregatesResult, Comparison, ComparedAggregate, MetricName } from '@touchpoint/core/types';
import { formatChange, formatCount, formatMargin, formatMean, formatShare, formatValue } from '../format.ts';
import { METRIC_INFO } from '../metrics.ts';
import { previousPeriodLabel, type Period } from '../period.ts';
import { Skeleton } from './states.tsx';

export interface HeadlineCardProps {
  metric: MetricName;
  result: AggregatesResult | undefined;
  period: Period;
  /** True while newer figures load: the shown ones are dimmed. */
  stale: boolean;
}

const ARROWS = { up: 'M12 19V5m0 0-6 6m6-6 6 6', down: 'M12 5v14m0 0-6-6m6 6 6-6', flat: 'M5 12h14m0 0-6-6m6 6-6 6' };

function ChangeLine({ metric, comparison, period }: { metric: MetricName; comparison: Comparison; period: Period }) {
  const previous = previousPeriodLabel(period);
  const { change, significant, previousValue, previousN } = comparison;
  if (change === null) {
    return (
      <p class="change none">
        {previousN === 0 ? `No answers in ${previous} to compare with.` : `Nothing to compare in this period.`}
      </p>
    );
  }
  const direction = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  const verdict = significant === null ? 'too few answers to tell' : significant ? 'significant' : 'not significant';
  // For all three metrics higher is better (CES: higher = easier), so up is good.
  const tone = significant ? (direction === 'up' ? 'good' : direction === 'down' ? 'bad' : '') : '';
  return (
    <div class={`change ${tone}`}>
      <p class="change-main">
        <svg class="arrow" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
          <path d={ARROWS[direction]} />
        </svg>
        <span class="visually-hidden">{direction === 'up' ? 'Up' : direction === 'down' ? 'Down' : 'Unchanged'}</span>
        <strong class="change-value">{formatChange(metric, change)}</strong>
        <span class={`verdict ${significant ? 'significant' : ''}`}>{verdict}</span>
      </p>
      <p class="change-detail">
        vs {formatValue(metric, previousValue)} in {previous} (n = {formatCount(previousN)})
      </p>
    </div>
  );
}

function Breakdown({ overall }: { overall: ComparedAggregate }) {
  if (overall.n === 0) return null;
  switch (overall.metric) {
    case 'nps':
      return (
        <p class="breakdown">
          {(['promoters', 'passives', 'detractors'] as const).map((group) => (
            <span key={group}>
              <span class={`dot ${group}`} aria-hidden="true" />
              {formatShare(overall[group], overall.n)} {group}
            </span>
          ))}
        </p>
      );
    case 'csat':
      return <p class="breakdown">Mean {formatMean(overall.mean)} out of 5</p>;
    case 'ces':
      return (
        <p class="breakdown">
          {overall.easyPercent === null ? '—' : formatShare(overall.easy, overall.n)} found it easy (5–7)
        </p>
      );
  }
}

/** One metric's headline: the value, its margin and n, and how it moved against the previous period. */
export function HeadlineCard({ metric, result, period, stale }: HeadlineCardProps) {
  const info = METRIC_INFO[metric];
  const overall = result?.overall;
  const margin = overall ? formatMargin(metric, overall.marginOfError) : null;
  return (
    <section
      class={`card metric-card ${metric}${stale ? ' stale' : ''}`}
      aria-labelledby={`card-${metric}`}
      aria-busy={stale}
    >
      <header class="metric-head">
        <h3 id={`card-${metric}`}>{info.label}</h3>
        <span class="muted">{info.title}</span>
      </header>
      {!overall ? (
        <Skeleton height={118} label={`Loading ${info.label}…`} />
      ) : (
        <>
          <p class="metric-value" data-metric={metric}>
            {formatValue(metric, overall.value)}
          </p>
          <p class="metric-meta">
            {overall.n === 0 ? (
              <span>No answers in this period</span>
            ) : (
              <>
                {margin && <span title="Half-width of the 95% confidence interval">{margin}</span>}
                <span>n = {formatCount(overall.n)}</span>
                <span class="muted">{info.explains}</span>
              </>
            )}
          </p>
          {overall.comparison && <ChangeLine metric={metric} comparison={overall.comparison} period={period} />}
          <Breakdown overall={overall} />
        </>
      )}
    </section>
  );
}
