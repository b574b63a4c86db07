import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordWidgetEvents, STUB, startWidgetEnv, widgetEvents, type WidgetEnv } from '../support/widget-pages.ts';

let env: WidgetEnv;
let context: BrowserContext;

beforeAll(async () => {
  env = await startWidgetEnv();
});
afterAll(() => env?.close());
afterEach(() => context?.close());

async function newPage(): Promise<Page> {
  context = await env.browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  await page.addInitScript(recordWidgetEvents);
  return page;
}

/** Records Content-Security-Policy violations from the first script on. */
function recordCspViolations(): void {
  const violations: string[] = [];
  Object.defineProperty(window, '__violations', { value: violations });
  document.addEventListener('securitypolicyviolation', (event) =>
    violations.push(`${event.effectiveDirective} ${event.blockedURI}`),
  );
}
const cspViolations = (page: Page) =>
  page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

/** Shows an NPS question, answers 9 with a comment, and waits for the answer at the collector. */
async function answerAndExpectDelivery(page: Page, touchpoint: string): Promise<void> {
  await page.getByRole('radio', { name: '9', exact: true }).click();
  await page.getByRole('textbox').fill(`From ${touchpoint}`);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('status').getByText('Thank you for your feedback').waitFor();
  await expect
    .poll(async () => (await env.responses()).filter((r) => r.touchpoint === touchpoint))
    .toEqual([expect.objectContaining({ score: 9, comment: `From ${touchpoint}` })]);
}

/** Computed styles of the card and a score, from inside the shadow root. */
const cardStyles = (page: Page) =>
  page.locator('touchpoint-survey').evaluate((host) => {
    const card = host.shadowRoot!.querySelector('.card')!;
    const score = host.shadowRoot!.querySelector('[role=radio]')!;
    const box = card.getBoundingClientRect();
    return {
      position: getComputedStyle(card).position,
      display: getComputedStyle(card).display,
      fontSize: getComputedStyle(card).fontSize,
      direction: getComputedStyle(card).direction,
      scoreHeight: score.getBoundingClientRect().height,
      width: box.width,
      right: innerWidth - box.right,
    };
  });

const EXPECTED_LAYOUT = {
  position: 'fixed',
  display: 'block',
  fontSize: '14px',
  direction: 'ltr',
  scoreHeight: 40,
  width: 420,
  right: 16,
};

describe('the widget’s isolation in Chromium', () => {
  it('looks and works the same under hostile page CSS, and leaves the page’s styles alone', async () => {
    const hostile = `<style>
      * { all: unset; }
      div { display: none !important; }
      html, body { font-size: 48px !important; direction: rtl; line-height: 3; letter-spacing: 4px; }
      button, [role=radio], textarea { visibility: hidden !important; width: 1px !important; }
      body > * { color: transparent; text-transform: uppercase; }
    </style>`;
    const url = env.servePage('/hostile', {
      head: hostile,
      body: `<p id="own">The page’s own text</p><script>touchpoint('ask', { touchpoint: 'hostile', metric: 'nps' })</script>`,
    });
    const page = await newPage();
    await page.goto(url);
    const pageStyle = () =>
      page.evaluate(() => ({
        sheets: document.styleSheets.length,
        adopted: document.adoptedStyleSheets.length,
        own: getComputedStyle(document.getElementById('own')!).fontSize,
      }));
    await page.getByRole('radiogroup').waitFor();
    expect(await cardStyles(page)).toEqual(EXPECTED_LAYOUT);
    // The widget added no style sheet to the document, and the page's text is as it styled it.
    expect(await pageStyle()).toEqual({ sheets: 1, adopted: 0, own: '48px' });
    await answerAndExpectDelivery(page, 'hostile');
  });

  it('works under a strict Content-Security-Policy without unsafe-inline, served by the collector', async () => {
    // As in production: widget.js and widget-ui.js from the collector, answers posted back to it.
    const collector = env.collector.url;
    const csp = [
      "default-src 'self'",
      `script-src 'self' ${collector}`,
      `connect-src ${collector}`,
      "style-src 'self'",
    ].join('; ');
    env.pages.serve(
      '/app.js',
      `${STUB};
      touchpoint('ask', { touchpoint: 'strict-csp', metric: 'nps' });`,
      { type: 'text/javascript' },
    );
    const url = env.servePage(
      '/strict-csp',
      {
        stub: false,
        head: `<script src="/app.js"></script>`,
        widgetOrigin: collector,
        endpoint: undefined,
        data: { brand: '#0f766e' },
      },
      { 'Content-Security-Policy': csp },
    );
    const page = await newPage();
    await page.addInitScript(recordCspViolations);
    await page.goto(url);
    await page.getByRole('radiogroup').waitFor();
    expect(await cardStyles(page)).toEqual(EXPECTED_LAYOUT);
    await answerAndExpectDelivery(page, 'strict-csp');
    // Theming through the CSSOM, which the policy allows; a style attribute it would have blocked.
    expect(await cspViolations(page)).toEqual([]);
  });

  it('styles through a nonce’d <style> under a strict CSP where constructable style sheets are missing', async () => {
    const nonce = 'r4nd0m-n0nce';
    const csp = [
      "default-src 'self'",
      `script-src 'self' ${env.pages.widgetOrigin}`,
      `connect-src ${env.collector.url}`,
      `style-src 'self' 'nonce-${nonce}'`,
    ].join('; ');
    env.pages.serve('/app-nonce.js', `${STUB}; touchpoint('ask', { touchpoint: 'csp-nonce', metric: 'nps' });`, {
      type: 'text/javascript',
    });
    const url = env.servePage(
      '/strict-csp-nonce',
      { stub: false, head: `<script src="/app-nonce.js"></script>`, data: { nonce } },
      { 'Content-Security-Policy': csp },
    );
    const page = await newPage();
    await page.addInitScript(recordCspViolations);
    // As in browsers before constructable style sheets (Safari < 16.4).
    await page.addInitScript(() => delete (CSSStyleSheet.prototype as Partial<CSSStyleSheet>).replaceSync);
    await page.goto(url);
    await page.getByRole('radiogroup').waitFor();
    expect(
      await page.locator('touchpoint-survey').evaluate((host) => host.shadowRoot!.querySelectorAll('style').length),
    ).toBe(1);
    expect(await cardStyles(page)).toEqual(EXPECTED_LAYOUT);
    expect(await cspViolations(page)).toEqual([]);
  });

  it('defines no global but window.touchpoint, and the custom element it renders in', async () => {
    const globals = (page: Page) => page.evaluate(() => Object.getOwnPropertyNames(window));
    const page = await newPage();
    await page.goto(env.pages.serve('/bare', '<!doctype html><title>bare</title><main>Nothing here</main>'));
    const before = await globals(page);

    await page.goto(env.servePage('/globals', { stub: false }));
    await page.waitForFunction(() => 'installed' in (window.touchpoint ?? {}));
    await page.evaluate(() => window.touchpoint!('ask', { touchpoint: 'globals', metric: 'csat' }));
    await page.getByRole('radiogroup').waitFor();
    expect((await globals(page)).filter((name) => !before.includes(name))).toEqual(['touchpoint']);
    expect(await page.evaluate(() => customElements.get('touchpoint-survey') !== undefined)).toBe(true);
    expect((await widgetEvents(page)).map(([name]) => name)).toEqual(['shown']);
  });
});
