import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregatesResult, ContactSummary, CreatedSite, MetricName, ResponseBody } from '@touchpoint/core/types';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { launchChromium } from '../support/browser.ts';
import { startCollector, type CollectorProcess } from '../support/collector-process.ts';
import { contactAnswer, makeAnswer } from '../support/fixtures.ts';
import { startReceiver } from '../support/webhook-receiver.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const AXE = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));

/** The browser's zone: ahead of UTC, so a day bucketed in UTC instead would show up as wrong numbers. */
const TIME_ZONE = 'Asia/Bangkok';
const METRICS: MetricName[] = ['nps', 'csat', 'ces'];
const XSS_COMMENTS = ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=1</script>'];
const XSS_CONTACT = '"><img src=x onerror="window.__xss=2">';

/** What the collector should send with the page; the dashboard must work under it. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface DashboardHost {
  /** Origin serving /dashboard and /v1 together. */
  url: string;
  close(): Promise<void>;
}

/** The collector serves the dashboard itself, under its own CSP. */
async function dashboardHost(collectorUrl: string): Promise<DashboardHost> {
  const probe = await fetch(`${collectorUrl}/dashboard`);
  if (!probe.ok || !(await probe.text()).includes('/dashboard/dashboard.js')) {
    throw new Error('the collector does not serve the built dashboard: run "npm run build"');
  }
  return { url: collectorUrl, close: async () => {} };
}

/** Deterministic pseudo-random numbers, so every run seeds the same answers. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `YYYY-MM-DD` of an instant in TIME_ZONE. */
function zonedDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(at);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Noon in TIME_ZONE (UTC+7, no DST) `daysAgo` days before today: always in the past, never near a day edge. */
function noonDaysAgo(daysAgo: number, minute = 0): string {
  return new Date(Date.parse(`${addDays(zonedDay(new Date()), -daysAgo)}T05:00:00Z`) + minute * 60_000).toISOString();
}

const COMMENTS = [
  'Fast delivery and friendly support',
  'Checkout was confusing on my phone',
  'Love the product, will buy again',
  'The parcel arrived late and damaged',
  'Could not find the size guide',
  null,
  null,
  null,
];
const LOCALES = ['en', 'en', 'en', 'th', 'vi'];
const SCALE_TOP: Record<MetricName, number> = { nps: 10, csat: 5, ces: 7 };

/** Some noise per touchpoint: checkout lags, the confirmation page delights. */
const TOUCHPOINT_MOOD: Record<string, number> = {
  checkout: -0.05,
  'order-confirmation': 0.08,
  'support-chat': 0,
  'product-page': 0.03,
  'help-centre': 0,
};

