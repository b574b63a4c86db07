// The ingest benchmark's second reference: what the HTTP framework and validation alone
// cost. Hono on @hono/node-server, the collector's own zod schema for one answer, the same
// 202 body — no key lookup, no analysis, no storage. Bundled and started by ingest.bench.js.
//
// Prints "listening on http://HOST:PORT" once it accepts connections.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { submittedResponseSchema } from '../../packages/core/src/response-schema.ts';

const app = new Hono().post('/v1/responses', async (c) => {
  const parsed = submittedResponseSchema.safeParse(JSON.parse(await c.req.text()));
  if (!parsed.success) return c.json({ error: { code: 'invalid_response', issues: parsed.error.issues } }, 400);
  return c.json({ results: [{ id: parsed.data.id, status: 'created' }] }, 202);
});

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, ({ port }) => {
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
