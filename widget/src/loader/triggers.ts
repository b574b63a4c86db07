import { warn } from './warn.ts';

/** Ask options as they come from the page: checked by `ask`, not here. */
export type Ask = (options: unknown) => void;

const ATTRIBUTE = 'data-touchpoint-ask';
const VISIBLE = `[${ATTRIBUTE}][data-touchpoint-on=visible]`;

/** Runs `callback` once `document.body` exists: an async script in `<head>` can run before it. */
export function whenBodyReady(callback: () => void): void {
  if (document.body) callback();
  else addEventListener('DOMContentLoaded', callback, { once: true });
}

/** `"checkout:nps"` or JSON such as `{"touchpoint":"checkout","metric":"csat","sample":0.5}`. */
function askOf(element: Element): unknown {
  const value = element.getAttribute(ATTRIBUTE) ?? '';
  try {
    if (value.startsWith('{')) return JSON.parse(value);
  } catch {
    warn(`${ATTRIBUTE} is not valid JSON: ${value}`);
  }
  const colon = value.lastIndexOf(':');
  return { touchpoint: value.slice(0, colon), metric: value.slice(colon + 1) };
}

/**
 * The declarative triggers: `data-touchpoint-ask` on any element, asked on click
 * (the default) or, with `data-touchpoint-on="visible"`, once it scrolls into view;
 * and `document.dispatchEvent(new CustomEvent('touchpoint:ask', { detail: {…} }))`.
 */
export function watchDeclarativeTriggers(ask: Ask): void {
  // One listener for the whole page, so elements added later need no wiring.
  document.addEventListener('click', (event) => {
    const element = (event.target as Element).closest?.(`[${ATTRIBUTE}]`);
    if (element && (element.getAttribute('data-touchpoint-on') ?? 'click') === 'click') ask(askOf(element));
  });
  document.addEventListener('touchpoint:ask', (event) => ask((event as CustomEvent).detail));

  if (typeof IntersectionObserver !== 'function') return;
  const observer = new IntersectionObserver((entries) => {
    for (const { isIntersecting, target } of entries) {
      if (!isIntersecting) continue;
      observer.unobserve(target); // once per page view; throttling handles the rest
      ask(askOf(target));
    }
  });
  // Each element is watched once: after it has asked, a rescan must not watch it again.
  const watched = new WeakSet<Element>();
  const scan = (): void =>
    document.querySelectorAll(VISIBLE).forEach((element) => {
      if (watched.has(element)) return;
      watched.add(element);
      observer.observe(element);
    });
  whenBodyReady(() => {
    scan();
    // Single-page apps render their content after we load.
    new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
  });
}
