import { describe, expect, it } from 'vitest';
import { labelIndexes, linePath, niceTicks, runs, valueTicks } from './scale.ts';

describe('chart scales', () => {
  it('picks round ticks covering the range', () => {
    expect(niceTicks(-100, 100, 4)).toMatchObject({ min: -100, max: 100, step: 50, values: [-100, -50, 0, 50, 100] });
    expect(niceTicks(3.2, 6.1, 4).values).toEqual([3, 4, 5, 6, 7]);
    expect(niceTicks(0.1, 0.5, 4).values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
  });

  it('keeps the y domain inside the scale and at least a tenth of it tall', () => {
    const nps = valueTicks([98, 100], -100, 100);
    expect(nps.max).toBe(100);
    expect(nps.max - nps.min).toBeGreaterThanOrEqual(20);
    const ces = valueTicks([1.1, 1.4], 1, 7);
    expect(ces.min).toBe(1);
    expect(ces.values.every((value) => value >= 1 && value <= 7)).toBe(true);
    expect(valueTicks([], 0, 100)).toMatchObject({ min: 0, max: 100 });
  });

  it('breaks lines where a bucket has no answers', () => {
    expect(runs([1, 2, null, 4, null, null, 7, 8])).toEqual([[0, 1], [3], [6, 7]]);
    expect(runs([null, null])).toEqual([]);
  });

  it('draws paths and spaces labels', () => {
    expect(
      linePath([
        [0, 1],
        [10.04, 2.26],
      ]),
    ).toBe('M0.0 1.0L10.0 2.3');
    expect(labelIndexes(30, 6)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(labelIndexes(4, 10)).toEqual([0, 1, 2, 3]);
  });
});
