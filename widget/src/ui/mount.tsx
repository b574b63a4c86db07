/**
 * Entry of `widget-ui.js`, the survey UI the loader imports on the first question
 * (Preact and the survey: most of the bytes, so pages that never ask never pay them).
 */
import { render } from 'preact';
import { MESSAGES, type Messages } from '../i18n/index.ts';
import type { SurveyRequest } from '../loader/commands.ts';
import type { StringOverrides, WidgetConfig } from '../loader/config.ts';
import { scaleCss } from './scale.css.ts';
import { surveyCss } from './survey.css.ts';
import { Survey } from './survey.tsx';

/** Our own element, not a div: host CSS aimed at divs cannot reach it, and tests can find it. */
export const ELEMENT_NAME = 'touchpoint-survey';

/** Config keys that become CSS custom properties on the element (see survey.css.ts). */
const THEME_PROPERTIES = { brand: '--tp-brand', brandText: '--tp-on-brand', radius: '--tp-radius', font: '--tp-font' };

const css = surveyCss + scaleCss;
let sheet: CSSStyleSheet | undefined;

function addStyles(root: ShadowRoot, nonce: string | undefined): void {
  // A constructed sheet is parsed once for every survey and needs no CSP nonce.
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    root.adoptedStyleSheets = [sheet];
  } else {
    // Under a CSP without 'unsafe-inline', a <style> applies only with the page's nonce.
    root.append(Object.assign(document.createElement('style'), { textContent: css, nonce: nonce ?? '' }));
  }
}

/** The locale's strings with the site's overrides: first those for every locale, then this locale's. */
function messagesFor(locale: string, strings: WidgetConfig['strings'] = {}): Messages {
  const messages = MESSAGES[locale as keyof typeof MESSAGES];
  const merged = { ...messages, question: { ...messages.question }, anchors: { ...messages.anchors } };
  for (const { question, anchors, ...rest } of [strings, (strings[locale] ?? {}) as StringOverrides]) {
    Object.assign(merged, rest);
    Object.assign(merged.question, question);
    Object.assign(merged.anchors, anchors);
  }
  return merged;
}

/** Shows one survey in a fresh shadow root; removes it and gives focus back when it closes. */
export function showSurvey({ locale, config, onAnswer, onClosed, followUp, ...survey }: SurveyRequest): void {
  if (!customElements.get(ELEMENT_NAME)) customElements.define(ELEMENT_NAME, class extends HTMLElement {});
  const host = document.createElement(ELEMENT_NAME);
  for (const [key, property] of Object.entries(THEME_PROPERTIES)) {
    const value = config[key as keyof typeof THEME_PROPERTIES];
    // Through the CSSOM, which a CSP without 'unsafe-inline' allows (a style attribute it would block).
    if (value) host.style.setProperty(property, value);
  }
  const root = host.attachShadow({ mode: 'open' });
  const returnFocusTo = document.activeElement;
  const messages = messagesFor(locale, config.strings);
  if (followUp) messages.commentLabel = followUp;
  let closed = false;

  function close(): void {
    if (closed) return;
    closed = true;
    // Only hand focus back if it is still ours: the visitor may have moved on to the page.
    const hadFocus = document.activeElement === host;
    render(null, root);
    host.remove();
    if (hadFocus && returnFocusTo instanceof HTMLElement) returnFocusTo.focus();
    onClosed();
  }

  addStyles(root, config.nonce);
  document.body.append(host);
  render(
    <Survey
      {...survey}
      lang={locale}
      messages={messages}
      left={config.position === 'left'}
      onAnswer={onAnswer}
      onClose={close}
    />,
    root,
  );
}
