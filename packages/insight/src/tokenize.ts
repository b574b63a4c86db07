/**
 * Text → tokens. Words come from wordSegments: Intl.Segmenter (Node, Workers and
 * browsers all ship it with ICU word-break dictionaries, which is what Thai needs:
 * it writes no spaces between words), or its faster equal for Latin-script text.
 */
import { wordSegments } from './word-segments.ts';

export type TokenKind = 'word' | 'emoji' | 'break' | 'stop';

export interface Token {
  kind: TokenKind;
  /** Lower-case, NFC; for 'break' and 'stop' the punctuation itself. */
  text: string;
  /** Written with stress: a repeated letter ("soooo", "มากกก") or Thai ๆ ("ชอบๆ"). */
  emphatic: boolean;
  /** Latin letters, digits and apostrophes only: an English word may be borrowed here. */
  latin: boolean;
}

// Emoticons become the emoji they stand for, so one emoji table scores both.
const EMOTICONS: [RegExp, string][] = [
  [/(?<![\p{L}\p{N}])[:;=]'?-?[)\]dp]+(?![\p{L}\p{N}])/gu, ' 🙂 '],
  [/(?<![\p{L}\p{N}])[:;=]'?-?[([]+/gu, ' 🙁 '],
  [/<3+/g, ' ❤ '],
];
// Every emoticon above starts with one of these.
const EMOTICON_CHARACTER = /[:;=<]/;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const EMOJI_NOISE = /[\uFE0F\u{1F3FB}-\u{1F3FF}]/gu; // variation selector, skin tones
const LATIN = /^[a-z0-9'+&.-]+$/;
const SENTENCE_END = /[.!?…。\n]/;
const CLAUSE_END = /[,;:()[\]{}"“”«»–—/|]/;
// Three or more of the same letter (or Thai vowel/tone mark) in a row.
const ELONGATED = /(\p{L}|\p{M})\1{2,}/gu;
const THAI_NOT = 'ไม่';
const THAI_REPEAT = 'ๆ';

/**
 * Whether ELONGATED could match: three equal UTF-16 units in a row, or any surrogate (a
 * tripled letter outside the BMP is not three equal units). A plain loop: the regular
 * expression, run on every comment, was the costliest part of normalising.
 */
function mayHaveElongation(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) return true;
    if (unit === text.charCodeAt(i + 1) && unit === text.charCodeAt(i + 2)) return true;
  }
  return false;
}

/**
 * Lower-cases, applies NFC, maps emoticons to emoji and squeezes elongated letters
 * ("soooo" → "soo", "มากกก" → "มาก"; Thai to one letter, since Thai never triples one).
 * @returns the text and the offsets, in it, of each squeezed run
 */
function normalise(text: string, language: string): { text: string; emphasis: number[] } {
  let normalised = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'");
  // The replacements below cost a short comment more than finding out they have nothing to
  // do, and most comments have neither an emoticon nor a tripled letter: look first.
  if (EMOTICON_CHARACTER.test(normalised)) {
    for (const [pattern, replacement] of EMOTICONS) normalised = normalised.replace(pattern, replacement);
  }
  const emphasis: number[] = [];
  if (!mayHaveElongation(normalised)) return { text: normalised, emphasis };
  let removed = 0;
  normalised = normalised.replace(ELONGATED, (run: string, letter: string, offset: number) => {
    const keep = language === 'th' || /\p{M}/u.test(letter) ? letter : letter + letter;
    emphasis.push(offset - removed);
    removed += run.length - keep.length;
    return keep;
  });
  return { text: normalised, emphasis };
}

/** Splits a comment into word, emoji, clause-break and sentence-stop tokens. */
export function tokenize(text: string, language: string, spaceEndsClause: boolean): Token[] {
  const { text: normalised, emphasis } = normalise(text, language);
  const tokens: Token[] = [];
  const push = (kind: TokenKind, value: string, emphatic = false) => {
    const last = tokens[tokens.length - 1];
    if ((kind === 'break' || kind === 'stop') && (!last || last.kind === 'stop')) return;
    if (kind === 'break' && last?.kind === 'break') return;
    if (kind === 'stop' && last?.kind === 'break') tokens.pop();
    tokens.push({ kind, text: value, emphatic, latin: kind === 'word' && LATIN.test(value) });
  };

  for (const { segment, index, isWordLike } of wordSegments(normalised, language)) {
    if (isWordLike) {
      let word = segment;
      let emphatic = emphasis.some((at) => at >= index && at < index + segment.length);
      if (word.endsWith(THAI_REPEAT) && word.length > 1) {
        word = word.slice(0, -1);
        emphatic = true;
      }
      // ICU sometimes glues the Thai negator to its neighbour ("ไม่มี", "หาไม่"); part them
      // so that "not" is seen, and let phrase matching put known pairs back together.
      if (language === 'th' && word.length > THAI_NOT.length && word.startsWith(THAI_NOT)) {
        push('word', THAI_NOT);
        word = word.slice(THAI_NOT.length);
      } else if (language === 'th' && word.length > THAI_NOT.length && word.endsWith(THAI_NOT)) {
        push('word', word.slice(0, -THAI_NOT.length));
        word = THAI_NOT;
      }
      push('word', word, emphatic);
      // No ASCII character is a pictograph: spaces and punctuation skip the Unicode lookup.
    } else if (segment.charCodeAt(0) >= 0x80 && PICTOGRAPH.test(segment)) {
      push('emoji', segment.replace(EMOJI_NOISE, ''));
      push('break', '');
    } else if (segment === THAI_REPEAT) {
      const last = tokens[tokens.length - 1];
      if (last?.kind === 'word') last.emphatic = true;
    } else if (SENTENCE_END.test(segment)) {
      push('stop', segment);
    } else if (CLAUSE_END.test(segment) || (spaceEndsClause && /^\s+$/.test(segment))) {
      push('break', segment);
    }
  }
  return tokens;
}
