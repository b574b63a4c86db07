import type { AggregatesResult, Interval, MetricName } from '@touchpoint/core/types';
import type { Api } from '../api/client.ts';
import { loadOverview, type Overview } from '../api/loaders.ts';
import type { Filters } from '../api/paths.ts';
import { DistributionChart, type DistributionRow } from '../charts/distribution-chart.tsx';
import { TrendChart, type TrendLine } from '../charts/trend-chart.tsx';
import { useResource } from '../hooks/use-resource.ts';
import { METRIC_INFO, METRICS } from '../metrics.ts';
import { intervalFor } from '../period.ts';
import { HeadlineCard } from './headline-card.tsx';
import { EmptyState, ErrorNote, Skeleton } from './states.tsx';
import { TouchpointTable } from './touchpoint-table.tsx';

/** Lines per chart: past eight colours, lines stop being tellable apart. */
const MAX_LINES = 8;
const INTERVAL_WORDS: Record<Interval, string> = { day: 'Daily', week: 'Weekly', month: 'Monthly' };

/** One colour per touchpoint across every chart of the view, so checkout is the same blue everywhere. */
function paletteOf(overview: Overview): (touchpoint: string) => number {
  const names = [...new Set(METRICS.flatMap((metric) => (overview[metric].groups ?? []).map((group) => group.key)))];
  names.sort((left, right) => left.localeCompare(right));
  return (touchpoint) => names.indexOf(touchpoint) % MAX_LINES;
}

function trendLines(result: AggregatesResult, colorOf: (touchpoint: string) => number): TrendLine[] {
  const groups = (result.groups ?? []).slice(0, MAX_LINES); // the API sorts groups busiest first
  const lines: TrendLine[] = groups.map((group) => ({
    key: group.key,
    label: group.key,
    color: colorOf(group.key),
    points: (group.series ?? []).map(({ value, n }) => ({ value, n })),
  }));
  if (groups.length > 1) {
    lines.push({
      key: '\u0000all', // cannot collide with a touchpoint name
      label: 'All touchpoints',
      color: null,
      points: (result.series ?? []).map(({ value, n }) => ({ value, n })),
    });
  }
  return lines;
}

function TrendPanel({
  metric,
  result,
  colorOf,
  wide,
}: {
  metric: MetricName;
  result: AggregatesResult | undefined;
  colorOf: (touchpoint: string) => number;
  wide?: boolean;
}) {
  const info = METRIC_INFO[metric];
  const hidden = Math.max(0, (result?.groups?.length ?? 0) - MAX_LINES);
  return (
    <section class={`panel trend-panel${wide ? ' wide' : ''}`} aria-labelledby={`trend-${metric}`}>
      <header class="panel-head">
        <h3 id={`trend-${metric}`}>{info.label} over time</h3>
        {result?.interval && (
          <span class="muted">
            {INTERVAL_WORDS[result.interval]}, by touchpoint{hidden ? ` (the ${MAX_LINES} busiest)` : ''}
          </span>
        )}
      </header>
      {!result ? (
        <Skeleton height={250} label={`Loading the ${info.label} trend…`} />
      ) : result.overall.n === 0 ? (
        <EmptyState title="No answers in this period">
          No {info.label} answers between these dates{result.touchpoints ? ' at these touchpoints' : ''}.
        </EmptyState>
      ) : (
        <TrendChart
          metric={metric}
          interval={result.interval ?? 'day'}
          buckets={(result.series ?? []).map((point) => point.start)}
          lines={trendLines(result, colorOf)}
          label={`${info.title} (${info.label}) ${INTERVAL_WORDS[result.interval ?? 'day'].toLowerCase()}, one line per touchpoint`}
        />
      )}
    </section>
  );
}

function distributionRows(result: AggregatesResult): DistributionRow[] {
  const row = (key: string, label: string, figure: AggregatesResult['overall'], total = false): DistributionRow =>
    figure.metric === 'nps'
      ? { key, label, total, promoters: figure.promoters, passives: figure.passives, detractors: figure.detractors }
      : { key, label, total, promoters: 0, passives: 0, detractors: 0 };
  const groups = (result.groups ?? []).map((group) => row(group.key, group.key, group.overall));
  return groups.length > 1 ? [row('\u0000all', 'All touchpoints', result.overall, true), ...groups] : groups;
}

export interface OverviewViewProps {
  api: Api;
  filters: Filters;
  tz: string;
}

/** Headline cards, a trend per metric, the NPS distribution and the touchpoint table for the filters. */
export function OverviewView({ api, filters, tz }: OverviewViewProps) {
  const { period, touchpoints } = filters;
  const overview = useResource(
    (signal) => loadOverview(api, filters, tz, signal),
    [api, period.from, period.to, touchpoints.join(','), tz],
  );
  if (overview.status === 'error') {
    return (
      <section class="panel">
        <h2>Overview</h2>
        <ErrorNote error={overview.error} onRetry={overview.reload} />
      </section>
    );
  }
  const data = overview.data;
  const stale = overview.status === 'loading';
  const colorOf = data ? paletteOf(data) : () => 0;
  const empty = data !== undefined && METRICS.every((metric) => data[metric].overall.n === 0);
  const interval = intervalFor(period);
  return (
    <div class={`overview${stale && data ? ' stale' : ''}`} aria-busy={stale}>
      <h2 class="visually-hidden">Overview</h2>
      <div class="cards">
        {METRICS.map((metric) => (
          <HeadlineCard key={metric} metric={metric} result={data?.[metric]} period={period} stale={stale} />
        ))}
      </div>
      {empty ? (
        <section class="panel">
          <EmptyState title="No answers in this period">
            Try a longer period{touchpoints.length ? ' or more touchpoints' : ''}.
          </EmptyState>
        </section>
      ) : (
        <>
          <div class="trend-grid" data-interval={interval}>
            {METRICS.map((metric, index) => (
              <TrendPanel key={metric} metric={metric} result={data?.[metric]} colorOf={colorOf} wide={index === 0} />
            ))}
          </div>
          <div class="split">
            <section class="panel" aria-labelledby="distribution-title">
              <header class="panel-head">
                <h3 id="distribution-title">NPS distribution</h3>
                <span class="muted">Share of detractors, passives and promoters</span>
              </header>
              {!data ? (
                <Skeleton height={200} />
              ) : data.nps.overall.n === 0 ? (
                <EmptyState title="No answers in this period">No NPS answers between these dates.</EmptyState>
              ) : (
                <DistributionChart rows={distributionRows(data.nps)} label="NPS answers by category, per touchpoint" />
              )}
            </section>
            <section class="panel" aria-labelledby="touchpoints-title">
              <header class="panel-head">
                <h3 id="touchpoints-title">Touchpoints</h3>
                <span class="muted">Sort by a column; changes shown where significant</span>
              </header>
              {data ? <TouchpointTable overview={data} /> : <Skeleton height={200} />}
            </section>
          </div>
        </>
      )}
    </div>
  );
}
