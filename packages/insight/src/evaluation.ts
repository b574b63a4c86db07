import { SENTIMENT_LABELS, type SentimentLabel } from './types.ts';

/** One line of test/fixtures/sentiment/{en,th,vi}.jsonl. */
export interface LabelledComment {
  text: string;
  label: SentimentLabel;
}

export interface Evaluation {
  n: number;
  accuracy: number;
  /** Mean of the per-class F1 scores, each class weighing the same. */
  macroF1: number;
  perLabel: Record<SentimentLabel, { precision: number; recall: number; f1: number; n: number }>;
  /** confusion[expected][predicted] = count */
  confusion: Record<SentimentLabel, Record<SentimentLabel, number>>;
}

/** The share of each class, in file order, kept for tuning lexicons; the rest is held out. */
export const DEV_SHARE = 0.4;

export function parseJsonl(text: string): LabelledComment[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const value = JSON.parse(line) as Partial<LabelledComment>;
      if (typeof value.text !== 'string' || !SENTIMENT_LABELS.includes(value.label as SentimentLabel))
        throw new Error(`line ${index + 1}: expected {"text": string, "label": "negative"|"neutral"|"positive"}`);
      return { text: value.text, label: value.label as SentimentLabel };
    });
}

/**
 * Splits a labelled set, class by class: the first 40% of each class (in file order) is the
 * dev portion used to tune the lexicons, the remaining 60% is held out for reporting.
 */
export function splitDevHeldOut<T extends LabelledComment>(examples: readonly T[]): { dev: T[]; heldOut: T[] } {
  const dev: T[] = [];
  const heldOut: T[] = [];
  for (const label of SENTIMENT_LABELS) {
    const ofLabel = examples.filter((example) => example.label === label);
    const devCount = Math.ceil(ofLabel.length * DEV_SHARE);
    dev.push(...ofLabel.slice(0, devCount));
    heldOut.push(...ofLabel.slice(devCount));
  }
  const order = (example: T) => examples.indexOf(example);
  return { dev: dev.sort((a, b) => order(a) - order(b)), heldOut: heldOut.sort((a, b) => order(a) - order(b)) };
}

export function evaluate(pairs: readonly { expected: SentimentLabel; predicted: SentimentLabel }[]): Evaluation {
  const confusion = Object.fromEntries(
    SENTIMENT_LABELS.map((expected) => [expected, Object.fromEntries(SENTIMENT_LABELS.map((p) => [p, 0]))]),
  ) as Evaluation['confusion'];
  for (const { expected, predicted } of pairs) confusion[expected][predicted]++;
  const perLabel = {} as Evaluation['perLabel'];
  for (const label of SENTIMENT_LABELS) {
    const truePositives = confusion[label][label];
    const predicted = SENTIMENT_LABELS.reduce((sum, expected) => sum + confusion[expected][label], 0);
    const actual = SENTIMENT_LABELS.reduce((sum, p) => sum + confusion[label][p], 0);
    const precision = predicted ? truePositives / predicted : 0;
    const recall = actual ? truePositives / actual : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perLabel[label] = { precision, recall, f1, n: actual };
  }
  const correct = SENTIMENT_LABELS.reduce((sum, label) => sum + confusion[label][label], 0);
  return {
    n: pairs.length,
    accuracy: pairs.length ? correct / pairs.length : 0,
    macroF1: SENTIMENT_LABELS.reduce((sum, label) => sum + perLabel[label].f1, 0) / SENTIMENT_LABELS.length,
    perLabel,
    confusion,
  };
}
