import { baseForms, singular } from './english.ts';
import type { CompiledLexicon, Entry } from './lexicon.ts';
import type { Token } from './tokenize.ts';

/** A word or phrase as the lexicon sees it, or a clause break / sentence stop. */
export interface Unit {
  kind: 'word' | 'emoji' | 'break' | 'stop';
  /** The lexicon key it matched, or the word itself. */
  key: string;
  entry: Entry | undefined;
  emphatic: boolean;
}

/**
 * Greedy longest match of lexicon keys over each run of words ("giao hàng nhanh" →
 * "giao hàng" + "nhanh"). A single word the lexicon lacks is looked up under its English
 * base forms, and a borrowed Latin word in a Thai or Vietnamese comment ("ok", "lag")
 * under the English lexicon.
 */
export function matchUnits(tokens: readonly Token[], lexicon: CompiledLexicon, english: CompiledLexicon): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (token.kind !== 'word') {
      units.push({ kind: token.kind, key: token.text, entry: undefined, emphatic: false });
      i++;
      continue;
    }
    let end = i;
    while (end < tokens.length && tokens[end]!.kind === 'word') end++;
    const run = tokens.slice(i, end);
    if (lexicon.joiner === '') matchUnspacedRun(run, lexicon, english, units);
    else matchSpacedRun(run, lexicon, english, units);
    i = end;
  }
  return units;
}

function matchSpacedRun(run: readonly Token[], lexicon: CompiledLexicon, english: CompiledLexicon, units: Unit[]) {
  let i = 0;
  while (i < run.length) {
    let matched: string | undefined;
    let matchedEnd = i + 1;
    let key = '';
    for (let end = i; end < run.length && end - i < lexicon.maxTokens; end++) {
      key = end === i ? run[end]!.text : key + lexicon.joiner + run[end]!.text;
      if (!lexicon.prefixes.has(key)) break;
      if (lexicon.entries.has(key)) {
        matched = key;
        matchedEnd = end + 1;
      }
    }
    const emphatic = run.slice(i, matchedEnd).some((token) => token.emphatic);
    if (matched !== undefined)
      units.push({ kind: 'word', key: matched, entry: lexicon.entries.get(matched), emphatic });
    else units.push({ kind: 'word', ...lookupSingle(run[i]!, lexicon, english), emphatic });
    i = matchedEnd;
  }
}

/**
 * Thai: ICU's dictionary does not always cut where the lexicon would ("โอ|เคน|ะ" for
 * "โอเค|นะ", "แอด|มินก็" for "แอดมิน|ก็"), so keys are matched over the characters of the
 * run, longest first. A key may end inside an ICU word only where another key starts, so
 * that "ไว" (fast) is never cut out of "ไวน์" (wine); text no key covers keeps ICU's words,
 * cut short where a key begins inside one and runs past its end.
 */
function matchUnspacedRun(run: readonly Token[], lexicon: CompiledLexicon, english: CompiledLexicon, units: Unit[]) {
  const text = run.map((token) => token.text).join('');
  const owner: number[] = []; // character → index of its token
  const boundaries = new Set<number>([0]);
  run.forEach((token, index) => {
    for (let k = 0; k < token.text.length; k++) owner.push(index);
    boundaries.add(owner.length);
  });
  const emphaticBetween = (from: number, to: number) =>
    run.slice(owner[from], owner[to - 1]! + 1).some((t) => t.emphatic);
  const longestKeyAt = (from: number, acceptable: (end: number) => boolean): number => {
    let best = 0;
    for (let end = from + 1; end <= text.length; end++) {
      const key = text.slice(from, end);
      if (!lexicon.prefixes.has(key)) break;
      if (lexicon.entries.has(key) && acceptable(end)) best = end - from;
    }
    return best;
  };
  const startsKey = (at: number) => at === text.length || longestKeyAt(at, (end) => boundaries.has(end)) > 0;

  let at = 0;
  while (at < text.length) {
    const length = longestKeyAt(at, (end) => boundaries.has(end) || startsKey(end));
    if (length > 0) {
      const key = text.slice(at, at + length);
      units.push({ kind: 'word', key, entry: lexicon.entries.get(key), emphatic: emphaticBetween(at, at + length) });
      at += length;
      continue;
    }
    let next = at + 1;
    while (!boundaries.has(next)) next++;
    // ICU may have glued a known word onto the end of an unknown one ("โยนก|ล่อง" for
    // "โยน|กล่อง"): stop the unknown piece where a key starts that ends on a boundary.
    for (let inner = at + 1; inner < next; inner++) {
      if (longestKeyAt(inner, (end) => end > next && boundaries.has(end)) > 0) {
        next = inner;
        break;
      }
    }
    const token = run[owner[at]!]!;
    const piece = text.slice(at, next);
    const unit =
      piece === token.text ? lookupSingle(token, lexicon, english) : { key: piece, entry: lexicon.entries.get(piece) };
    units.push({ kind: 'word', ...unit, emphatic: token.emphatic });
    at = next;
  }
}

function lookupSingle(
  token: Token,
  lexicon: CompiledLexicon,
  english: CompiledLexicon,
): { key: string; entry: Entry | undefined } {
  const word = token.text;
  if (lexicon !== english && !token.latin) return { key: word, entry: lexicon.entries.get(word) };
  const entry = lexicon.entries.get(word);
  if (entry) return { key: word, entry };
  const candidates = baseForms(word);
  if (token.emphatic) candidates.push(word.replace(/(\p{L})\1+/gu, '$1')); // "soo" → "so"
  for (const form of [word, ...candidates]) {
    const found = (form === word ? undefined : lexicon.entries.get(form)) ?? borrowed(english, lexicon, form);
    if (found) return { key: form, entry: found };
  }
  return { key: lexicon === english ? singular(word) : word, entry: undefined };
}

/**
 * Only the sentiment of a borrowed English word, and only of three letters or more: a
 * Vietnamese syllable without tone marks ("ty", "an") must not read as English.
 */
function borrowed(english: CompiledLexicon, lexicon: CompiledLexicon, word: string): Entry | undefined {
  if (lexicon === english) return undefined;
  const entry = english.entries.get(word);
  return entry?.polarity && word.length >= 3 ? { polarity: entry.polarity } : undefined;
}
