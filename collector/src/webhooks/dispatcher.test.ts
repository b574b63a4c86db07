import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CreatedSite } from '@touchpoint/core/types';
import { contactAnswer } from '../../../test/support/fixtures.ts';
import { responseRecord } from '../../../test/support/response-record.ts';
import { createApp } from '../app.ts';
import { openSqliteStore, type SqliteStore } from '../store/sqlite.ts';
import type { Store } from '../store/types.ts';
import { createDispatcher } from './dispatcher.ts';
import type { WebhookRequest } from './transport.ts';

const migrationsDirectory = fileURLToPath(new URL('../../migrations/', import.meta.url));
const ADMIN = 'admin';

let store: SqliteStore | undefined;

afterEach(async () => {
  await store?.close();
  store = undefined;
});

const systemClock = { now: () => Date.now() };

/** Two sites, each with an endpoint for every answer event, on an in-memory store. */
async function twoSites(clock = systemClock) {
  store = openSqliteStore({ path: ':memory:', migrationsDirectory });
  const app = createApp({ store, clock, adminToken: ADMIN, allowPrivateWebhooks: true, rateLimitPerMinute: 0 });
  const call = async (path: string, token: string, json: unknown) => {
    const response = await app.request(path, {
      method: 'POST',
      body: JSON.stringify(json),
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const sites: CreatedSite[] = [];
  for (const name of ['A', 'B']) {
    const site = (await call('/v1/sites', ADMIN, { name, origins: [] })).body as unknown as CreatedSite;
    const endpoint = await call('/v1/webhooks', site.secretKey, {
      url: `http://127.0.0.1:9/${name}`,
      events: ['response.created', 'contact.updated'],
    });
    expect(endpoint.status).toBe(201);
    sites.push(site);
  }
  return { app, sites, call };
}

/** A site with an hourly digest endpoint made at `start`, on a clock the test moves. */
async function hourlyDigestSite(start: number) {
  const clock = { time: start, now: () => clock.time };
  const { sites, call } = await twoSites(clock);
  const site = sites[0]!;
  const hook = await call('/v1/webhooks', site.secretKey, {
    url: 'http://127.0.0.1:9/digest',
    events: ['aggregates.digest'],
    digest: 'hour',
  });
  expect(hook.status).toBe(201);
  return { clock, site, call, hook };
}

function dispatcherOver(dispatchStore: Store, sent: WebhookRequest[], log: string[] = [], clock = systemClock) {
  return createDispatcher({
    store: dispatchStore,
    clock,
    transport: async (request) => {
      sent.push(request);
      return { status: 200, retryAfter: null };
    },
    log: (line) => log.push(line),
  });
}

describe('webhook dispatcher', () => {
  it('sends the other deliveries of a round when one cannot be rendered, and retries that one later', async () => {
    const clock = { time: Date.now(), now: () => clock.time };
    const { sites, call } = await twoSites(clock);
    const [siteA, siteB] = sites as [CreatedSite, CreatedSite];
    expect(
      (await call('/v1/responses', siteA.writeKey, contactAnswer(siteA, 'crm-a', { key: siteA.writeKey }))).status,
    ).toBe(202);
    expect(
      (await call('/v1/responses', siteB.writeKey, contactAnswer(siteB, 'crm-b', { key: siteB.writeKey }))).status,
    ).toBe(202);
    const broken: Store = {
      ...store!,
      responseBySeq: async (siteId, seq) => {
        if (siteId !== siteB.id) throw new Error('the row could not be read');
        return store!.responseBySeq(siteId, seq);
      },
    };
    const sent: WebhookRequest[] = [];
    const log: string[] = [];
    const round = await dispatcherOver(broken, sent, log, clock).runOnce();
    expect(round).toMatchObject({ attempted: 4, delivered: 2 });
    expect(sent.map((request) => new URL(request.url).pathname)).toEqual(['/B', '/B']);
    expect(log.filter((line) => line.includes('could not be rendered: the row could not be read'))).toHaveLength(2);
    // A failed attempt each, in the delivery log with its reason, due again on the retry schedule.
    const pending = store!.db
      .prepare("SELECT attempts, last_error FROM webhook_deliveries WHERE site_id = ? AND status = 'pending'")
      .all(siteA.id) as Array<{ attempts: number; last_error: string }>;
    expect(pending).toHaveLength(2);
    for (const delivery of pending) {
      expect(delivery.attempts).toBe(1);
      expect(delivery.last_error).toContain('could not be rendered');
    }
    expect(await dispatcherOver(store!, sent, [], clock).runOnce()).toMatchObject({ attempted: 0 });
    clock.time += 3_600_000;
    expect(await dispatcherOver(store!, sent, [], clock).runOnce()).toMatchObject({ attempted: 2, delivered: 2 });
    expect(sent.map((request) => new URL(request.url).pathname)).toEqual(['/B', '/B', '/A', '/A']);
  });

  it('renders the contact summary of a touchpoint named like an Object property', async () => {
    const { sites } = await twoSites();
    const siteA = sites[0]!;
    // Stored as a row written before the schema refused the name: the summary must still list it.
    const now = Date.now();
    await store!.insertResponses([
      responseRecord({
        siteId: siteA.id,
        id: randomUUID(),
        touchpoint: '__proto__',
        score: 3,
        locale: null,
        contactId: 'crm-proto',
        createdAt: now,
        receivedAt: now,
      }),
    ]);
    const sent: WebhookRequest[] = [];
    expect(await dispatcherOver(store!, sent).runOnce()).toMatchObject({ attempted: 2, delivered: 2 });
    const contact = sent.map((request) => JSON.parse(request.body)).find((body) => body.type === 'contact.updated');
    expect(contact.data.lastTouchpoint).toBe('__proto__');
    expect(Object.keys(contact.data.touchpoints)).toEqual(['__proto__']);
  });

  it('sends one digest per period, back to back, catching up a round at a time on the periods a late run missed', async () => {
    const start = Date.UTC(2026, 10, 23, 9, 0, 0);
    const { clock, site, call, hook } = await hourlyDigestSite(start);
    const answerAt = async (minutes: number, score: number) => {
      clock.time = start + minutes * 60_000;
      const answer = { key: site.writeKey, touchpoint: 'digested', metric: 'nps', score };
      expect((await call('/v1/responses', site.writeKey, answer)).status).toBe(202);
    };
    await answerAt(10, 10); // first hour
    await answerAt(60, 0); // the first instant of the second hour
    await answerAt(61, 9); // would fall between two digests whose windows ended when they were sent
    await answerAt(150, 7); // third hour
    // The dispatcher next runs 3 h 40 min after the endpoint was made: three periods are over.
    clock.time = start + 220 * 60_000;
    const sent: WebhookRequest[] = [];
    const dispatcher = dispatcherOver(store!, sent, [], clock);
    // Beside the sites' answer events (twoSites), one digest a round, oldest first.
    for (let round = 0; round < 3; round++) expect(await dispatcher.runOnce()).toMatchObject({ digests: 1 });
    const digests = sent
      .map((request) => JSON.parse(request.body))
      .filter((body) => body.type === 'aggregates.digest')
      .map((body) => body.data)
      .sort((a, b) => a.from.localeCompare(b.from))
      .map((data) => ({ from: data.from, to: data.to, n: data.metrics.nps.overall.n }));
    const at = (hours: number) => new Date(start + hours * 3_600_000).toISOString();
    expect(digests).toEqual([
      { from: at(0), to: at(1), n: 1 },
      { from: at(1), to: at(2), n: 2 },
      { from: at(2), to: at(3), n: 1 },
    ]);
    // The fourth hour is not over yet.
    expect(await dispatcher.runOnce()).toMatchObject({ digests: 0 });
    clock.time = start + 4 * 3_600_000;
    expect(await dispatcher.runOnce()).toMatchObject({ digests: 1 });
  });

  it('sends nothing about an erased answer whose number a newer answer took while its delivery was claimed', async () => {
    const clock = { time: Date.now(), now: () => clock.time };
    const { sites, call } = await twoSites(clock);
    const site = sites[0]!;
    const post = async (contactId: string) => {
      const answer = contactAnswer(site, contactId, { key: site.writeKey });
      expect((await call('/v1/responses', site.writeKey, answer)).status).toBe(202);
      return answer.id as string;
    };
    await post('crm-erased');
    // What another Worker invocation can do between a claim and the render on D1: erase the
    // contact, whose answer had the highest number, and store a new answer, which gets that number.
    let newer = '';
    const racing: Store = {
      ...store!,
      claimDueDeliveries: async (...args) => {
        const claimed = await store!.claimDueDeliveries(...args);
        await store!.deleteContact(site.id, 'crm-erased');
        clock.time += 1000;
        newer = await post('crm-newer');
        return claimed;
      },
    };
    const sent: WebhookRequest[] = [];
    expect(await dispatcherOver(racing, sent, [], clock).runOnce()).toMatchObject({ attempted: 2, delivered: 0 });
    expect(sent).toEqual([]);
    // The newer answer's own deliveries carry it, under their own ids.
    await dispatcherOver(store!, sent, [], clock).runOnce();
    const bodies = sent.map((request) => JSON.parse(request.body));
    expect(bodies.map((body) => body.type).sort()).toEqual(['contact.updated', 'response.created']);
    expect(bodies.find((body) => body.type === 'response.created').data.response.id).toBe(newer);
  });

  it('skips the digests of periods that ended more than a day ago', async () => {
    const start = Date.UTC(2026, 10, 1, 0, 0, 0);
    const { clock, site, call, hook } = await hourlyDigestSite(start);
    // Down for ten days: only the hours that ended within the last day are sent.
    clock.time = start + 10 * 86_400_000 + 30 * 60_000;
    const sent: WebhookRequest[] = [];
    const log: string[] = [];
    const dispatcher = dispatcherOver(store!, sent, log, clock);
    let digests = 0;
    for (let round = 0; round < 30; round++) digests += (await dispatcher.runOnce()).digests;
    expect(digests).toBe(24);
    const windows = sent.map((request) => JSON.parse(request.body).data.from as string).sort();
    expect(windows[0]).toBe(new Date(start + 9 * 24 * 3_600_000).toISOString());
    expect(windows.at(-1)).toBe(new Date(start + (10 * 24 - 1) * 3_600_000).toISOString());
    expect(log.filter((line) => line.includes('digests more than a day late skipped'))).toEqual([
      `webhook ${(hook.body as { id: string }).id}: 216 hourly digests more than a day late skipped`,
    ]);
  });
});
