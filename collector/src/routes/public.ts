import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';

export interface PublicAssets {
  /** The built widget bundle served at `/widget.js`; null when it has not been built. */
  widgetJs: string | null;
}

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
    });
}
