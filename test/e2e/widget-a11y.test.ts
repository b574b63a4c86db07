import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { th } from '../../widget/src/i18n/th.ts';
import { vi } from '../../widget/src/i18n/vi.ts';
import { startWidgetEnv, type WidgetEnv } from '../support/widget-pages.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const AXE = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));

let env: WidgetEnv;
let context: BrowserContext;

beforeAll(async () => {
  env = await startWidgetEnv();
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(() => env?.close());
afterEach(() => context?.close());

async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  context = await env.browser.newContext({ viewport: { width: 1000, height: 700 }, ...options });
  return context.newPage();
}

/** A page with some content and a button that asks, as a shop's confirmation page would. */
function askPage(path: string, data: Record<string, string> = {}, metric = 'nps'): string {
  return env.servePage(path, {
    data: { 'throttle-days': '0', ...data },
    body: `<p>Your order A-1042 is confirmed. We will email you when it ships.</p>
      <button type="button" id="rate" onclick="touchpoint('ask', { touchpoint: 'checkout', metric: '${metric}' })">Rate your order</button>`,
  });
}

async function openSurvey(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Rate your order' }).click();
  await page.getByRole('radiogroup').waitFor();
}

/** A screenshot of the card with a margin of page around it, under test/artifacts/. */
async function screenshotCard(page: Page, name: string): Promise<string> {
  const box = (await page.locator('touchpoint-survey .card').boundingBox())!;
  const viewport = page.viewportSize()!;
  const x = Math.max(0, box.x - 24);
  const y = Math.max(0, box.y - 24);
  const path = `${ARTIFACTS}widget-${name}.png`;
  await page.screenshot({
    path,
    animations: 'disabled',
    clip: {
      x,
      y,
      width: Math.min(viewport.width - x, box.width + 48),
      height: Math.min(viewport.height - y, box.height + 48),
    },
  });
  return path;
}

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core over the whole page, open shadow roots included: WCAG 2.0/2.1 A and AA rules. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations;
  });
  return violations.map((v) => `${v.id}: ${v.help} at ${JSON.stringify(v.nodes.map((node) => node.target))}`);
}

