import { describe, expect, it } from 'vitest';
import type { Lexicon } from '../lexicon.ts';
import { emoji } from './emoji.ts';
import { builtInLexicons } from './index.ts';

const keysOf = (lexicon: Lexicon) => [
  ...Object.keys(lexicon.polarity),
  ...lexicon.negators,
  ...Object.keys(lexicon.clauseFinalNegators ?? {}),
  ...Object.keys(lexicon.boosters),
  ...Object.keys(lexicon.postBoosters),
  ...lexicon.contrast,
  ...lexicon.concessive,
  ...lexicon.aspects,
  ...lexicon.stopwords,
];

describe.each(builtInLexicons.map((lexicon) => [lexicon.language, lexicon] as const))('%s lexicon', (_, lexicon) => {
  it('writes every key as the tokenizer will see it', () => {
    for (const key of keysOf(lexicon)) {
      expect(key, key).toBe(key.normalize('NFC').toLowerCase().trim());
      expect(key, key).not.toMatch(/\s{2}|ๆ/); // ๆ is read as emphasis and stripped
      if (lexicon.joiner === '') expect(key, key).not.toMatch(/\s/);
    }
  });

  it('keeps weights within ±3 and boosters within ±1', () => {
    for (const polarity of Object.values(lexicon.polarity)) {
      for (const weight of typeof polarity === 'number' ? [polarity] : polarity) {
        expect(Math.abs(weight)).toBeLessThanOrEqual(3);
      }
    }
    for (const weight of [...Object.values(lexicon.boosters), ...Object.values(lexicon.postBoosters)]) {
      expect(Math.abs(weight)).toBeLessThan(1);
    }
  });

  it('does not make a sentiment word a stopword or a domain term', () => {
    const plain = (key: string) => {
      const polarity = lexicon.polarity[key];
      return polarity === undefined ? 0 : typeof polarity === 'number' ? polarity : polarity[0];
    };
    for (const key of [...lexicon.stopwords, ...lexicon.aspects]) expect(plain(key), key).toBe(0);
  });
});

it('scores emoji without variation selectors or skin tones', () => {
  for (const key of emoji.keys()) expect(key).not.toMatch(/[\uFE0F\u{1F3FB}-\u{1F3FF}]/u);
});
