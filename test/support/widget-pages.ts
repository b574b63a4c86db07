import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { CreatedSite, ResponseBody } from '@touchpoint/core/types';
import { ApiClient, ADMIN_TOKEN } from './api-client.ts';
import { launchChromium } from './browser.ts';
import { startCollector, type CollectorProcess, type CollectorProcessOptions } from './collector-process.ts';

const WIDGET_DIST = fileURLToPath(new URL('../../widget/dist/', import.meta.url));
const WIDGET_FILES = ['widget.js', 'widget-ui.js'];

/** The snippet a site pastes before the script tag: a stub that queues calls until the widget loads. */
export const STUB = 'window.touchpoint=window.touchpoint||function(){(touchpoint.q=touchpoint.q||[]).push(arguments)}';

interface Served {
  body: string;
  type: string;
  headers: Record<string, string>;
}

export interface WidgetPages {
  /** Origin of the pages, e.g. `http://127.0.0.1:41234`: register it with the site. */
  origin: string;
  /** Origin that serves `widget.js` and `widget-ui.js`, another port: cross-origin, like a collector or CDN. */
  widgetOrigin: string;
  /** Serves `body` at `path` on the pages' origin and returns its URL. */
  serve(path: string, body: string, options?: { type?: string; headers?: Record<string, string> }): string;
  /** Paths the widget server was asked for, in order (`/widget.js`, `/widget-ui.js`). */
  widgetRequests: string[];
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

/**
 * Two small static servers on 127.0.0.1: one for test pages (whatever a test
 * registers), one for the built widget files from widget/dist, read on every
 * request and sent with CORS, as the collector sends `/widget.js`.
 */
export async function startWidgetPages(): Promise<WidgetPages> {
  const pages = new Map<string, Served>();
  const widgetRequests: string[] = [];

  const pageServer = createServer((request, response) => {
    const page = pages.get(new URL(request.url ?? '/', 'http://x').pathname);
    if (!page) return response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': page.type, 'Cache-Control': 'no-store', ...page.headers });
    response.end(page.body);
  });
  const widgetServer = createServer((request, response) => {
    const name = new URL(request.url ?? '/', 'http://x').pathname.slice(1);
    widgetRequests.push(`/${name}`);
    if (!WIDGET_FILES.includes(name)) return response.writeHead(404).end();
    response.writeHead(200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      // The UI is an ES module imported cross-origin: without CORS the browser refuses it.
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-store',
    });
    response.end(readFileSync(WIDGET_DIST + name));
  });
  const [origin, widgetOrigin] = await Promise.all([listen(pageServer), listen(widgetServer)]);

  return {
    origin,
    widgetOrigin,
    widgetRequests,
    serve(path, body, { type = 'text/html; charset=utf-8', headers = {} } = {}) {
      pages.set(path, { body, type, headers });
      return origin + path;
    },
    async close() {
      for (const server of [pageServer, widgetServer]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}

export interface PageOptions {
  site: string;
  /** The collector, as `data-endpoint`; without it, the widget posts to where it came from. */
  endpoint?: string | undefined;
  /** Where `widget.js` comes from: the widget server, or the collector itself. */
  widgetOrigin: string;
  /** More `data-*` attributes of the script tag, without the `data-` prefix: `{ lang: 'th' }`. */
  data?: Record<string, string>;
  /** Extra markup in `<head>` before the widget (styles, the stub, queued calls). */
  head?: string;
  body?: string;
  /** Put the stub snippet before the script tag. @default true */
  stub?: boolean;
  title?: string;
  lang?: string;
}

const escapeAttribute = (value: string): string => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;');

/** A page that embeds the widget the way the README tells site owners to. */
export function widgetPage(options: PageOptions): string {
  const data = { site: options.site, endpoint: options.endpoint, ...options.data };
  const attributes = Object.entries(data)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` data-${name}="${escapeAttribute(value!)}"`)
    .join('');
  return `<!doctype html>
<html lang="${options.lang ?? 'en'}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <title>${options.title ?? 'Test shop'}</title>
    ${options.stub === false ? '' : `<script>${STUB}</script>`}
    ${options.head ?? ''}
    <script async src="${options.widgetOrigin}/widget.js"${attributes}></script>
  </head>
  <body>
    <main>
      <h1>${options.title ?? 'Test shop'}</h1>
      ${options.body ?? ''}
    </main>
  </body>
</html>`;
}

/** The widget's events a test page saw, in order: `[name, detail]`. */
export type RecordedEvent = [name: string, detail: Record<string, unknown>];

/**
 * An init script (`page.addInitScript(recordWidgetEvents)`) that records the widget's
 * events in `window.__events`, a global of the test's, not the widget's.
 */
export function recordWidgetEvents(): void {
  const events: unknown[] = [];
  Object.defineProperty(window, '__events', { value: events });
  for (const name of ['shown', 'answered', 'dismissed', 'skipped']) {
    addEventListener(`touchpoint:${name}`, (event) => events.push([name, (event as CustomEvent).detail]));
  }
}

/** What `recordWidgetEvents` has recorded so far on `page`. */
export function widgetEvents(page: Page): Promise<RecordedEvent[]> {
  return page.evaluate(() => (window as unknown as { __events: RecordedEvent[] }).__events);
}

/** The answers the collector has stored for `site`, oldest first (`GET /v1/responses`). */
export async function storedResponses(collectorUrl: string, site: CreatedSite): Promise<ResponseBody[]> {
  const response = await new ApiClient(collectorUrl).request('/v1/responses', {
    headers: { Authorization: `Bearer ${site.secretKey}` },
  });
  if (!response.ok) throw new Error(`GET /v1/responses: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { data: ResponseBody[] }).data;
}

/** Everything a widget test file needs: a real collector, a site that allows the test pages, a browser. */
export interface WidgetEnv {
  collector: CollectorProcess;
  site: CreatedSite;
  pages: WidgetPages;
  browser: Browser;
  /** Serves a page embedding the widget at `path`, wired to this collector and site. */
  servePage(path: string, options?: Partial<PageOptions>, headers?: Record<string, string>): string;
  /** The answers the collector has stored for the site. */
  responses(): Promise<ResponseBody[]>;
  close(): Promise<void>;
}

export async function startWidgetEnv(collectorOptions: CollectorProcessOptions = {}): Promise<WidgetEnv> {
  const [collector, pages, browser] = await Promise.all([
    startCollector({
      ...collectorOptions,
      args: ['--quiet', ...(collectorOptions.args ?? [])],
      env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN, ...collectorOptions.env },
    }),
    startWidgetPages(),
    launchChromium(),
  ]);
  const site = await new ApiClient(collector.url).createSite('Widget test shop', [pages.origin]);
  const env: WidgetEnv = {
    collector,
    site,
    pages,
    browser,
    servePage(path, options = {}, headers = {}) {
      const html = widgetPage({
        site: site.writeKey,
        endpoint: collector.url,
        widgetOrigin: pages.widgetOrigin,
        ...options,
      });
      return pages.serve(path, html, { headers });
    },
    responses: () => storedResponses(collector.url, site),
    async close() {
      await browser.close();
      await pages.close();
      // The one running now: a test may have stopped the first and started another in its place.
      await env.collector.stop();
    },
  };
  return env;
}
