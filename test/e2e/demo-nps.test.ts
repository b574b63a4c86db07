import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregatesResult, CreatedSite, NpsSummary } from '@touchpoint/core/types';
import { ApiClient } from '../support/api-client.ts';
import { launchChromium } from '../support/browser.ts';
import { startCollector, type CollectorProcess } from '../support/collector-process.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

let collector: CollectorProcess;
let browser: Browser;
let demoSite: CreatedSite;

beforeAll(async () => {
  collector = await startCollector({ args: ['--demo', '--quiet'] });
  demoSite = JSON.parse(readFileSync(`${collector.dataDir}/demo-site.json`, 'utf8')) as CreatedSite;
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

async function npsAggregate(): Promise<AggregatesResult> {
  const response = await new ApiClient(collector.url).aggregates(demoSite.secretKey, {
    metric: 'nps',
    touchpoint: 'checkout',
    groupBy: 'verified',
  });
  return (await response.json()) as AggregatesResult;
}

describe('the demo shop in Chromium', () => {
  it('asks for NPS after checkout, and the answer counts in the aggregates', async () => {
    // The demo seeds a past year on first start; the new answer must add exactly one.
    const before = await npsAggregate();
    const verifiedBefore = before.groups!.find((group) => group.key === 'verified')?.overall.n ?? 0;
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${collector.url}/sign-in?as=crm-1001`);
    await page.goto(`${collector.url}/checkout`);
    await page.getByRole('button', { name: 'Place order' }).click();

    const survey = page.locator('touchpoint-survey');
    await expect.poll(() => survey.count()).toBe(1);
    await page.getByRole('radio', { name: '9', exact: true }).click();
    await page.getByRole('textbox').fill('Fast delivery, lovely plant');
    await page.screenshot({ path: `${ARTIFACTS}/demo-checkout-nps.png` });
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').getByText('Thank you for your feedback').waitFor();

    // The widget may thank before the POST lands (it queues offline answers), so wait for the count.
    await expect.poll(async () => (await npsAggregate()).overall.n).toBe(before.overall.n + 1);
    const aggregate = await npsAggregate();
    const promoters = (result: AggregatesResult) => (result.overall as NpsSummary).promoters;
    expect(promoters(aggregate)).toBe(promoters(before) + 1);
    // The demo backend signed crm-1001 with the site's identity secret, so the answer is linked.
    expect(aggregate.groups!.find((group) => group.key === 'verified')!.overall.n).toBe(verifiedBefore + 1);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
