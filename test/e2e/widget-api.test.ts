import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isSampledIn } from '../../widget/src/loader/sample.ts';
import { signContact } from '../support/fixtures.ts';
import { recordWidgetEvents, startWidgetEnv, widgetEvents, type WidgetEnv } from '../support/widget-pages.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

let env: WidgetEnv;
let context: BrowserContext;

beforeAll(async () => {
  env = await startWidgetEnv();
});
afterAll(() => env?.close());
afterEach(() => context?.close());

/** A fresh browser profile per test, so no test inherits another's throttling or outbox. */
async function newPage(): Promise<Page> {
  context = await env.browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  await page.addInitScript(recordWidgetEvents);
  return page;
}

/** Resolves once the loader has replaced the stub. */
const widgetInstalled = (page: Page) =>
  page.waitForFunction(() => typeof window.touchpoint === 'function' && 'installed' in window.touchpoint);

/** Calls `touchpoint(…)` in the page, as the site's own scripts would. */
const call = (page: Page, ...args: unknown[]) =>
  page.evaluate((args) => (window.touchpoint as (...args: unknown[]) => void)(...args), args);
const ask = (page: Page, options: Record<string, unknown>) => call(page, 'ask', options);

const eventNames = async (page: Page) =>
  (await widgetEvents(page)).map(([name, detail]) => `${name}:${detail.touchpoint}`);

