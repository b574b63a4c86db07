import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { openApiDocument } from '../openapi/document.ts';

export function openApiRoutes() {
  let document: ReturnType<typeof openApiDocument> | undefined;
  return new Hono<AppEnv>().get('/openapi.json', (c) => {
    // Built on first request, not at start: nothing pays for it until someone asks.
    document ??= openApiDocument();
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(document);
  });
}
