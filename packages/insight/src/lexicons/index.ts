import type { Lexicon } from '../lexicon.ts';
import { en } from './en.ts';
import { th } from './th.ts';
import { vi } from './vi.ts';

export { emoji } from './emoji.ts';
export { en, th, vi };

/** The lexicons the built-in analyser ships with. */
export const builtInLexicons: readonly Lexicon[] = [en, th, vi];
