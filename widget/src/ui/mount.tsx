import { render } from 'preact';
import { MESSAGES } from '../i18n/index.ts';
import type { SurveyRequest } from '../loader/commands.ts';
import { scaleCss } from './scale.css.ts';
import { surveyCss } from './survey.css.ts';
import { Survey } from './survey.tsx';

/** Our own element, not a div: host CSS aimed at divs cannot reach it, and tests can find it. */
export const ELEMENT_NAME = 'touchpoint-survey';

const css = surveyCss + scaleCss;
let sheet: CSSStyleSheet | undefined;

function addStyles(root: ShadowRoot): void {
  // A constructed sheet is parsed once for every survey and needs no CSP nonce.
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    root.adoptedStyleSheets = [sheet];
  } else {
    root.append(Object.assign(document.createElement('style'), { textContent: css }));
  }
}

/** Shows one survey in a fresh shadow root; removes it and gives focus back when it closes. */
export function showSurvey(request: SurveyRequest): void {
  // An async script in <head> can run, and replay queued asks, before <body> exists.
  if (!document.body) {
    addEventListener('DOMContentLoaded', () => showSurvey(request), { once: true });
    return;
  }
  const { locale, onAnswer, onClosed, ...survey } = request;
  if (!customElements.get(ELEMENT_NAME)) customElements.define(ELEMENT_NAME, class extends HTMLElement {});
  const host = document.createElement(ELEMENT_NAME);
  const root = host.attachShadow({ mode: 'open' });
  const returnFocusTo = document.activeElement;
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

  addStyles(root);
  document.body.append(host);
  render(<Survey {...survey} lang={locale} messages={MESSAGES[locale]} onAnswer={onAnswer} onClose={close} />, root);
}
