import { describe, expect, it } from 'vitest';
import {
  addCounts,
  compareSummaries,
  countScores,
  npsCategory,
  summarize,
  summarizeCes,
  summarizeCsat,
  summarizeNps,
} from './metric-math.ts';

// Every expected value below was worked out by hand from the definitions in the
// README (z = 1.959964, sample variance with n − 1); the derivation is in the comment.

describe('NPS', () => {
  it('is null, not 0 or NaN, with no answers', () => {
    expect(summarizeNps(countScores('nps', []))).toEqual({
      metric: 'nps',
      n: 0,
      value: null,
      promoters: 0,
      passives: 0,
      detractors: 0,
      marginOfError: null,
      mean: null,
    });
  });

  it('has no margin of error for a single answer', () => {
    const summary = summarizeNps(countScores('nps', [7]));
    expect(summary).toMatchObject({ n: 1, value: 0, passives: 1, marginOfError: null, mean: 7 });
  });

  it('balances two promoters, two passives and two detractors to 0', () => {
    // X = +1,+1,0,0,−1,−1: mean 0, s² = 4/5 = 0.8, SE = √(0.8/6) = 0.36515, MoE = 1.96·SE·100 = 71.568
    const summary = summarizeNps(countScores('nps', [10, 9, 8, 7, 6, 0]));
    expect(summary).toMatchObject({ n: 6, value: 0, promoters: 2, passives: 2, detractors: 2 });
    expect(summary.marginOfError).toBeCloseTo(71.568, 3);
    expect(summary.mean).toBeCloseTo(40 / 6, 10);
  });

  it('scores 7 promoters, 1 passive and 2 detractors out of 10 as 50', () => {
    // 70% − 20% = 50. X sum = 5, sum of squares = 9, s² = (9 − 25/10)/9 = 0.72222,
    // SE = √(0.072222) = 0.26874, MoE = 52.672. Mean = 79/10.
    const summary = summarizeNps(countScores('nps', [10, 10, 10, 10, 10, 9, 9, 8, 3, 0]));
    expect(summary.value).toBe(50);
    expect(summary.marginOfError).toBeCloseTo(52.672, 3);
    expect(summary.mean).toBeCloseTo(7.9, 10);
  });

  it('reaches the ends of its range with zero spread', () => {
    expect(summarizeNps(countScores('nps', [9, 10, 10]))).toMatchObject({ value: 100, marginOfError: 0 });
    expect(summarizeNps(countScores('nps', [0, 6]))).toMatchObject({ value: -100, marginOfError: 0 });
  });

  it('draws the category boundaries at 6/7 and 8/9', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsCategory)).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });
});

describe('CSAT', () => {
  it('is the top-2-box percentage with its mean', () => {
    // 4 and 5 are satisfied: 2 of 5 = 40%. Mean = 15/5 = 3.
    // 0/1 variable: s² = (2 − 4/5)/4 = 0.3, SE = √(0.3/5) = 0.24495, MoE = 48.009.
    const summary = summarizeCsat(countScores('csat', [5, 4, 3, 2, 1]));
    expect(summary).toMatchObject({ n: 5, value: 40, satisfied: 2, mean: 3 });
    expect(summary.marginOfError).toBeCloseTo(48.009, 3);
  });

  it('is 100 when everyone is satisfied', () => {
    expect(summarizeCsat(countScores('csat', [5, 5, 4, 4]))).toMatchObject({ value: 100, mean: 4.5, marginOfError: 0 });
  });

  it('is null with no answers', () => {
    expect(summarizeCsat(countScores('csat', []))).toMatchObject({
      n: 0,
      value: null,
      mean: null,
      marginOfError: null,
    });
  });
});

describe('CES', () => {
  it('is the mean with the share of 5–7 answers', () => {
    // Mean = 25/5 = 5; 5, 6, 7 are easy: 3 of 5 = 60%.
    // s² = (135 − 625/5)/4 = 2.5, SE = √(2.5/5) = 0.70711, MoE = 1.3859.
    const summary = summarizeCes(countScores('ces', [7, 6, 5, 4, 3]));
    expect(summary).toMatchObject({ n: 5, value: 5, mean: 5, easy: 3, easyPercent: 60 });
    expect(summary.marginOfError).toBeCloseTo(1.3859, 4);
  });

  it('handles a single answer and no answers', () => {
    expect(summarizeCes(countScores('ces', [1]))).toMatchObject({
      n: 1,
      value: 1,
      easyPercent: 0,
      marginOfError: null,
    });
    expect(summarizeCes(countScores('ces', []))).toMatchObject({ n: 0, value: null, easyPercent: null });
  });
});

