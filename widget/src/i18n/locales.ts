/**
 * Which locales exist, without their strings: the loader picks the locale,
 * the UI (which may later load on demand) brings the messages.
 */
export const LOCALES = ['en', 'th', 'vi'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * The first supported locale among `requested` (a `data-lang` value) and the
 * browser's preferred languages, matched on the primary subtag ("th-TH" → "th").
 * Falls back to English.
 */
export function pickLocale(requested?: string | null): Locale {
  const candidates = [requested, ...(navigator.languages ?? []), navigator.language];
  for (const tag of candidates) {
    const primary = tag?.toLowerCase().split('-')[0] ?? '';
    if ((LOCALES as readonly string[]).includes(primary)) return primary as Locale;
  }
  return 'en';
}
