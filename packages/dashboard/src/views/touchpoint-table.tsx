import { useState } from 'preact/hooks';
import type { ComparedAggregate, MetricName } from '@touchpoint/core/types';
import type { Overview } from '../api/loaders.ts';
import { formatChange, formatCount, formatValue } from '../format.ts';
import { METRIC_INFO, METRICS } from '../metrics.ts';

type Column = 'name' | 'volume' | MetricName;

interface Row {
  name: string;
  volume: number;
  figures: Partial<Record<MetricName, ComparedAggregate>>;
}

interface Sort {
  column: Column;
  descending: boolean;
}

function rowsOf(overview: Overview): Row[] {
  const rows = new Map<string, Row>();
  for (const metric of METRICS) {
    for (const group of overview[metric].groups ?? []) {
      const row = rows.get(group.key) ?? { name: group.key, volume: 0, figures: {} };
      row.volume += group.overall.n;
      row.figures[metric] = group.overall;
      rows.set(group.key, row);
    }
  }
  return [...rows.values()];
}

function sortKey(row: Row, column: Column): number | string | null {
  if (column === 'name') return row.name;
  if (column === 'volume') return row.volume;
  return row.figures[column]?.value ?? null;
}

/** Sorted rows; touchpoints without a figure in the sorted column go last either way. */
function sorted(rows: Row[], { column, descending }: Sort): Row[] {
  return [...rows].sort((left, right) => {
    const a = sortKey(left, column);
    const b = sortKey(right, column);
    if (a === null || b === null) return a === b ? left.name.localeCompare(right.name) : a === null ? 1 : -1;
    const order = typeof a === 'string' ? a.localeCompare(b as string) : a - (b as number);
    return (descending ? -order : order) || left.name.localeCompare(right.name);
  });
}

const COLUMN_LABELS: Record<Column, string> = {
  name: 'Touchpoint',
  volume: 'Answers',
  nps: 'NPS',
  csat: 'CSAT',
  ces: 'CES',
};

function SortIcon({ state }: { state: 'ascending' | 'descending' | undefined }) {
  return (
    <svg class={`sort-icon ${state ?? ''}`} viewBox="0 0 24 24" width="14" height="14" aria-hidden="true">
      <path class="up" d="m8 10 4-4 4 4" />
      <path class="down" d="m8 14 4 4 4-4" />
    </svg>
  );
}

function MetricCell({ metric, figure }: { metric: MetricName; figure: ComparedAggregate | undefined }) {
  if (!figure) {
    return (
      <td class="num muted">
        <span class="cell-value">—</span>
      </td>
    );
  }
  const change = figure.comparison?.change;
  return (
    <td class="num">
      <span class="cell-value">{formatValue(metric, figure.value)}</span>
      <span class="cell-sub">
        n {formatCount(figure.n)}
        {change != null && figure.comparison?.significant && (
          <span class={change > 0 ? 'good' : 'bad'} title={`Significant change against the previous period`}>
            {' '}
            {formatChange(metric, change)}
          </span>
        )}
      </span>
    </td>
  );
}

/** Every touchpoint with answers in the period; the column buttons sort it by name, volume or a score. */
export function TouchpointTable({ overview }: { overview: Overview }) {
  const [sort, setSort] = useState<Sort>({ column: 'volume', descending: true });
  const rows = sorted(rowsOf(overview), sort);
  const busiest = Math.max(1, ...rows.map((row) => row.volume));

  function sortBy(column: Column) {
    // A new column starts with what people look for first: A→Z for names, biggest first for numbers.
    setSort((current) =>
      current.column === column
        ? { column, descending: !current.descending }
        : { column, descending: column !== 'name' },
    );
  }

  const header = (column: Column) => {
    const state = sort.column === column ? (sort.descending ? 'descending' : 'ascending') : undefined;
    return (
      <th key={column} scope="col" aria-sort={state} class={column === 'name' ? undefined : 'num'}>
        <button type="button" class="sort" onClick={() => sortBy(column)}>
          {COLUMN_LABELS[column]}
          {column !== 'name' && column !== 'volume' && (
            <span class="visually-hidden"> ({METRIC_INFO[column].title})</span>
          )}
          <SortIcon state={state} />
        </button>
      </th>
    );
  };

  return (
    <div class="table-scroll">
      <table class="touchpoints">
        <caption class="visually-hidden">
          Touchpoints in this period. The column headers are buttons that sort the table.
        </caption>
        <thead>
          <tr>{(['name', 'volume', ...METRICS] as Column[]).map(header)}</tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <th scope="row" class="touchpoint-name">
                {row.name}
              </th>
              <td class="num">
                <span class="cell-value">{formatCount(row.volume)}</span>
                <span class="volume-bar" aria-hidden="true">
                  <span style={{ width: `${(100 * row.volume) / busiest}%` }} />
                </span>
              </td>
              {METRICS.map((metric) => (
                <MetricCell key={metric} metric={metric} figure={row.figures[metric]} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