describe('histograms', () => {
  it('merge by adding counts score by score', () => {
    // 2 promoters, 1 passive, 1 detractor of 4: 50% − 25% = 25.
    const merged = addCounts(countScores('nps', [10, 0]), countScores('nps', [10, 8]));
    expect(merged).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2]);
    expect(summarize('nps', merged).value).toBe(25);
  });

  it('ignore slot 0 for scales that start at 1', () => {
    const counts = countScores('csat', [5]);
    counts[0] = 99;
    expect(summarize('csat', counts).n).toBe(1);
  });
});

describe('period comparison', () => {
  const counts = (promoters: number, passives: number, detractors: number) => {
    const histogram = countScores('nps', []);
    histogram[10] = promoters;
    histogram[8] = passives;
    histogram[0] = detractors;
    return histogram;
  };

  it('calls a 50-point rise on 100 answers each significant', () => {
    // Now: 60 P, 20 Pa, 20 D → 40; s² = (80 − 40²/100)/99 = 0.64646, MoE = 15.759.
    // Before: 30 P, 30 Pa, 40 D → −10; s² = (70 − 10²/100)/99 = 0.69697, MoE = 16.363.
    // √(15.759² + 16.363²) = 22.717 < 50 → significant.
    const comparison = compareSummaries(summarizeNps(counts(60, 20, 20)), summarizeNps(counts(30, 30, 40)));
    expect(comparison).toMatchObject({ previousValue: -10, previousN: 100, change: 50, significant: true });
  });

  it('calls a 50-point fall on six and ten answers noise', () => {
    // MoEs 71.568 and 52.672 from the tables above: √(71.568² + 52.672²) = 88.86 > 50.
    const now = summarizeNps(countScores('nps', [10, 9, 8, 7, 6, 0]));
    const before = summarizeNps(countScores('nps', [10, 10, 10, 10, 10, 9, 9, 8, 3, 0]));
    expect(compareSummaries(now, before)).toMatchObject({ change: -50, significant: false });
  });

  it('cannot judge without two answers on each side, nor from two zero spreads', () => {
    expect(compareSummaries(summarizeNps(counts(5, 0, 0)), summarizeNps(counts(0, 0, 1)))).toMatchObject({
      change: 200,
      significant: null,
    });
    expect(compareSummaries(summarizeNps(counts(5, 0, 0)), summarizeNps(counts(0, 0, 5))).significant).toBe(false);
    expect(compareSummaries(summarizeNps(counts(5, 0, 0)), summarizeNps(counts(0, 0, 0)))).toMatchObject({
      previousValue: null,
      change: null,
      significant: null,
    });
  });

  it('compares CSAT percentages with their own margins', () => {
    // 40% (MoE 48.009) against 100% (MoE 0): √(48.009²) = 48.009 < 60 → significant.
    const now = summarizeCsat(countScores('csat', [5, 4, 3, 2, 1]));
    const before = summarizeCsat(countScores('csat', [5, 5, 4, 4]));
    expect(compareSummaries(now, before)).toMatchObject({ change: -60, significant: true });
  });
});

describe('sentiment', () => {
  it('nets positive against negative comments, like NPS', () => {
    // 3 negative, 1 neutral, 6 positive of 10 → 60% − 30% = 30.
    // X = −1,−1,−1,0,+1×6: sum 3, sum of squares 9, s² = (9 − 0.9)/9 = 0.9, MoE = 1.96·√(0.09)·100 = 58.799.
    const summary = summarize('sentiment', [3, 1, 6]);
    expect(summary).toMatchObject({ metric: 'sentiment', n: 10, value: 30, negative: 3, neutral: 1, positive: 6 });
    expect(summary.marginOfError).toBeCloseTo(58.799, 3);
    expect(summarize('sentiment', [0, 0, 0])).toMatchObject({ n: 0, value: null, marginOfError: null });
  });
});
