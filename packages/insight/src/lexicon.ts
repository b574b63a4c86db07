/**
 * A word's sentiment weight: a number (about ±0.5 mild … ±3 extreme), or a pair
 * `[plain, negated]` for words whose negation is not simply the opposite: "problem" is
 * mildly negative but "no problem" is positive; "work" says nothing but "didn't work" is
 * negative ([0, −1.5]).
 */
export type Polarity = number | readonly [plain: number, negated: number];

/**
 * The hand-written knowledge for one language. Every key is lower-case and NFC; a key of
 * several words is written with `joiner` between them ("customer service", "giao hàng",
 * "จัดส่ง" — Thai has no spaces, so its phrases are matched across segmenter boundaries).
 */
export interface Lexicon {
  language: string;
  /** '' for Thai, ' ' for languages that separate words with spaces. */
  joiner: string;
  /** Whitespace separates clauses (Thai), rather than words. */
  spaceEndsClause?: boolean;
  polarity: Readonly<Record<string, Polarity>>;
  /** Negate the next sentiment word within a few words ("not", "ไม่", "không"). */
  negators: readonly string[];
  /** Negators that, ending a clause with nothing to negate, mean "it did not work" (Thai "…ไม่ได้"). */
  clauseFinalNegators?: Readonly<Record<string, number>>;
  /** Scale the next sentiment word: +0.5 makes it 1.5×, −0.5 halves it ("very", "rất", "a bit"). */
  boosters: Readonly<Record<string, number>>;
  /** Scale the sentiment word just before them ("ดีมาก", "tốt lắm"). A key in both maps goes either way. */
  postBoosters: Readonly<Record<string, number>>;
  /** "but": what comes after it in the sentence outweighs what came before. */
  contrast: readonly string[];
  /** "although": the clause it opens counts half. */
  concessive: readonly string[];
  /** Domain vocabulary (delivery, checkout, refund…): preferred as terms, kept whole. */
  aspects: readonly string[];
  /** Words that are never terms. */
  stopwords: readonly string[];
}

/** Everything the lexicon knows about one key, merged over its roles. */
export interface Entry {
  polarity?: readonly [plain: number, negated: number];
  negator?: true;
  clauseFinal?: number;
  booster?: number;
  postBooster?: number;
  contrast?: true;
  concessive?: true;
  aspect?: true;
  stopword?: true;
}

export interface CompiledLexicon {
  language: string;
  joiner: string;
  spaceEndsClause: boolean;
  entries: ReadonlyMap<string, Entry>;
  /** Every prefix of every key, so phrase matching stops extending as soon as nothing can match. */
  prefixes: ReadonlySet<string>;
  /** Longest key, in segmenter tokens at most; bounds the phrase search. */
  maxTokens: number;
}

// Negating a positive word turns it clearly negative ("not good"); negating a negative
// word only softens it ("not bad" is faint praise), as in most lexicon approaches.
const NEGATE_POSITIVE = -0.75;
const NEGATE_NEGATIVE = -0.3;

function pair(polarity: Polarity): readonly [number, number] {
  if (typeof polarity !== 'number') return polarity;
  return [polarity, polarity * (polarity > 0 ? NEGATE_POSITIVE : NEGATE_NEGATIVE)];
}

export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const entries = new Map<string, Entry>();
  const add = (key: string, role: Entry) => {
    const normalised = key.normalize('NFC').toLowerCase();
    entries.set(normalised, { ...entries.get(normalised), ...role });
  };
  for (const word of lexicon.stopwords) add(word, { stopword: true });
  for (const word of lexicon.aspects) add(word, { aspect: true });
  for (const [word, polarity] of Object.entries(lexicon.polarity)) add(word, { polarity: pair(polarity) });
  for (const word of lexicon.negators) add(word, { negator: true });
  for (const [word, value] of Object.entries(lexicon.clauseFinalNegators ?? {}))
    add(word, { negator: true, clauseFinal: value });
  for (const [word, weight] of Object.entries(lexicon.boosters)) add(word, { booster: weight });
  for (const [word, weight] of Object.entries(lexicon.postBoosters)) add(word, { postBooster: weight });
  for (const word of lexicon.contrast) add(word, { contrast: true });
  for (const word of lexicon.concessive) add(word, { concessive: true });

  const prefixes = new Set<string>();
  let longest = 1;
  for (const key of entries.keys()) {
    for (let end = 1; end <= key.length; end++) prefixes.add(key.slice(0, end));
    const words = lexicon.joiner ? key.split(lexicon.joiner).length : key.length; // Thai: ≤ one token per character
    longest = Math.max(longest, words);
  }
  return {
    language: lexicon.language,
    joiner: lexicon.joiner,
    spaceEndsClause: lexicon.spaceEndsClause ?? false,
    entries,
    prefixes,
    maxTokens: Math.min(longest, 8),
  };
}
