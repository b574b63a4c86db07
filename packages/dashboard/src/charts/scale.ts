/** Axis arithmetic for the hand-drawn SVG charts: nice ticks, gaps in lines, label spacing. */

export interface Ticks {
  min: number;
  max: number;
  step: number;
  values: number[];
}

/** Round bounds covering [low, high] with about `target` steps of 1, 2 or 5 × 10ⁿ. */
export function niceTicks(low: number, high: number, target = 5): Ticks {
  if (!(high > low)) [low, high] = [low - 1, high + 1];
  const rough = (high - low) / target;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const residual = rough / magnitude;
  const step = (residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1) * magnitude;
  const min = Math.floor(low / step + 1e-9) * step;
  const max = Math.ceil(high / step - 1e-9) * step;
  const values: number[] = [];
  // Multiply rather than add: repeated += 0.1 drifts to 0.30000000000000004.
  for (let index = 0; min + index * step <= max + step / 2; index++) values.push(round(min + index * step, step));
  return { min: round(min, step), max: round(max, step), step, values };
}

function round(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return Number(value.toFixed(decimals));
}

/**
 * The y domain for `values` on a scale bounded by [floor, ceiling]: padded,
 * at least a tenth of the scale tall (so noise does not look like a cliff),
 * and never past the scale's own bounds.
 */
export function valueTicks(values: readonly number[], floor: number, ceiling: number): Ticks {
  if (values.length === 0) return niceTicks(floor, ceiling, 4);
  let low = Math.min(...values);
  let high = Math.max(...values);
  const minimumSpan = (ceiling - floor) / 10;
  if (high - low < minimumSpan) {
    const middle = (low + high) / 2;
    // Centred on the values, but slid back inside the scale when that would cross an end.
    low = Math.min(Math.max(floor, middle - minimumSpan / 2), ceiling - minimumSpan);
    high = low + minimumSpan;
  }
  const padding = (high - low) * 0.08;
  const ticks = niceTicks(Math.max(floor, low - padding), Math.min(ceiling, high + padding), 4);
  const min = Math.max(floor, ticks.min);
  const max = Math.min(ceiling, ticks.max);
  return { ...ticks, min, max, values: ticks.values.filter((value) => value >= min && value <= max) };
}

/** Index runs of consecutive non-null values: each becomes one stroke, so an empty bucket is a gap, not a zero. */
export function runs(values: ReadonlyArray<number | null>): number[][] {
  const result: number[][] = [];
  let current: number[] = [];
  values.forEach((value, index) => {
    if (value === null) {
      if (current.length) result.push(current);
      current = [];
    } else current.push(index);
  });
  if (current.length) result.push(current);
  return result;
}

/** An SVG path through the points, one decimal each (sub-pixel precision is bytes for nothing). */
export function linePath(points: ReadonlyArray<readonly [number, number]>): string {
  return points.map(([x, y], index) => `${index ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`).join('');
}

/** Which of `count` buckets get an axis label when at most `room` labels fit: evenly spaced, the first included. */
export function labelIndexes(count: number, room: number): number[] {
  const every = Math.max(1, Math.ceil(count / Math.max(1, room)));
  const indexes: number[] = [];
  for (let index = 0; index < count; index += every) indexes.push(index);
  return indexes;
}