describe('the widget’s accessibility and languages in Chromium', () => {
  it('can be answered with the keyboard alone, and gives focus back', async () => {
    const page = await newPage();
    await page.goto(askPage('/keyboard'));
    // Tab to the page's button and press Enter: no mouse anywhere.
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('rate');
    await page.keyboard.press('Enter');

    // Focus moves into the dialog, onto the scale's single tab stop.
    const focused = () =>
      page.evaluate(() => {
        const active = document.activeElement?.shadowRoot?.activeElement;
        return active ? `${active.getAttribute('role') ?? active.tagName.toLowerCase()} ${active.textContent}` : null;
      });
    await expect.poll(focused).toBe('radio 0');
    for (let step = 0; step < 9; step++) await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('radio 9');
    expect(await page.getByRole('radio', { checked: true }).textContent()).toBe('9');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowRight'); // wraps from 10 to 0
    await page.keyboard.press('ArrowLeft'); // and back to 10
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toBe('radio 9');

    await page.keyboard.press('Tab');
    expect(await focused()).toBe('textarea ');
    await page.keyboard.type('Quick and easy');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button Send');
    // Tab stays inside the dialog: from Send round to the close button.
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button ');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('button Send');
    await page.keyboard.press('Enter');

    await page.getByRole('status').getByText('Thank you for your feedback').waitFor();
    // The thank-you closes by itself, and focus returns to the button that asked.
    await expect.poll(() => page.locator('touchpoint-survey').count(), { timeout: 10_000 }).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('rate');
    await expect
      .poll(async () => (await env.responses()).filter((r) => r.comment === 'Quick and easy'))
      .toEqual([expect.objectContaining({ metric: 'nps', score: 9 })]);

    // Next page view: Esc closes without answering, and gives focus back too.
    await page.reload();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('radio 0');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('touchpoint-survey').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('rate');
  });

  it('passes an axe-core scan with zero violations, light and dark, in every state', async () => {
    const page = await newPage();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await openSurvey(page, askPage(`/axe-${colorScheme}`));
      expect(await axeViolations(page)).toEqual([]);
      await screenshotCard(page, `en-${colorScheme}`);
      // With a score chosen: the comment box and Send appear.
      await page.getByRole('radio', { name: '8', exact: true }).click();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('status').getByText('Thank you').waitFor();
      expect(await axeViolations(page)).toEqual([]);
    }
    // A brand colour, dark, CSAT.
    await openSurvey(page, askPage('/axe-brand', { brand: '#0f766e' }, 'csat'));
    await page.getByRole('radio', { name: '4', exact: true }).click();
    expect(await axeViolations(page)).toEqual([]);
    await screenshotCard(page, 'brand-dark');
  });

  it('speaks Thai when the page asks for it, and Vietnamese when the browser prefers it', async () => {
    const thPage = await newPage({ locale: 'en-US' });
    await openSurvey(thPage, askPage('/thai', { lang: 'th' }));
    await thPage.getByRole('heading', { name: th.question.nps }).waitFor();
    expect(await thPage.getByText(th.anchors.nps[0]).count()).toBe(1);
    expect(await thPage.locator('touchpoint-survey .card').getAttribute('lang')).toBe('th');
    await thPage.getByRole('radio', { name: '9', exact: true }).click();
    await thPage.getByLabel(th.commentLabel).fill('จัดส่งรวดเร็วมาก');
    expect(await axeViolations(thPage)).toEqual([]);
    await screenshotCard(thPage, 'th-light');
    await thPage.getByRole('button', { name: th.send }).click();
    await thPage.getByText(th.thanks).waitFor();
    await expect
      .poll(async () => (await env.responses()).filter((r) => r.comment === 'จัดส่งรวดเร็วมาก'))
      .toEqual([expect.objectContaining({ locale: 'th', score: 9 })]);
    await context.close();

    const viPage = await newPage({ locale: 'vi-VN', colorScheme: 'dark' });
    await openSurvey(viPage, askPage('/vietnamese', {}, 'ces'));
    await viPage.getByRole('heading', { name: vi.question.ces }).waitFor();
    expect(await viPage.getByText(vi.anchors.ces[1]).count()).toBe(1);
    await viPage.getByRole('radio', { name: '6', exact: true }).click();
    await viPage.getByLabel(vi.commentLabel).waitFor();
    expect(await axeViolations(viPage)).toEqual([]);
    await screenshotCard(viPage, 'vi-dark');
    await context.close();

    // The remaining pairs, for the record.
    for (const [lang, colorScheme] of [
      ['th', 'dark'],
      ['vi', 'light'],
    ] as const) {
      const page = await newPage({ colorScheme });
      await openSurvey(page, askPage(`/${lang}-${colorScheme}`, { lang }));
      await screenshotCard(page, `${lang}-${colorScheme}`);
      await context.close();
    }
  });

  it('fits a 320 px wide phone and 200% zoom with no horizontal scrolling, every score reachable', async () => {
    // 200% zoom of a 1280 × 800 window lays out as a 640 × 400 CSS-pixel viewport.
    for (const viewport of [
      { width: 320, height: 568 },
      { width: 640, height: 400 },
    ]) {
      const page = await newPage({ viewport });
      await page.goto(askPage(`/small-${viewport.width}`));
      await page.getByRole('button', { name: 'Rate your order' }).click();
      await page.getByRole('radio', { name: '10', exact: true }).click(); // the comment box makes the card taller
      const layout = await page.locator('touchpoint-survey .card').evaluate((card) => ({
        pageScrolls: document.documentElement.scrollWidth > innerWidth,
        cardScrollsSideways: card.scrollWidth > card.clientWidth,
        left: card.getBoundingClientRect().left,
        right: card.getBoundingClientRect().right,
        bottom: card.getBoundingClientRect().bottom,
      }));
      expect(layout).toMatchObject({ pageScrolls: false, cardScrollsSideways: false });
      expect(layout.left).toBeGreaterThanOrEqual(0);
      expect(layout.right).toBeLessThanOrEqual(viewport.width);
      expect(layout.bottom).toBeLessThanOrEqual(viewport.height);
      // Every score, and Send, can be scrolled to inside the card and clicked.
      for (let score = 0; score <= 10; score++) {
        const radio = page.getByRole('radio', { name: String(score), exact: true });
        await radio.click();
        const box = (await radio.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
        expect(box.width).toBeGreaterThanOrEqual(24); // WCAG 2.2 target size, met here already
      }
      await screenshotCard(page, `small-${viewport.width}`);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('status').getByText('Thank you').waitFor();
      await context.close();
    }
  });
});
