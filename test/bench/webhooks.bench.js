// Webhook benchmark: how fast the outbox drains to a local receiver, and what
// writing the outbox costs ingest.
//
// 1. Delivery rate: N answers posted in batches of 50 (much faster than they can be
//    delivered); the clock runs until the receiver has every event. Baseline, in the
//    same run: a plain node:http client posting the same bodies to the same
//    receiver with the dispatcher's concurrency (25).
// 2. Ingest cost: autocannon POST /v1/responses for a site without endpoints
//    against a site with one endpoint subscribed to every answer event (its
//    deliveries running meanwhile), alternating A B A B.
//
//   node test/bench/webhooks.bench.js [--answers 5000] [--duration 8]
import { request } from 'node:http';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { COLLECTOR_CLI, autocannon, formatInt, median, startServer, table } from './support.js';

const { values } = parseArgs({ strict: false, options: { answers: { type: 'string' }, duration: { type: 'string' } } });
const ANSWERS = Number(values.answers ?? 5000);
const DURATION = Number(values.duration ?? 8);
const ADMIN = 'bench-admin';

function progress(line) {
  process.stdout.write(`[webhooks ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function startReceiver() {
  let count = 0;
  let waiter = null;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count++;
      res.writeHead(204).end();
      if (waiter && count >= waiter.target) waiter.resolve();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hook`,
    get count() {
      return count;
    },
    reset() {
      count = 0;
    },
    until(target) {
      return count >= target ? Promise.resolve() : new Promise((resolve) => (waiter = { target, resolve }));
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function api(url, path, key, init = {}) {
  const response = await fetch(`${url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...init.headers },
  });
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

const answer = (key, n) => ({
  id: randomUUID(),
  key,
  touchpoint: 'checkout',
  metric: 'nps',
  score: n % 11,
  comment: 'Quick delivery',
});

async function deliveryRate(collectorUrl, receiver) {
  const site = await api(collectorUrl, '/v1/sites', ADMIN, {
    method: 'POST',
    body: JSON.stringify({ name: 'Deliveries' }),
  });
  await api(collectorUrl, '/v1/webhooks', site.secretKey, {
    method: 'POST',
    body: JSON.stringify({ url: receiver.url, events: ['response.created'] }),
  });
  receiver.reset();
  const started = performance.now();
  for (let n = 0; n < ANSWERS; n += 50) {
    const responses = Array.from({ length: Math.min(50, ANSWERS - n) }, (_, i) => answer(undefined, n + i));
    await api(collectorUrl, '/v1/responses', site.writeKey, {
      method: 'POST',
      headers: { 'X-Touchpoint-Key': site.writeKey },
      body: JSON.stringify({ responses }),
    });
  }
  await receiver.until(ANSWERS);
  return ANSWERS / ((performance.now() - started) / 1000);
}

/** The same number of signed-size POSTs straight to the receiver, 25 at a time, over keep-alive. */
async function baselineRate(receiver) {
  const body = JSON.stringify({
    type: 'response.created',
    timestamp: new Date().toISOString(),
    data: { response: answer('pk', 1) },
  });
  const target = new URL(receiver.url);
  const post = () =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  receiver.reset();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 25 }, async () => {
      while (next++ < ANSWERS) await post();
    }),
  );
  return ANSWERS / ((performance.now() - started) / 1000);
}

function ingest(url, key) {
  let n = 0;
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url,
        connections: 50,
        duration: DURATION,
        requests: [
          {
            method: 'POST',
            path: '/v1/responses',
            headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
            setupRequest(req) {
              req.body = JSON.stringify(answer(key, n++));
              return req;
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result.requests.average)),
    ),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'touchpoint-webhooks-'));
const receiver = await startReceiver();
const collector = await startServer({
  label: 'collector',
  args: [COLLECTOR_CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--db', join(dir, 'touchpoint.db'), '--quiet'],
  env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN, TOUCHPOINT_RATE_LIMIT: '0', TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS: '1' },
});

const rates = { dispatcher: [], baseline: [] };
for (let round = 1; round <= 2; round++) {
  progress(`delivery round ${round}/2`);
  rates.dispatcher.push(await deliveryRate(collector.url, receiver));
  rates.baseline.push(await baselineRate(receiver));
}

progress('ingest with and without an outbox');
const plain = await api(collector.url, '/v1/sites', ADMIN, {
  method: 'POST',
  body: JSON.stringify({ name: 'No hooks' }),
});
const hooked = await api(collector.url, '/v1/sites', ADMIN, {
  method: 'POST',
  body: JSON.stringify({ name: 'Hooks' }),
});
await api(collector.url, '/v1/webhooks', hooked.secretKey, {
  method: 'POST',
  body: JSON.stringify({ url: receiver.url, events: ['response.created', 'response.detractor'] }),
});
const ingestRates = { plain: [], hooked: [] };
for (let round = 1; round <= 2; round++) {
  progress(`ingest round ${round}/2: no endpoints`);
  ingestRates.plain.push(await ingest(collector.url, plain.writeKey));
  progress(`ingest round ${round}/2: one endpoint, deliveries running`);
  ingestRates.hooked.push(await ingest(collector.url, hooked.writeKey));
}
await collector.stop();
await receiver.close();
rmSync(dir, { recursive: true, force: true });

process.stdout.write(
  '\n' +
    table(
      ['measure', 'baseline', 'Touchpoint', 'ratio'],
      [
        [
          'deliveries/s to a local receiver (signed, logged, durable)',
          formatInt(median(rates.baseline)),
          formatInt(median(rates.dispatcher)),
          (median(rates.dispatcher) / median(rates.baseline)).toFixed(2),
        ],
        [
          'ingest req/s, 50 connections: no endpoint vs one endpoint',
          formatInt(median(ingestRates.plain)),
          formatInt(median(ingestRates.hooked)),
          (median(ingestRates.hooked) / median(ingestRates.plain)).toFixed(2),
        ],
      ],
    ) +
    '\n',
);
