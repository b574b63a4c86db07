import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { icuSegments, latinSegments, ROOT_RULE_LANGUAGES, wordSegments } from './word-segments.ts';

const icu = (text: string, language = 'en') =>
  [...icuSegments(text, language)].map(({ segment, index, isWordLike }) => ({ segment, index, isWordLike }));

/** Every code point the fast path takes on its own. */
function fastAlphabet(): string[] {
  const accepted: string[] = [];
  for (let codePoint = 0; codePoint <= 0x1ffff; codePoint++) {
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
    const character = String.fromCodePoint(codePoint);
    if (latinSegments(character) !== null) accepted.push(character);
  }
  return accepted;
}

describe('latinSegments: the fast path gives what Intl.Segmenter gives', () => {
  it('agrees with ICU on every character it accepts, between letters, digits, spaces and itself', () => {
    const alphabet = fastAlphabet();
    // Latin letters with their accents, ASCII digits and punctuation, emoji: thousands, not a handful.
    expect(alphabet.length).toBeGreaterThan(4000);
    for (const expected of ['a', 'Z', 'é', 'đ', 'ư', '0', '_', '.', "'", ',', ' ', '\n', '€', '👍', '❤']) {
      expect(alphabet).toContain(expected);
    }
    const disagreements: string[] = [];
    for (const c of alphabet) {
      for (const text of [c, c + c, `x${c}y`, `1${c}2`, ` ${c} `, `_${c}_`, `x${c}`, `${c}1`]) {
        const fast = latinSegments(text);
        if (fast === null || JSON.stringify(fast) !== JSON.stringify(icu(text)))
          disagreements.push(JSON.stringify(text));
      }
    }
    expect(disagreements.slice(0, 20)).toEqual([]);
  });

  it('leaves to ICU what needs its dictionaries or rules it does not know', () => {
    for (const text of [
      'ส่งของเร็วมาก', // Thai: no spaces between words
      '配送很快', // Han
      'cafe\u0301', // a combining accent after NFC would have composed it
      'a\u2019b', // ’ joins letters in ICU; tokenize turns it into ' first
      'a\u202Fb', // narrow no-break space joins words in ICU
      'x\u00ADy', // soft hyphen
      '🇹🇭', // a flag: a pair of regional indicators
      'ℹ️ info', // a pictograph that is also a letter
      'a\uFE0F', // a variation selector after a letter
    ]) {
      expect(latinSegments(text), text).toBeNull();
    }
  });

  it('agrees with ICU on random text in every language it serves', () => {
    // Weighted toward the characters UAX #29 treats specially.
    const piece = fc.constantFrom(
      ...['a', 'b', 'é', 'đ', 'Q', '0', '7', '_', '.', "'", ':', ',', ';', ' ', '  ', '\t', '\n', '\r', '\r\n'],
      ...['-', '!', '?', '"', '(', '…', '–', '\u00A0', '👍', '🏽', '\uFE0F', '\u200D', '❤', '👨', '©', 'ส', '\u0301'],
    );
    let fastPathTaken = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), fc.constantFrom(...ROOT_RULE_LANGUAGES), (pieces, language) => {
        const text = pieces.join('');
        const fast = latinSegments(text);
        if (fast !== null) fastPathTaken++;
        expect(fast ?? icu(text, language)).toEqual(icu(text, language));
        expect([...wordSegments(text, language)].map((s) => s.segment).join('')).toBe(text);
      }),
      { numRuns: 3000 },
    );
    // The property means something only if the fast path ran often.
    expect(fastPathTaken).toBeGreaterThan(600);
  });

  it('keeps comments whole: every segment in order, nothing dropped', () => {
    const text = "Don't ship 1,000.5 items: e.g. 👍🏽 or 👨‍👩‍👧!\r\nGiao hàng nhanh…";
    const segments = latinSegments(text)!;
    expect(segments.map((s) => s.segment).join('')).toBe(text);
    expect(segments.filter((s) => s.isWordLike).map((s) => s.segment)).toEqual([
      "Don't",
      'ship',
      '1,000.5',
      'items',
      'e.g',
      'or',
      'Giao',
      'hàng',
      'nhanh',
    ]);
  });
});
