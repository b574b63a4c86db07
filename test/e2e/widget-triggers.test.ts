import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordWidgetEvents, startWidgetEnv, widgetEvents, type WidgetEnv } from '../support/widget-pages.ts';

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

const widgetInstalled = (page: Page) =>
  page.waitForFunction(() => typeof window.touchpoint === 'function' && 'installed' in window.touchpoint);

/** Two frames: by then an IntersectionObserver has delivered its first notifications. */
const settled = (page: Page) =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

const shown = async (page: Page) =>
  (await widgetEvents(page)).filter(([name]) => name === 'shown').map(([, detail]) => detail);

describe('the widget’s triggers in Chromium', () => {
  it('asks when an element with data-touchpoint-ask is clicked, including elements added later', async () => {
    const url = env.servePage('/click', {
      data: { 'throttle-days': '0' },
      body: `<button type="button" data-touchpoint-ask="checkout:nps"><span>Place order</span></button>
        <a href="#faq" data-touchpoint-ask='{"touchpoint":"faq","metric":"ces","question":"Did this answer help?"}'>FAQ</a>`,
    });
    const page = await newPage();
    await page.goto(url);
    await widgetInstalled(page);
    expect(await shown(page)).toEqual([]);
    // A click on a child of the element counts.
    await page.getByText('Place order').click();
    await expect.poll(() => shown(page)).toEqual([{ touchpoint: 'checkout', metric: 'nps' }]);
    expect(await page.getByRole('radio').count()).toBe(11);

    await page.reload();
    await widgetInstalled(page);
    await page.getByRole('link', { name: 'FAQ' }).click();
    await page.getByRole('heading', { name: 'Did this answer help?' }).waitFor();
    expect(await page.getByRole('radio').count()).toBe(7);

    // An element a single-page app renders after the widget loaded.
    await page.reload();
    await widgetInstalled(page);
    await page.evaluate(() => {
      const button = Object.assign(document.createElement('button'), { textContent: 'Rate support' });
      button.dataset.touchpointAsk = 'support:csat';
      document.querySelector('main')!.append(button);
    });
    await page.getByRole('button', { name: 'Rate support' }).click();
    await expect.poll(() => shown(page)).toEqual([{ touchpoint: 'support', metric: 'csat' }]);
  });

  it('asks when an element with data-touchpoint-on="visible" scrolls into view', async () => {
    const url = env.servePage('/visible', {
      data: { 'throttle-days': '0' },
      body: `<div style="height:3000px">Products</div>
        <footer data-touchpoint-ask="product-page:csat" data-touchpoint-on="visible">Reviews</footer>`,
    });
    const page = await newPage();
    await page.goto(url);
    await widgetInstalled(page);
    // A click does not ask for an element that waits to be seen.
    await page.getByText('Reviews').dispatchEvent('click');
    await settled(page);
    expect(await shown(page)).toEqual([]);
    await page.getByText('Reviews').scrollIntoViewIfNeeded();
    await expect.poll(() => shown(page)).toEqual([{ touchpoint: 'product-page', metric: 'csat' }]);

    // Added after load, out of sight first (goto: a reload would restore the scroll position).
    await page.goto(url);
    await widgetInstalled(page);
    await page.evaluate(() => {
      document.querySelector('footer')!.remove();
      const section = Object.assign(document.createElement('section'), { textContent: 'Late reviews' });
      section.dataset.touchpointAsk = 'late:nps';
      section.dataset.touchpointOn = 'visible';
      document.body.append(section);
    });
    await settled(page);
    expect(await shown(page)).toEqual([]);
    await page.getByText('Late reviews').scrollIntoViewIfNeeded();
    await expect.poll(() => shown(page)).toEqual([{ touchpoint: 'late', metric: 'nps' }]);
  });

  it('asks on a touchpoint:ask DOM event', async () => {
    const page = await newPage();
    await page.goto(env.servePage('/custom-event'));
    await widgetInstalled(page);
    await page.evaluate(() =>
      document
        .querySelector('main')!
        .dispatchEvent(
          new CustomEvent('touchpoint:ask', { bubbles: true, detail: { touchpoint: 'chat-ended', metric: 'csat' } }),
        ),
    );
    await expect.poll(() => shown(page)).toEqual([{ touchpoint: 'chat-ended', metric: 'csat' }]);
    expect(await page.getByRole('radio').count()).toBe(5);
  });

  it('asks when the URL matches a trigger, on load and after single-page-app navigation, after delayMs', async () => {
    const trigger = `touchpoint('trigger', { url: '/shop/thank-you*', touchpoint: 'checkout', metric: 'nps', delayMs: 300 });
      touchpoint('on', 'shown', () => { window.shownAt = performance.now(); });`;
    const base = { data: { 'throttle-days': '0' }, head: `<script>${trigger}</script>` };
    env.servePage('/shop/thank-you', base);
    const page = await newPage();
    await page.goto(env.servePage('/shop/cart', base));
    await widgetInstalled(page);

    // pushState to a page that does not match, then to one that does (the query is ignored).
    const started = await page.evaluate(() => {
      history.pushState({}, '', '/shop/cart/step-2');
      history.pushState({}, '', '/shop/thank-you?order=A-17');
      return performance.now();
    });
    await expect.poll(() => shown(page)).toEqual([{ touchpoint: 'checkout', metric: 'nps' }]);
    const shownAt = await page.evaluate(() => (window as unknown as { shownAt: number }).shownAt);
    expect(shownAt - started).toBeGreaterThanOrEqual(300);

    // Back, then forward again: a new page view of the matching URL asks again (throttling off here).
    await page.getByRole('button', { name: 'Close' }).click();
    await page.goBack();
    await page.waitForURL('**/shop/cart/step-2');
    await page.goForward();
    await expect.poll(async () => (await shown(page)).length).toBe(2);

    // A full page load of a matching URL asks as well.
    await page.goto(`${env.pages.origin}/shop/thank-you`);
    await expect.poll(() => shown(page)).toEqual([{ touchpoint: 'checkout', metric: 'nps' }]);
  });
});
