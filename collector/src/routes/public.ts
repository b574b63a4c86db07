import { Hono, type Context } from 'hono';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';

export interface StaticFile {
  body: string;
  contentType: string;
}

export interface PublicAssets {
  /** The built widget bundle served at `/widget.js`; null when it has not been built. */
  widgetJs: string | null;
  /** More built files by path: the widget's lazily loaded UI, the dashboard page and its assets. */
  files?: Record<string, StaticFile>;
}

const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };

/** The dashboard runs no inline code and talks only to this origin. */
const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function publicRoutes(deps: AppDeps, assets: PublicAssets) {
  return new Hono<AppEnv>()
    .get('/v1/health', async (c) => {
      try {
        await deps.store.health();
      } catch (error) {
        deps.logError('health check failed', error);
        throw new ApiError(503, 'storage_unavailable', 'The database is not reachable.');
      }
      return c.json({ status: 'ok' });
    })
    .get('/widget.js', (c) => {
      if (assets.widgetJs === null) {
        throw new ApiError(404, 'widget_not_built', 'The widget is not built: run "npm run build".');
      }
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      // Cached for an hour and revalidated in the background, so a new
      // release reaches every site within a day without a script-tag change.
      c.header('Cache-Control', 'public, max-age=3600, stale-while-revalidate=86400');
      c.header('Access-Control-Allow-Origin', '*');
      c.header('X-Content-Type-Options', 'nosniff');
      return c.body(assets.widgetJs);
    })
    .get('/dashboard', (c) => serveFile(c, assets.files?.['/dashboard/index.html'], 'dashboard'))
    .get('/dashboard/dashboard.js', (c) => serveFile(c, assets.files?.[c.req.path], 'dashboard'))
    .get('/dashboard/dashboard.css', (c) => serveFile(c, assets.files?.[c.req.path], 'dashboard'))
    .get('/widget-ui.js', (c) => serveFile(c, assets.files?.[c.req.path], 'widget'));
}

function serveFile(c: Context, file: StaticFile | undefined, what: string) {
  if (!file)
    throw new ApiError(
      404,
      'not_found',
      `No ${what} file at ${c.req.path}; is the ${what} built? Run "npm run build".`,
    );
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
  c.header('Content-Type', file.contentType);
  // Widget chunks load from customers' pages; the dashboard only from here.
  if (what === 'widget') {
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cache-Control', 'public, max-age=3600, stale-while-revalidate=86400');
  } else {
    c.header('Cache-Control', 'no-cache');
    c.header('Content-Security-Policy', DASHBOARD_CSP);
  }
  return c.body(file.body);
}
