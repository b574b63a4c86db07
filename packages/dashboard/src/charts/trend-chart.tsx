import type { TargetedKeyboardEvent, TargetedPointerEvent } from 'preact';
import { useId, useState } from 'preact/hooks';
import type { Interval, MetricName } from '@touchpoint/core/types';
import { describeBucket, formatBucket, formatCount, formatValue } from '../format.ts';
import { useWidth } from '../hooks/use-width.ts';
import { METRIC_INFO } from '../metrics.ts';
import { labelIndexes, linePath, runs, valueTicks } from './scale.ts';

export interface TrendPoint {
  value: number | null;
  n: number;
}

export interface TrendLine {
  key: string;
  label: string;
  /** Palette slot 0–7; null draws the dashed all-touchpoints line. */
  color: number | null;
  points: TrendPoint[];
}

export interface TrendChartProps {
  metric: MetricName;
  interval: Interval;
  /** `start` of each bucket, `YYYY-MM-DD`. */
  buckets: string[];
  lines: TrendLine[];
  /** Names the chart for assistive technology. */
  label: string;
}

const MARGIN = { top: 14, right: 16, bottom: 30, left: 46 };
/** With this few buckets every point gets a dot; with more, dots would crowd the line. */
const DOTS_UP_TO = 16;

const lineClass = (line: TrendLine) => (line.color === null ? 'series all' : `series s${line.color}`);

/**
 * A line per touchpoint over time, as inline SVG: y ticks and grid, x labels,
 * a gap wherever a bucket had no answers, and a readout that follows the
 * pointer or the arrow keys.
 */
export function TrendChart({ metric, interval, buckets, lines, label }: TrendChartProps) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const [active, setActive] = useState<number | null>(null);
  const readoutId = useId();
  const info = METRIC_INFO[metric];
  const height = width < 480 ? 210 : 250;
  const plotWidth = Math.max(1, width - MARGIN.left - MARGIN.right);
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const values = lines.flatMap((line) => line.points.flatMap((point) => (point.value === null ? [] : [point.value])));
  const ticks = valueTicks(values, info.valueMin, info.valueMax);
  const x = (index: number) => MARGIN.left + (plotWidth * (index + 0.5)) / buckets.length;
  const y = (value: number) => MARGIN.top + (plotHeight * (ticks.max - value)) / (ticks.max - ticks.min || 1);
  const tickDecimals = ticks.step < 1 ? 1 : 0;
  const tickText = (value: number) =>
    metric === 'nps' && value > 0
      ? `+${value}`
      : metric === 'csat'
        ? `${value}%`
        : value.toFixed(metric === 'ces' ? tickDecimals : 0);

  function pick(event: TargetedPointerEvent<SVGRectElement>): void {
    const box = event.currentTarget.getBoundingClientRect();
    const fraction = (event.clientX - box.left) / box.width;
    setActive(Math.min(buckets.length - 1, Math.max(0, Math.floor(fraction * buckets.length))));
  }

  function onKeyDown(event: TargetedKeyboardEvent<HTMLDivElement>): void {
    const last = buckets.length - 1;
    const current = active ?? last;
    const next = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setActive(Math.min(last, Math.max(0, next)));
  }

  const readout = active === null ? null : buckets[active];
  return (
    <div class="trend">
      <div
        ref={ref}
        class="chart-frame"
        tabIndex={0}
        role="group"
        aria-label={`${label}. Use the left and right arrow keys to read each ${interval}.`}
        aria-describedby={readoutId}
        onKeyDown={onKeyDown}
        onFocus={() => setActive((current) => current ?? buckets.length - 1)}
        onBlur={() => setActive(null)}
      >
        <svg class="chart" viewBox={`0 0 ${width} ${height}`} width={width} height={height} aria-hidden="true">
          <g class="grid">
            {ticks.values.map((value) => (
              <g key={value}>
                <line
                  class={metric === 'nps' && value === 0 ? 'zero' : undefined}
                  x1={MARGIN.left}
                  x2={width - MARGIN.right}
                  y1={y(value)}
                  y2={y(value)}
                />
                <text x={MARGIN.left - 8} y={y(value)} dy="0.32em" text-anchor="end">
                  {tickText(value)}
                </text>
              </g>
            ))}
          </g>
          <g class="axis">
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={height - MARGIN.bottom} y2={height - MARGIN.bottom} />
            {labelIndexes(buckets.length, Math.floor(plotWidth / 68)).map((index) => (
              <text key={index} x={x(index)} y={height - 10} text-anchor="middle">
                {formatBucket(buckets[index]!, interval)}
              </text>
            ))}
          </g>
          {active !== null && (
            <line class="guide" x1={x(active)} x2={x(active)} y1={MARGIN.top} y2={height - MARGIN.bottom} />
          )}
          {lines.map((line) => {
            const strokes = runs(line.points.map((point) => point.value));
            const dots =
              buckets.length <= DOTS_UP_TO ? strokes.flat() : strokes.filter((run) => run.length === 1).flat();
            return (
              <g key={line.key} class={lineClass(line)} data-series={line.color === null ? undefined : line.key}>
                {strokes
                  .filter((run) => run.length > 1)
                  .map((run) => (
                    <path key={run[0]} d={linePath(run.map((index) => [x(index), y(line.points[index]!.value!)]))} />
                  ))}
                {dots.map((index) => (
                  <circle key={index} cx={x(index)} cy={y(line.points[index]!.value!)} r={2.75} />
                ))}
                {active !== null && line.points[active]?.value != null && (
                  <circle class="focus" cx={x(active)} cy={y(line.points[active]!.value!)} r={4.5} />
                )}
              </g>
            );
          })}
          <rect
            class="hit"
            x={MARGIN.left}
            y={MARGIN.top}
            width={plotWidth}
            height={plotHeight}
            onPointerMove={pick}
            onPointerDown={pick}
            onPointerLeave={() => setActive(null)}
          />
        </svg>
        <div
          id={readoutId}
          class="readout"
          role="status"
          hidden={readout === null}
          style={
            active === null ? undefined : { insetInlineStart: `${Math.min(Math.max(x(active), 90), width - 90)}px` }
          }
        >
          {readout !== null && active !== null && (
            <>
              <strong>{describeBucket(readout!, interval)}</strong>
              <ul>
                {lines.map((line) => (
                  <li key={line.key}>
                    <span class={`swatch ${lineClass(line)}`} aria-hidden="true" />
                    {line.label}: {formatValue(metric, line.points[active]?.value ?? null)}{' '}
                    <span class="muted">(n = {formatCount(line.points[active]?.n ?? 0)})</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </div>
      <ul class="legend">
        {lines.map((line) => (
          <li key={line.key}>
            <span class={`swatch ${lineClass(line)}`} aria-hidden="true" />
            {line.label}
          </li>
        ))}
      </ul>
      <details class="data-table">
        <summary>Show the numbers</summary>
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">{label}</caption>
            <thead>
              <tr>
                <th scope="col">{interval === 'day' ? 'Day' : interval === 'week' ? 'Week of' : 'Month'}</th>
                {lines.map((line) => (
                  <th key={line.key} scope="col">
                    {line.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {buckets.map((start, index) => (
                <tr key={start}>
                  <th scope="row">{describeBucket(start, interval)}</th>
                  {lines.map((line) => (
                    <td key={line.key}>
                      {formatValue(metric, line.points[index]?.value ?? null)}
                      <span class="muted"> · n {formatCount(line.points[index]?.n ?? 0)}</span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
