export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export const SENTIMENT_LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

/** What an analyser says about one comment. */
export interface CommentInsight {
  sentiment: {
    label: SentimentLabel;
    /** −1 (very negative) … 1 (very positive); 0 for nothing to go on. */
    score: number;
  };
  /** Key terms, normalised (lower-case, singular), most salient first, at most 5. */
  terms: string[];
  /** BCP 47 primary language tag the comment was analysed as: 'en', 'th', 'vi' or another. */
  language: string;
}

/** One analyser behind one small interface, so an external model can replace the built-in lexicons. */
export interface CommentAnalyser {
  /** Identifies the analyser (and its version) in logs and stored results. */
  readonly name: string;
  /**
   * @param text the comment as the customer wrote it
   * @param locale the response's BCP 47 locale, used when the script does not tell the language
   */
  analyse(text: string, locale?: string | null): CommentInsight | Promise<CommentInsight>;
}
