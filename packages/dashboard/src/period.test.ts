import { describe, expect, it } from 'vitest';
import { addDays, customPeriodProblem, intervalFor, periodDays, presetPeriod, previousPeriodLabel } from './period.ts';

describe('periods', () => {
  it('counts both ends and crosses month and leap-day boundaries', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(periodDays({ from: '2026-03-01', to: '2026-03-01' })).toBe(1);
    expect(periodDays({ from: '2026-01-01', to: '2026-12-31' })).toBe(365);
  });

  it('makes presets that end today and last exactly that many days', () => {
    const period = presetPeriod(30, new Date(2026, 2, 10, 23, 30));
    expect(period).toEqual({ preset: 30, from: '2026-02-09', to: '2026-03-10' });
    expect(periodDays(period)).toBe(30);
  });

  it('picks daily points up to a month, weekly up to a quarter, monthly beyond', () => {
    expect(intervalFor({ from: '2026-03-01', to: '2026-03-31' })).toBe('day');
    expect(intervalFor({ from: '2026-03-01', to: '2026-04-01' })).toBe('week');
    expect(intervalFor(presetPeriod(90))).toBe('week');
    expect(intervalFor({ from: '2026-01-01', to: '2026-06-30' })).toBe('month');
  });

  it('explains what is wrong with a custom range', () => {
    const now = new Date(2026, 2, 10);
    expect(customPeriodProblem('2026-03-01', '2026-03-10', now)).toBeNull();
    expect(customPeriodProblem('', '2026-03-10', now)).toMatch(/both/);
    expect(customPeriodProblem('2026-03-05', '2026-03-01', now)).toMatch(/on or before/);
    expect(customPeriodProblem('2026-03-01', '2026-03-11', now)).toMatch(/after today/);
    expect(customPeriodProblem('1999-12-31', '2026-03-01', now)).toMatch(/2000/);
  });

  it('names the compared period', () => {
    expect(previousPeriodLabel({ from: '2026-03-01', to: '2026-03-07' })).toBe('the previous 7 days');
  });
});