describe('the widget’s JS API in Chromium', () => {
  it('replays calls queued before the script loaded, in order, and loads the survey UI only on the first question', async () => {
    const signature = signContact(env.site, 'crm-42');
    const url = env.servePage('/queued', {
      head: `<script>
        touchpoint('identify', { contactId: 'crm-42', signature: '${signature}' });
        touchpoint('on', 'answered', function (detail) { document.title = 'answered ' + detail.score; });
      </script>`,
      body: `<button id="buy" type="button" onclick="touchpoint('ask', { touchpoint: 'checkout', metric: 'csat' })">Buy</button>`,
    });
    const page = await newPage();
    env.pages.widgetRequests.length = 0;
    await page.goto(url);
    await widgetInstalled(page);
    // A page that has not asked yet has downloaded the loader only.
    expect(env.pages.widgetRequests).toEqual(['/widget.js']);

    // A second copy of the script must leave the first one in charge.
    const installed = await page.evaluateHandle(() => window.touchpoint);
    await page.addScriptTag({ url: `${env.pages.widgetOrigin}/widget.js` });
    expect(await page.evaluate((first) => first === window.touchpoint, installed)).toBe(true);

    await page.getByRole('button', { name: 'Buy' }).click();
    await page.getByRole('radio', { name: '4', exact: true }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.title()).toBe('answered 4');
    expect(env.pages.widgetRequests.filter((path) => path === '/widget-ui.js')).toHaveLength(1);
    expect(await page.locator('touchpoint-survey').count()).toBe(1);

    // identify was queued before the script loaded, and still links the answer.
    await expect.poll(async () => (await env.responses()).filter((r) => r.touchpoint === 'checkout')).toHaveLength(1);
    const [stored] = (await env.responses()).filter((r) => r.touchpoint === 'checkout');
    expect(stored).toMatchObject({ metric: 'csat', score: 4, contactId: 'crm-42', verified: true, locale: 'en' });
  });

  it('tells the page when a question is shown, answered or dismissed', async () => {
    const url = env.servePage('/events', {
      head: `<script>
        window.seen = [];
        for (const name of ['shown', 'answered', 'dismissed']) touchpoint('on', name, (d) => seen.push(name + ':' + d.touchpoint));
      </script>`,
      data: { 'throttle-days': '0' },
    });
    const page = await newPage();
    await page.goto(url);
    await ask(page, { touchpoint: 'checkout', metric: 'nps' });
    await page.getByRole('radio', { name: '10', exact: true }).click();
    await page.getByRole('textbox').fill('Great');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => eventNames(page)).toEqual(['shown:checkout', 'answered:checkout']);
    const answered = (await widgetEvents(page))[1]![1];
    expect(answered).toMatchObject({ touchpoint: 'checkout', metric: 'nps', score: 10, comment: 'Great' });
    expect(answered.id).toMatch(/^[0-9a-f-]{36}$/);

    // A new page view, then the close button: dismissed, not answered.
    await page.reload();
    await ask(page, { touchpoint: 'help', metric: 'ces' });
    await page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => eventNames(page)).toEqual(['shown:help', 'dismissed:help']);
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual([
      'shown:help',
      'dismissed:help',
    ]);
    await expect.poll(() => page.locator('touchpoint-survey').count()).toBe(0);
    // The answered event promised an id the collector now has.
    await expect.poll(async () => (await env.responses()).map((r) => r.id)).toContain(answered.id);
  });

  it('samples the same visitor the same way on every page view', async () => {
    const visitorId = '5f0c6f1e-0000-4000-8000-000000000001';
    // Touchpoints this visitor falls in and out of at a 50% sample, by the widget's own hash.
    const names = Array.from({ length: 40 }, (_, index) => `page-${index}`);
    const sampledIn = names.find((name) => isSampledIn(visitorId, name, 0.5))!;
    const sampledOut = names.find((name) => !isSampledIn(visitorId, name, 0.5))!;
    const url = env.servePage('/sampled', { data: { 'throttle-days': '0' } });
    const page = await newPage();
    await page.goto(url);
    await page.evaluate((id) => localStorage.setItem('touchpoint:visitor', JSON.stringify(id)), visitorId);

    for (let view = 0; view < 2; view++) {
      await page.reload();
      await widgetInstalled(page);
      await ask(page, { touchpoint: sampledOut, metric: 'nps', sample: 0.5 });
      await ask(page, { touchpoint: 'never', metric: 'nps', sample: 0 });
      await ask(page, { touchpoint: sampledIn, metric: 'nps', sample: 0.5 });
      await expect
        .poll(() => widgetEvents(page))
        .toEqual([
          ['skipped', { touchpoint: sampledOut, metric: 'nps', reason: 'sampled' }],
          ['skipped', { touchpoint: 'never', metric: 'nps', reason: 'sampled' }],
          ['shown', { touchpoint: sampledIn, metric: 'nps' }],
        ]);
    }
  });

  it('asks one question per page view, and not the same touchpoint again within the throttle days, dismissed or not', async () => {
    const url = env.servePage('/throttled');
    const page = await newPage();
    await page.goto(url);
    await widgetInstalled(page);
    await ask(page, { touchpoint: 'checkout', metric: 'nps' });
    await page.getByRole('radiogroup').waitFor();
    await page.keyboard.press('Escape');
    await ask(page, { touchpoint: 'help', metric: 'csat' });
    await expect.poll(() => eventNames(page)).toEqual(['shown:checkout', 'dismissed:checkout', 'skipped:help']);
    expect((await widgetEvents(page))[2]![1].reason).toBe('page-limit');

    // Reloads: the dismissed touchpoint stays quiet for 30 days; another touchpoint may ask.
    const reloadAndAsk = async (daysLater: number, options: Record<string, unknown>) => {
      await page.clock.setFixedTime(Date.now() + daysLater * DAY_MS);
      await page.reload();
      await widgetInstalled(page);
      await ask(page, options);
      await expect.poll(async () => (await widgetEvents(page)).length).toBe(1);
      const [[name, detail]] = (await widgetEvents(page)) as [[string, Record<string, unknown>]];
      return name === 'skipped' ? `skipped:${String(detail.reason)}` : name;
    };
    expect(await reloadAndAsk(0, { touchpoint: 'checkout', metric: 'nps' })).toBe('skipped:throttled');
    expect(await reloadAndAsk(29, { touchpoint: 'checkout', metric: 'nps' })).toBe('skipped:throttled');
    expect(await reloadAndAsk(29, { touchpoint: 'checkout', metric: 'nps', throttleDays: 7 })).toBe('shown');
    // Shown on day 29, so asked again from day 59 on.
    expect(await reloadAndAsk(58, { touchpoint: 'checkout', metric: 'nps' })).toBe('skipped:throttled');
    expect(await reloadAndAsk(60, { touchpoint: 'checkout', metric: 'nps' })).toBe('shown');
  });

  it('takes the site’s theme and strings from data-* attributes and configure', async () => {
    const url = env.servePage('/themed', {
      data: { brand: '#0f766e', radius: '4px', position: 'left', 'throttle-days': '0' },
      head: `<script>
        touchpoint('configure', { font: 'Georgia, serif', strings: { send: 'Submit', en: { commentLabel: 'Tell us more' } } });
      </script>`,
    });
    const page = await newPage();
    await page.goto(url);
    await ask(page, { touchpoint: 'checkout', metric: 'nps', question: 'Would you recommend Greenleaf?' });
    await page.getByRole('heading', { name: 'Would you recommend Greenleaf?' }).waitFor();
    await page.getByRole('radio', { name: '8', exact: true }).click();
    await page.getByLabel('Tell us more').fill('Nice plants');
    const send = page.getByRole('button', { name: 'Submit' });
    expect(await send.evaluate((button) => getComputedStyle(button).backgroundColor)).toBe('rgb(15, 118, 110)');
    const card = page.locator('touchpoint-survey .card');
    const style = await card.evaluate((element) => {
      const computed = getComputedStyle(element);
      return {
        radius: computed.borderTopLeftRadius,
        font: computed.fontFamily,
        left: element.getBoundingClientRect().left,
      };
    });
    expect(style).toEqual({ radius: '4px', font: 'Georgia, serif', left: 16 });

    // configure after load changes the next question; followUp relabels the comment box.
    await page.reload();
    await call(page, 'configure', { position: 'right', strings: { send: 'Go' } });
    await ask(page, { touchpoint: 'help', metric: 'csat', followUp: 'What could we improve?' });
    await page.getByRole('radio', { name: '2', exact: true }).click();
    await page.getByLabel('What could we improve?').waitFor();
    await page.getByRole('button', { name: 'Go' }).waitFor();
    const box = await page.locator('touchpoint-survey .card').boundingBox();
    expect(box!.x + box!.width).toBe(1000 - 16);
  });
});
