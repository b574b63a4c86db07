import type { Messages } from '../i18n/types.ts';

/** Any string of the survey, replaced for every locale, or for one (`{ th: { send: '…' } }`). */
export type StringOverrides = Partial<Omit<Messages, 'question' | 'anchors'>> & {
  question?: Partial<Messages['question']>;
  anchors?: Partial<Messages['anchors']>;
};
export type Strings = StringOverrides & { [locale: string]: unknown };

/** Look and feel, as CSS custom properties on the widget's element. */
export interface Theme {
  /** Colour of the selected score and the Send button. @default '#4f46e5' */
  brand?: string;
  /** Text on the brand colour; change it with a light brand. @default '#fff' */
  brandText?: string;
  /** Corner radius of the card, e.g. `'4px'`. @default '12px' */
  radius?: string;
  /** Font family; the survey does not load fonts. @default the system font */
  font?: string;
  /** Which bottom corner. @default 'right' */
  position?: 'left' | 'right';
}

/**
 * What a site sets, from `data-*` attributes of the script tag (`data-throttle-days`
 * is `throttleDays`) or `touchpoint('configure', {…})`.
 */
export interface WidgetConfig extends Theme {
  /** The site's public write key, `pk_…`. */
  site: string;
  /** Collector origin, e.g. `https://feedback.example`. */
  endpoint: string;
  /** `en`, `th` or `vi`; default: the browser's language, else English. */
  lang?: string | undefined;
  /** Days before the same visitor is asked about the same touchpoint again. @default 30 */
  throttleDays?: number | string | undefined;
  /** CSP nonce for the `<style>` fallback of browsers without constructable style sheets. */
  nonce?: string | undefined;
  strings?: Strings;
}

/** Everything after `data-` on the widget's script tag, as configuration. */
export function configFromScript(script: HTMLScriptElement): WidgetConfig {
  return {
    // Without data-endpoint the collector is where the script came from.
    endpoint: new URL(script.src || location.href, location.href).origin,
    // Browsers hide a nonce attribute's value from the DOM, but not the property.
    nonce: script.nonce,
    ...(script.dataset as Partial<WidgetConfig>),
    site: script.dataset.site ?? '',
  };
}
