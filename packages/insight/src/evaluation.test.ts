import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, parseJsonl, splitDevHeldOut, type LabelledComment } from './evaluation.ts';
import { lexiconAnalyser } from './lexicon-analyser.ts';
import type { CommentInsight } from './types.ts';

const LANGUAGES = ['en', 'th', 'vi'] as const;
const TARGET_MACRO_F1 = 0.75;

function load(language: string): LabelledComment[] {
  return parseJsonl(
    readFileSync(new URL(`../../../test/fixtures/sentiment/${language}.jsonl`, import.meta.url), 'utf8'),
  );
}

function run(examples: readonly LabelledComment[], language: string) {
  return evaluate(
    examples.map(({ text, label }) => ({
      expected: label,
      predicted: (lexiconAnalyser.analyse(text, language) as CommentInsight).sentiment.label,
    })),
  );
}

describe('evaluation set', () => {
  it.each(LANGUAGES)('%s: at least 150 comments, about a third of each class', (language) => {
    const examples = load(language);
    expect(examples.length).toBeGreaterThanOrEqual(150);
    for (const label of ['negative', 'neutral', 'positive'] as const) {
      const share = examples.filter((example) => example.label === label).length / examples.length;
      expect(share).toBeGreaterThan(0.3);
      expect(share).toBeLessThan(0.37);
    }
    expect(new Set(examples.map((example) => example.text)).size).toBe(examples.length);
  });

  it('splits 40% of each class, in file order, into dev and holds out the rest', () => {
    const examples = load('en');
    const { dev, heldOut } = splitDevHeldOut(examples);
    expect(dev.length + heldOut.length).toBe(examples.length);
    expect(dev.filter((example) => example.label === 'neutral')).toEqual(
      examples.filter((example) => example.label === 'neutral').slice(0, dev.length / 3),
    );
    expect(heldOut.some((example) => dev.includes(example))).toBe(false);
  });

  it.each(LANGUAGES)(`%s: macro-F1 on the held-out part is at least ${TARGET_MACRO_F1}`, (language) => {
    const { heldOut } = splitDevHeldOut(load(language));
    const result = run(heldOut, language);
    expect(result.n).toBe(heldOut.length);
    expect(result.macroF1).toBeGreaterThanOrEqual(TARGET_MACRO_F1);
  });
});

describe('evaluate', () => {
  it('computes accuracy, per-class and macro F1 as worked out by hand', () => {
    // expected → predicted: 2 neg→neg, 1 neg→neu, 1 neu→neu, 1 pos→neu, 3 pos→pos
    const result = evaluate([
      { expected: 'negative', predicted: 'negative' },
      { expected: 'negative', predicted: 'negative' },
      { expected: 'negative', predicted: 'neutral' },
      { expected: 'neutral', predicted: 'neutral' },
      { expected: 'positive', predicted: 'neutral' },
      { expected: 'positive', predicted: 'positive' },
      { expected: 'positive', predicted: 'positive' },
      { expected: 'positive', predicted: 'positive' },
    ]);
    expect(result.accuracy).toBe(6 / 8);
    // negative: P 2/2, R 2/3 → F1 0.8; neutral: P 1/3, R 1/1 → 0.5; positive: P 3/3, R 3/4 → 6/7
    expect(result.perLabel.negative.f1).toBeCloseTo(0.8, 10);
    expect(result.perLabel.neutral.f1).toBeCloseTo(0.5, 10);
    expect(result.perLabel.positive.f1).toBeCloseTo(6 / 7, 10);
    expect(result.macroF1).toBeCloseTo((0.8 + 0.5 + 6 / 7) / 3, 10);
    expect(result.confusion.positive).toEqual({ negative: 0, neutral: 1, positive: 3 });
  });

  it('rejects a malformed line, naming it', () => {
    expect(() => parseJsonl('{"text":"ok","label":"neutral"}\n{"text":"x","label":"meh"}')).toThrow(/line 2/);
  });
});
