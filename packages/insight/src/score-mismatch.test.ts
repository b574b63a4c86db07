import { describe, expect, it } from 'vitest';
import { scoreMismatch } from './score-mismatch.ts';

describe('scoreMismatch', () => {
  it('flags promoters with a negative comment', () => {
    expect(scoreMismatch('nps', 9, 'negative')).toBe(true);
    expect(scoreMismatch('nps', 10, 'negative')).toBe(true);
    expect(scoreMismatch('csat', 4, 'negative')).toBe(true);
    expect(scoreMismatch('csat', 5, 'negative')).toBe(true);
    expect(scoreMismatch('ces', 6, 'negative')).toBe(true);
    expect(scoreMismatch('ces', 7, 'negative')).toBe(true);
  });

  it('flags detractors with a positive comment', () => {
    expect(scoreMismatch('nps', 0, 'positive')).toBe(true);
    expect(scoreMismatch('nps', 6, 'positive')).toBe(true);
    expect(scoreMismatch('csat', 1, 'positive')).toBe(true);
    expect(scoreMismatch('csat', 2, 'positive')).toBe(true);
    expect(scoreMismatch('ces', 3, 'positive')).toBe(true);
  });

  it('leaves agreeing, middling and neutral answers alone', () => {
    expect(scoreMismatch('nps', 9, 'positive')).toBe(false);
    expect(scoreMismatch('nps', 2, 'negative')).toBe(false);
    expect(scoreMismatch('nps', 7, 'negative')).toBe(false); // passive
    expect(scoreMismatch('nps', 8, 'positive')).toBe(false);
    expect(scoreMismatch('nps', 10, 'neutral')).toBe(false);
    expect(scoreMismatch('csat', 3, 'negative')).toBe(false);
    expect(scoreMismatch('csat', 3, 'positive')).toBe(false);
    expect(scoreMismatch('ces', 5, 'negative')).toBe(false);
    expect(scoreMismatch('ces', 4, 'positive')).toBe(false);
  });

  it('never flags nonsense', () => {
    expect(scoreMismatch('nps', Number.NaN, 'negative')).toBe(false);
    expect(scoreMismatch('stars' as 'nps', 5, 'negative')).toBe(false);
  });
});
