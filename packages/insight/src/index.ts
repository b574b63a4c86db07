export type { CommentAnalyser, CommentInsight, SentimentLabel } from './types.ts';
export { SENTIMENT_LABELS } from './types.ts';
export { detectLanguage } from './detect-language.ts';
export { createLexiconAnalyser, lexiconAnalyser, type LexiconAnalyserOptions } from './lexicon-analyser.ts';
export { httpAnalyser, type HttpAnalyserOptions } from './http-analyser.ts';
export { scoreMismatch, type SurveyMetric } from './score-mismatch.ts';
export type { Lexicon, Polarity } from './lexicon.ts';
export { en, th, vi } from './lexicons/index.ts';
