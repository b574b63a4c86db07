// Webhook behaviour only the Node collector can show over a real process: a digest made due by
// editing the SQLite file (no API moves a digest forward, and D1 cannot be opened from here),
// and the outbox surviving a SIGKILL and a restart on the same file (a Worker has no process to
// kill: an isolate that dies leaves its leases to expire, and the cron trigger sends the rest).
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedSite } from '@touchpoint/core/types';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { sqliteFileOf, startCollector, type CollectorProcess } from '../support/collector-process.ts';
import { makeAnswer } from '../support/fixtures.ts';
import { listDeliveries, registerWebhook } from '../support/webhook-api.ts';
import { startReceiver } from '../support/webhook-receiver.ts';

const ENV = {
  TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN,
  TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS: '1',
  TOUCHPOINT_WEBHOOK_RETRY_SCALE: '0.001',
};

let collector: CollectorProcess;
let api: ApiClient;
let site: CreatedSite;
const receivers: Array<{ close(): Promise<void> }> = [];

async function receiver(...args: Parameters<typeof startReceiver>) {
  const started = await startReceiver(...args);
  receivers.push(started);
  return started;
}

beforeAll(async () => {
  collector = await startCollector({ env: ENV, args: ['--quiet'] });
  api = new ApiClient(collector.url);
  site = await api.createSite();
});

afterEach(async () => {
  for (const started of receivers.splice(0)) await started.close();
});

afterAll(async () => {
  await collector?.stop();
});

describe('digests', () => {
  it('sends an aggregates digest per touchpoint when it is due', async () => {
    const hook = await receiver();
    const endpoint = await registerWebhook(api, site, hook.url, ['aggregates.digest'], { digest: 'hour' });
    await api.postResponses({
      key: site.writeKey,
      responses: [10, 9, 0].map((score) => makeAnswer(site, { key: undefined, touchpoint: 'digested', score })),
    });
    // Make the first digest due now instead of in an hour: its hour then ends just after the answers.
    const db = new Database(sqliteFileOf(collector));
    db.prepare('UPDATE webhook_endpoints SET next_digest_at = ? WHERE id = ?').run(Date.now() + 1, endpoint.id);
    db.close();
    await expect.poll(() => hook.events('aggregates.digest').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const { data } = hook.events('aggregates.digest')[0]!.json;
    expect(data.interval).toBe('hour');
    const digested = data.metrics.nps.touchpoints.find(
      (entry: { touchpoint: string }) => entry.touchpoint === 'digested',
    );
    expect(digested).toMatchObject({ n: 3, promoters: 2, detractors: 1 });
    expect(digested.value).toBeCloseTo(100 / 3, 10);
    await api.request(`/v1/webhooks/${endpoint.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${site.secretKey}` },
    });
  });
});

describe('the outbox across a crash', () => {
  it('delivers everything after a restart, with the webhook-id of the interrupted attempt', async () => {
    const hook = await receiver(() => 'hang');
    const endpoint = await registerWebhook(api, site, hook.url, ['response.created']);
    const answers = Array.from({ length: 5 }, () => makeAnswer(site, { key: undefined, touchpoint: 'crash' }));
    expect((await api.postResponses({ key: site.writeKey, responses: answers })).status).toBe(202);
    // The receiver holds every first attempt open; kill the collector mid-delivery.
    await expect.poll(() => hook.received.length).toBe(5);
    const interruptedIds = new Set(hook.received.map((entry) => entry.headers['webhook-id']));
    expect(await collector.stop('SIGKILL')).toBeNull();

    hook.setBehaviour(() => ({ status: 200 }));
    collector = await startCollector({ env: ENV, args: ['--quiet'], dataDir: collector.dataDir });
    api = new ApiClient(collector.url);
    await expect.poll(() => hook.received.length, { timeout: 15_000 }).toBe(10);
    const redelivered = hook.received.slice(5);
    expect(new Set(redelivered.map((entry) => entry.headers['webhook-id']))).toEqual(interruptedIds);
    const delivered = hook
      .events('response.created')
      .slice(5)
      .map((entry) => entry.json.data.response.id);
    expect(delivered.sort()).toEqual(answers.map((answer) => answer.id).sort());
    await expect
      .poll(async () => (await listDeliveries(api, site, endpoint.id)).every((entry) => entry.status === 'delivered'))
      .toBe(true);
  });
});
