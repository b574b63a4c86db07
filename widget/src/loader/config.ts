import { pickLocale, type Locale } from '../i18n/locales.ts';

/** What a site passes in, from `data-*` attributes or `configure()`. */
export interface WidgetOptions {
  /** The site's public write key, `pk_…`. */
  site: string;
  /** Collector origin, e.g. `https://feedback.example`. */
  endpoint: string;
  /** `en`, `th` or `vi`; default: the browser's language, else English. */
  lang?: string | null;
}

export interface WidgetConfig {
  site: string;
  endpoint: string;
  locale: Locale;
}

export function resolveConfig({ site, endpoint, lang }: WidgetOptions): WidgetConfig {
  return { site, endpoint: endpoint.replace(/\/+$/, ''), locale: pickLocale(lang) };
}

/**
 * Reads `data-site`, `data-endpoint` and `data-lang` from the widget's own
 * script tag. Without `data-endpoint` the collector is where the script came from.
 */
export function optionsFromScript(script: HTMLScriptElement): WidgetOptions {
  const { site = '', endpoint, lang } = script.dataset;
  return { site, endpoint: endpoint || new URL(script.src || location.href, location.href).origin, lang };
}
