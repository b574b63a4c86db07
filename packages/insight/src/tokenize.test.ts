import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.ts';

const words = (text: string, language = 'en') =>
  tokenize(text, language, false)
    .filter((token) => token.kind === 'word' || token.kind === 'emoji')
    .map((token) => `${token.kind === 'emoji' ? 'emoji:' : ''}${token.text}${token.emphatic ? '!' : ''}`);

describe('tokenize', () => {
  it('squeezes a letter written three or more times and marks the word emphatic', () => {
    expect(words('Sooooo goood, thx')).toEqual(['soo!', 'good!', 'thx']);
    // Thai never triples a letter: the run becomes one.
    expect(words('ดีมากกก', 'th')).toEqual(['ดี', 'มาก!']);
  });

  it('leaves doubled letters alone', () => {
    expect(words('good coffee, too')).toEqual(['good', 'coffee', 'too']);
  });

  it('squeezes letters outside the Basic Multilingual Plane too', () => {
    // U+1D41A MATHEMATICAL BOLD SMALL A, a letter written as two UTF-16 units.
    expect(words('b\u{1D41A}\u{1D41A}\u{1D41A}d')).toEqual(['b\u{1D41A}\u{1D41A}d!']);
  });

  it('reads emoticons as the emoji they stand for', () => {
    expect(words('thanks :)')).toEqual(['thanks', 'emoji:🙂']);
    expect(words('see you <3')).toEqual(['see', 'you', 'emoji:❤']);
    expect(words('late again :-(')).toEqual(['late', 'again', 'emoji:🙁']);
  });

  it('keeps ratios and times that look like emoticons as they are', () => {
    expect(words('rated 10:30 today')).toEqual(['rated', '10', '30', 'today']);
  });
});