/** Eighteen hundred answers over half a year at five touchpoints, improving lately, a third from CRM contacts. */
function seedAnswers(site: CreatedSite): Record<string, unknown>[] {
  const random = mulberry32(9);
  const plan: Array<[touchpoint: string, metric: MetricName]> = [
    ['checkout', 'nps'],
    ['order-confirmation', 'nps'],
    ['support-chat', 'nps'],
    ['support-chat', 'csat'],
    ['product-page', 'csat'],
    ['help-centre', 'ces'],
  ];
  const answers: Record<string, unknown>[] = [];
  for (let index = 0; index < 1800; index++) {
    const [touchpoint, metric] = plan[index % plan.length]!;
    const daysAgo = 1 + Math.floor(random() * 180);
    const lift = Math.max(0, (120 - daysAgo) / 120) * 0.2; // lately happier: the comparison has something to show
    const top = SCALE_TOP[metric];
    const low = metric === 'nps' ? 0 : 1;
    const quality = Math.min(1, Math.max(0, random() ** 0.6 + lift + TOUCHPOINT_MOOD[touchpoint]!));
    const score = Math.round(low + (top - low) * quality);
    const comment = COMMENTS[Math.floor(random() * COMMENTS.length)];
    const fields = {
      touchpoint,
      metric,
      score,
      createdAt: noonDaysAgo(daysAgo, Math.floor(random() * 300)),
      locale: LOCALES[Math.floor(random() * LOCALES.length)],
      page: `https://shop.example/${touchpoint}`,
      ...(comment ? { comment } : {}),
    };
    answers.push(
      random() < 1 / 3
        ? contactAnswer(site, `crm-${1001 + Math.floor(random() * 40)}`, fields)
        : makeAnswer(site, { ...fields, visitorId: `v-${index}` }),
    );
  }
  // A touchpoint with answers on some of the last seven days only: its daily line must break, not drop to 0.
  for (const daysAgo of [6, 5, 2, 1]) {
    answers.push(
      makeAnswer(site, { touchpoint: 'gift-wrap', metric: 'nps', score: 10, createdAt: noonDaysAgo(daysAgo) }),
    );
  }
  // Yesterday evening, after every other seeded answer: they lead the comment feed.
  const latest = noonDaysAgo(1, 400);
  for (const comment of XSS_COMMENTS) {
    answers.push(makeAnswer(site, { touchpoint: 'checkout', metric: 'nps', score: 3, comment, createdAt: latest }));
  }
  answers.push(contactAnswer(site, XSS_CONTACT, { score: 8, comment: 'Contact id with markup', createdAt: latest }));
  // Names a contact without the backend's signature: kept, shown in history, never in the summary.
  answers.push(
    makeAnswer(site, { contact: { id: 'crm-2001' }, score: 2, comment: 'Unsigned', createdAt: noonDaysAgo(3) }),
  );
  return answers;
}

/** Polls until the page catches up: generous, because two cores run the collector, the proxy and Chromium. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

let collector: CollectorProcess;
let host: DashboardHost;
let browser: Browser;
let site: CreatedSite;
let api: ApiClient;

async function getJsonAs<T>(secretKey: string, path: string): Promise<T> {
  const response = await api.request(path, { headers: { Authorization: `Bearer ${secretKey}` } });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const getJson = <T>(path: string) => getJsonAs<T>(site.secretKey, path);

/** The API's figures for the days the dashboard shows, asked independently of the page. */
function aggregates(metric: MetricName, from: string, to: string, touchpoint?: string): Promise<AggregatesResult> {
  const query = new URLSearchParams({ metric, from, to, tz: TIME_ZONE });
  if (touchpoint) query.set('touchpoint', touchpoint);
  return getJson<AggregatesResult>(`/v1/aggregates?${query}`);
}

const fixed = (decimals: number, signed = false) =>
  new Intl.NumberFormat('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    signDisplay: signed ? 'exceptZero' : 'auto',
  });

/** A value rounded as the cards show it: NPS in whole signed points, CSAT to 0.1%, CES to 0.01. */
function shown(metric: MetricName, value: number | null): string {
  if (value === null) return '—';
  if (metric === 'nps') return fixed(0, true).format(value);
  return metric === 'csat' ? `${fixed(1).format(value)}%` : fixed(2).format(value);
}

async function expectCardsToMatch(page: Page, from: string, to: string, touchpoint?: string): Promise<void> {
  for (const metric of METRICS) {
    const { overall } = await aggregates(metric, from, to, touchpoint);
    const card = page.getByRole('region', { name: metric.toUpperCase(), exact: true });
    await eventually(() => card.locator('.metric-value').textContent()).toBe(shown(metric, overall.value));
    const count = overall.n === 0 ? 'No answers in this period' : `n = ${overall.n}`;
    await eventually(() => card.locator('.metric-meta').textContent()).toContain(count);
  }
}

interface Session {
  context: BrowserContext;
  page: Page;
  errors: string[];
  requests: string[];
}

