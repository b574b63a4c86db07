import { detectLanguage } from './detect-language.ts';
import { lexiconAnalyser } from './lexicon-analyser.ts';
import { SENTIMENT_LABELS, type CommentAnalyser, type CommentInsight, type SentimentLabel } from './types.ts';

export interface HttpAnalyserOptions {
  /** Receives `POST {"text", "locale"}` (JSON) and answers a CommentInsight. */
  url: string;
  /** Sent with every request, e.g. `{ authorization: 'Bearer …' }`. */
  headers?: Record<string, string>;
  /** Give up and fall back after this long. Default 2000 ms. */
  timeoutMs?: number;
  /** Answers when the service fails, times out or answers nonsense. Default: the lexicon analyser. */
  fallback?: CommentAnalyser;
  /** Told why each fallback happened, for logs and metrics. */
  onError?: (error: unknown) => void;
  /** Default: the global fetch. On Workers, pass a service binding's `fetch` to call another Worker. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

const MAX_TERMS = 5;

/**
 * An analyser backed by an external model service (a Workers AI proxy, a hosted
 * classifier…). The service may omit `terms` and `language`; the rest must be valid, or
 * the fallback answers. Web APIs only (fetch, AbortController): Node, Workers, browsers.
 * @example httpAnalyser({ url: 'https://insight.example/analyse', headers: { authorization: `Bearer ${token}` } })
 */
export function httpAnalyser(options: HttpAnalyserOptions): CommentAnalyser {
  const { url, headers = {}, timeoutMs = 2000, fallback = lexiconAnalyser, onError } = options;
  const send = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  const host = new URL(url).host;
  return {
    name: `http:${host}`,
    async analyse(text: string, locale?: string | null): Promise<CommentInsight> {
      if (text.trim() === '') return fallback.analyse(text, locale);
      const controller = new AbortController();
      const timer = setTimeout(
        () => controller.abort(new Error(`${url} did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      try {
        const response = await send(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
          body: JSON.stringify({ text, locale: locale ?? null }),
          signal: controller.signal,
        });
        if (!response.ok) throw new Error(`${url} answered ${response.status}`);
        return toInsight(await response.json(), text, locale);
      } catch (error) {
        onError?.(error);
        return fallback.analyse(text, locale);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function toInsight(body: unknown, text: string, locale: string | null | undefined): CommentInsight {
  const value = (body ?? {}) as Partial<Record<keyof CommentInsight, unknown>>;
  const sentiment = (value.sentiment ?? {}) as { label?: unknown; score?: unknown };
  if (!SENTIMENT_LABELS.includes(sentiment.label as SentimentLabel))
    throw new Error('the service answered no valid sentiment.label');
  if (typeof sentiment.score !== 'number' || !Number.isFinite(sentiment.score))
    throw new Error('the service answered no valid sentiment.score');
  const terms = Array.isArray(value.terms) ? value.terms.filter((term) => typeof term === 'string') : [];
  return {
    sentiment: { label: sentiment.label as SentimentLabel, score: Math.max(-1, Math.min(1, sentiment.score)) },
    terms: terms.map((term) => term.toLowerCase()).slice(0, MAX_TERMS),
    language: typeof value.language === 'string' && value.language ? value.language : detectLanguage(text, locale),
  };
}
