import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector } from '../support/collector-process.ts';
import { ADMIN_TOKEN } from '../support/api-client.ts';
import { recordWidgetEvents, startWidgetEnv, widgetEvents, type WidgetEnv } from '../support/widget-pages.ts';

/** A port that was free a moment ago: the collector must come back where the widget expects it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/**
 * A reverse proxy that holds each request for `delayMs` before passing it on, and drops
 * it if the browser has given up on it by then, as a slow network would lose it.
 */
async function slowProxy(target: string, delayMs: number) {
  let dropped = 0;
  const server = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    let aborted = false;
    response.on('close', () => (aborted = !response.writableFinished));
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      setTimeout(async () => {
        if (aborted) return void dropped++;
        const headers = Object.fromEntries(
          Object.entries(request.headers).filter(([name]) => ['content-type', 'origin'].includes(name)),
        ) as Record<string, string>;
        const upstream = await fetch(target + request.url, {
          method: request.method,
          headers,
          ...(request.method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
        });
        response.writeHead(upstream.status, Object.fromEntries(upstream.headers));
        response.end(Buffer.from(await upstream.arrayBuffer()));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get dropped() {
      return dropped;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

let env: WidgetEnv;
let port: number;

beforeAll(async () => {
  port = await freePort();
  // startCollector passes --port 0 first; the last --port wins.
  env = await startWidgetEnv({ args: ['--port', String(port)] });
});
afterAll(() => env?.close());

async function answerNps(page: Page, touchpoint: string, score: number, comment: string): Promise<void> {
  await page.evaluate((touchpoint) => window.touchpoint!('ask', { touchpoint, metric: 'nps' }), touchpoint);
  await page.getByRole('radio', { name: String(score), exact: true }).click();
  await page.getByRole('textbox').fill(comment);
  await page.getByRole('button', { name: 'Send' }).click();
}

const outbox = (page: Page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem('touchpoint:outbox') ?? '[]') as { id: string }[]);

describe('the widget’s delivery in Chromium, against the real collector', () => {
  it('keeps an answer given while the collector is down, and delivers it once it is back', async () => {
    expect(env.collector.url).toBe(`http://127.0.0.1:${port}`);
    const url = env.servePage('/offline');
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(recordWidgetEvents);
    await page.goto(url);
    await page.waitForFunction(() => 'installed' in (window.touchpoint ?? {}));

    await env.collector.stop();
    await answerNps(page, 'offline-checkout', 7, 'Answered offline');
    await expect.poll(async () => (await widgetEvents(page)).map(([name]) => name)).toContain('answered');
    const [, answered] = (await widgetEvents(page)).find(([name]) => name === 'answered')!;
    // The POST failed; the answer waits in localStorage.
    await expect.poll(() => outbox(page)).toEqual([expect.objectContaining({ id: answered.id, score: 7 })]);

    // Back on the same port and database; the next page view (or the in-page retry) delivers.
    env.collector = await startCollector({
      dataDir: env.collector.dataDir,
      args: ['--quiet', '--port', String(port)],
      env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN },
    });
    await page.goto(url);
    await expect
      .poll(() => env.responses(), { timeout: 15_000 })
      .toEqual([
        expect.objectContaining({
          id: answered.id,
          touchpoint: 'offline-checkout',
          score: 7,
          comment: 'Answered offline',
        }),
      ]);
    await expect.poll(() => outbox(page)).toEqual([]);
    await context.close();
  });

  it('delivers an answer whose tab is closed right after Send', async () => {
    // A slow network: the POST is still on its way when the tab goes, so only a request
    // the browser keeps alive past the page (fetch keepalive, sendBeacon) gets through.
    const proxy = await slowProxy(env.collector.url, 1000);
    const url = env.servePage('/closing', { endpoint: proxy.url });
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => 'installed' in (window.touchpoint ?? {}));
    await answerNps(page, 'closed-tab', 3, 'Closing now');
    await page.close();

    await expect
      .poll(async () => (await env.responses()).filter((r) => r.touchpoint === 'closed-tab'))
      .toEqual([expect.objectContaining({ score: 3, comment: 'Closing now' })]);
    expect(proxy.dropped).toBe(0);
    await context.close();
    await proxy.close();
  });
});