async function openDashboard(options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {}) {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    timezoneId: TIME_ZONE,
    locale: 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    acceptDownloads: true,
  });
  await context.addInitScript(() => {
    const violations: string[] = [];
    Object.assign(window, { __cspViolations: violations });
    document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
  });
  const page = await context.newPage();
  const session: Session = { context, page, errors: [], requests: [] };
  page.on('pageerror', (error) => session.errors.push(error.message));
  page.on('request', (request) => session.requests.push(request.url()));
  await page.goto(`${host.url}/dashboard`);
  return session;
}

async function signIn(page: Page, key = site.secretKey): Promise<void> {
  await page.getByLabel('Secret key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function closeSession(session: Session): Promise<void> {
  expect(session.errors).toEqual([]);
  expect(
    await session.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
  ).toEqual([]);
  // The key travels only in the Authorization header, never in a URL.
  expect(session.requests.filter((url) => url.includes(site.secretKey))).toEqual([]);
  await session.context.close();
}

/** axe-core's serious and critical findings on the page as it is now. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated, not added as a <script>: the page's CSP rightly refuses inline scripts.
  await page.evaluate(readFileSync(AXE, 'utf8'));
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: Array<Record<string, unknown>> }> } }).axe;
    return (await axe.run()).violations;
  });
  return results
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => {
      const nodes = violation.nodes as Array<{ target: string[]; failureSummary?: string }>;
      const where = nodes.slice(0, 3).map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`);
      return `${violation.id}: ${violation.help} (${nodes.length}) at ${where.join(' | ')}`;
    });
}

beforeAll(async () => {
  // Private webhook URLs allowed: the test's receivers listen on 127.0.0.1.
  collector = await startCollector({
    env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN, TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS: '1' },
  });
  api = new ApiClient(collector.url);
  site = await api.createSite('Greenleaf Goods', ['https://shop.example']);
  const answers = seedAnswers(site);
  for (let start = 0; start < answers.length; start += 50) {
    const response = await api.postResponses({ responses: answers.slice(start, start + 50) });
    if (response.status !== 202) throw new Error(`seeding: ${response.status} ${await response.text()}`);
  }
  host = await dashboardHost(collector.url);
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await collector?.stop();
});

describe('the dashboard in Chromium', () => {
  it('refuses a wrong key in words, and a write key with a hint', async () => {
    const session = await openDashboard();
    const { page } = session;
    await signIn(page, 'sk_not-the-right-key');
    await eventually(() => page.getByRole('alert').textContent()).toContain('secret key was not accepted');
    await signIn(page, site.writeKey);
    await eventually(() => page.getByRole('alert').textContent()).toContain('That is the write key');
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-sign-in-error.png` });
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await closeSession(session);
  });

  it('shows the headline figures the API computes, draws every chart, and follows the period filter', async () => {
    const session = await openDashboard();
    const { page } = session;
    await signIn(page);
    await page.getByRole('heading', { name: 'Greenleaf Goods' }).waitFor();
    // The key is kept for this tab only, and nowhere in the address.
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual(['touchpoint.dashboard.secretKey']);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(page.url()).not.toContain(site.secretKey);

    const today = zonedDay(new Date());
    await expectCardsToMatch(page, addDays(today, -29), today);
    const nps30 = await aggregates('nps', addDays(today, -29), today);
    const npsCard = page.getByRole('region', { name: 'NPS', exact: true });
    expect(await npsCard.locator('.change').textContent()).toMatch(/(not significant|significant|too few)/);
    expect(nps30.overall.comparison).not.toBeNull();

    // Every chart is drawn: lines in each trend, segments in the distribution.
    for (const metric of ['NPS', 'CSAT', 'CES']) {
      const chart = page.getByRole('region', { name: `${metric} over time` });
      const paths = await chart
        .locator('svg.chart g[data-series] path')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('d') ?? ''));
      expect(paths.length, metric).toBeGreaterThan(0);
      expect(paths.every((d) => /^M[\d.]+ [\d.]+(L[\d.]+ [\d.]+)+$/.test(d))).toBe(true);
      expect(await chart.locator('svg.chart .grid text').count()).toBeGreaterThan(2);
      expect(await chart.locator('svg.chart .axis text').count()).toBeGreaterThan(2);
    }
    const segments = page.getByRole('region', { name: 'NPS distribution' }).locator('svg.chart rect');
    expect(await segments.count()).toBeGreaterThanOrEqual(3);
    const widths = await segments.evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('width'))));
    expect(widths.every((width) => width > 0)).toBe(true);
    const table = page.getByRole('region', { name: 'Touchpoints' });
    expect(await table.locator('tbody tr').count()).toBe(6);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-overview.png`, fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);

    // 7 days: new numbers, daily points, and a gap where a touchpoint had no answers.
    await page.getByRole('radio', { name: '7 days' }).check();
    await expectCardsToMatch(page, addDays(today, -6), today);
    const nps7 = await aggregates('nps', addDays(today, -6), today);
    expect(nps7.overall.n).not.toBe(nps30.overall.n);
    const giftWrap = page.getByRole('region', { name: 'NPS over time' }).locator('g[data-series="gift-wrap"]');
    await eventually(() => giftWrap.locator('path').count()).toBe(2); // days 6–5 and 2–1 ago; 4–3 ago are a gap
    expect(await giftWrap.locator('circle').count()).toBe(4);

    // The chart reads out each day from the keyboard and under the pointer; an empty day says so, not 0.
    const npsChart = page.getByRole('region', { name: 'NPS over time' });
    const readout = npsChart.locator('.readout');
    await npsChart.locator('.chart-frame').focus();
    await eventually(() => readout.textContent()).toContain('gift-wrap: — (n = 0)'); // today
    await page.keyboard.press('ArrowLeft');
    await eventually(() => readout.textContent()).toContain('gift-wrap: +100 (n = 1)'); // yesterday
    await npsChart.locator('rect.hit').hover({ position: { x: 5, y: 5 } });
    await eventually(() => readout.textContent()).toContain('All touchpoints');
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-7-days.png`, fullPage: true });

    // 90 days: weekly points.
    await page.getByRole('radio', { name: '90 days' }).check();
    await expectCardsToMatch(page, addDays(today, -89), today);
    expect(await page.locator('.trend-grid').getAttribute('data-interval')).toBe('week');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-90-days.png`, fullPage: true });

    // A custom range.
    await page.getByRole('radio', { name: 'Custom' }).check();
    await page.getByLabel('From', { exact: true }).fill(addDays(today, -59));
    await page.getByLabel('To', { exact: true }).fill(addDays(today, -20));
    await page.getByRole('button', { name: 'Apply' }).click();
    await expectCardsToMatch(page, addDays(today, -59), addDays(today, -20));

    // One touchpoint.
    await page.getByRole('radio', { name: '30 days' }).check();
    await page.locator('.picker summary').click();
    await page.getByRole('checkbox', { name: 'checkout', exact: true }).check();
    await page.keyboard.press('Escape');
    await expectCardsToMatch(page, addDays(today, -29), today, 'checkout');
    await eventually(() => table.locator('tbody tr').count()).toBe(1);
    await closeSession(session);
  }, 90_000);

  it('sorts the touchpoint table by volume and by score from the keyboard', async () => {
    const session = await openDashboard();
    const { page } = session;
    await signIn(page);
    const table = page.getByRole('region', { name: 'Touchpoints' });
    await eventually(() => table.locator('tbody tr').count()).toBe(6);
    const answersHeader = table.locator('th', { hasText: 'Answers' });
    expect(await answersHeader.getAttribute('aria-sort')).toBe('descending');
    const volumes = () =>
      table.locator('tbody tr td:nth-child(2) .cell-value').evaluateAll((cells) => cells.map((c) => c.textContent));
    const descending = await volumes();
    await answersHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    expect(await answersHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await volumes()).toEqual([...descending].reverse());

    const npsHeader = table.locator('th', { hasText: 'NPS' });
    await npsHeader.getByRole('button').focus();
    await page.keyboard.press('Space');
    expect(await npsHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await answersHeader.getAttribute('aria-sort')).toBeNull();
    const nps = await table
      .locator('tbody tr td:nth-child(3) .cell-value')
      .evaluateAll((cells) => cells.map((c) => c.textContent ?? ''));
    const scored = nps.filter((text) => text !== '—').map(Number);
    expect(scored).toEqual([...scored].sort((a, b) => b - a));
    expect(nps.slice(scored.length).every((text) => text === '—')).toBe(true); // no NPS: last
    await closeSession(session);
  });

  it('shows comments as text: markup in a comment or contact ID never runs', async () => {
    const session = await openDashboard();
    const { page } = session;
    await signIn(page);
    await page.getByRole('link', { name: 'Comments' }).click();
    for (const comment of XSS_COMMENTS) await page.getByText(comment, { exact: true }).waitFor();
    await page.getByText(XSS_CONTACT).first().waitFor();
    const feed = page.locator('.feed');
    expect(await feed.locator('img, script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    // Newest first: the markup answers are the latest and lead the feed.
    const first = await feed.locator('.comment').first().textContent();
    expect([...XSS_COMMENTS, 'Contact id with markup']).toContain(first);

    // Narrow by score group and search.
    await page.getByLabel('Search').fill('parcel');
    await eventually(() => feed.locator('.comment').count()).toBeGreaterThan(0);
    const texts = await feed.locator('.comment').allTextContents();
    expect(texts.every((text) => text.includes('parcel'))).toBe(true);
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Score').selectOption('positive');
    await eventually(() => feed.locator('.score').count()).toBeGreaterThan(0);
    const badges = await feed.locator('.score').evaluateAll((nodes) => nodes.map((node) => node.className));
    expect(badges.every((name) => name.includes('positive'))).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-comments.png`, fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);

    // The CSV of the view comes through a Blob link, with every answer of the period.
    const today = zonedDay(new Date());
    const period = await getJson<{ data: ResponseBody[] }>(
      `/v1/responses?limit=1000&from=${encodeURIComponent(new Date(`${addDays(today, -29)}T00:00:00+07:00`).toISOString())}`,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.url()).toMatch(/^blob:/);
    expect(download.suggestedFilename()).toBe(`touchpoint-responses-${addDays(today, -29)}-to-${today}.csv`);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^id,createdAt,/);
    expect(csv.trimEnd().split('\r\n').length - 1).toBe(period.data.length);
    await closeSession(session);
  });

  it('looks up a contact: the summary and history, and words for one without verified answers', async () => {
    const session = await openDashboard();
    const { page } = session;
    await signIn(page);
    await page.getByRole('link', { name: 'Contacts' }).click();
    const summary = await getJson<ContactSummary>('/v1/contacts/crm-1001');
    await page.getByLabel('CRM contact ID').fill('crm-1001');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('heading', { name: 'crm-1001' }).waitFor();
    expect(await page.locator('.contact-head').textContent()).toContain(`${summary.responses} verified answers`);
    const showAll = page.getByRole('button', { name: /^Show all/ });
    if (summary.responses > 20) await showAll.click();
    expect(await page.locator('table.history tbody tr').count()).toBe(summary.responses);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-contact.png`, fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByLabel('CRM contact ID').fill('crm-2001');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByText('No verified answers for this contact').waitFor();
    expect(await page.locator('.empty').textContent()).toContain('1 unverified answer names this contact');
    await closeSession(session);
  });

  it('lists webhook endpoints with their recent deliveries, or says the collector has none', async () => {
    const shop = await api.createSite('Webhook shop');
    const healthy = await startReceiver();
    const failing = await startReceiver(() => ({ status: 500 }));
    try {
      const register = (url: string) =>
        api.request('/v1/webhooks', {
          method: 'POST',
          headers: { Authorization: `Bearer ${shop.secretKey}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ url, events: ['response.created', 'response.detractor'] }),
        });
      const registered = await register(healthy.url);
      const available = registered.status === 201;
      if (available) {
        expect((await register(failing.url)).status).toBe(201);
        const answers = [9, 10, 2].map((score) => makeAnswer(shop, { score, comment: `<b>${score}</b>` }));
        expect((await api.postResponses({ responses: answers })).status).toBe(202);
        // Wait for the delivery log itself, so the page reads it complete: 3 created + 1 detractor each.
        const { id } = (await registered.json()) as { id: string };
        const log = async (endpoint: string) =>
          (
            await getJsonAs<{ data: Array<{ status: string; lastStatusCode: number | null }> }>(
              shop.secretKey,
              `/v1/webhooks/${endpoint}/deliveries`,
            )
          ).data;
        await eventually(async () => (await log(id)).map((delivery) => delivery.status)).toEqual(
          Array(4).fill('delivered'),
        );
        const { data: endpoints } = await getJsonAs<{ data: Array<{ id: string; url: string }> }>(
          shop.secretKey,
          '/v1/webhooks',
        );
        const failingId = endpoints.find((endpoint) => endpoint.url === failing.url)!.id;
        await eventually(async () => (await log(failingId)).some((delivery) => delivery.lastStatusCode === 500)).toBe(
          true,
        );
      }

      const session = await openDashboard();
      const { page } = session;
      await signIn(page, shop.secretKey);
      await page.getByRole('link', { name: 'Webhooks' }).click();
      const region = page.getByRole('region', { name: 'Webhooks' });
      if (!available) {
        // A collector without webhook routes answers 404, which the panel explains.
        expect(registered.status).toBe(404);
        await region.getByText('Webhooks are not available on this collector').waitFor();
      } else {
        const ok = page.getByRole('article', { name: `Webhook ${healthy.url}` });
        await eventually(() => ok.locator('.deliveries tbody tr').count()).toBe(4);
        expect(await ok.locator('.deliveries').textContent()).toContain('delivered');
        expect(await ok.locator('.deliveries').textContent()).toContain('HTTP 200');
        const broken = page.getByRole('article', { name: `Webhook ${failing.url}` });
        await eventually(() => broken.locator('.deliveries').textContent()).toContain('HTTP 500');
        await page.screenshot({ path: `${ARTIFACTS}/dashboard-webhooks.png`, fullPage: true });
        expect(await accessibilityProblems(page)).toEqual([]);
      }
      await closeSession(session);
    } finally {
      await healthy.close();
      await failing.close();
    }
  });

  it('ends the session in words when the key is rotated', async () => {
    const other = await api.createSite('Rotated shop');
    const session = await openDashboard();
    const { page } = session;
    await signIn(page, other.secretKey);
    await page.getByRole('heading', { name: 'Rotated shop' }).waitFor();
    const rotated = await api.request('/v1/site/rotate-key', {
      method: 'POST',
      headers: { Authorization: `Bearer ${other.secretKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'secret' }),
    });
    expect(rotated.status).toBe(200);
    // click, not check: the radio is gone once the page signs out, so its state cannot be confirmed.
    await page.getByRole('radio', { name: '7 days' }).click();
    await page.getByLabel('Secret key').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('no longer accepts this key');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await closeSession(session);
  });

  it('keeps the session across a reload, signs out, and fits a phone in dark mode', async () => {
    const session = await openDashboard({ colorScheme: 'dark', width: 390, height: 844 });
    const { page } = session;
    await signIn(page);
    await page.getByRole('heading', { name: 'Greenleaf Goods' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Greenleaf Goods' }).waitFor();
    await page.getByRole('region', { name: 'NPS over time' }).locator('svg.chart path').first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-phone-dark.png`, fullPage: true });
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-phone-dark-top.png` });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Secret key').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await closeSession(session);
  });
});
