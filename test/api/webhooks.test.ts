import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedSite } from '@touchpoint/core/types';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { startCollector, type CollectorProcess } from '../support/collector-process.ts';
import { contactAnswer, makeAnswer } from '../support/fixtures.ts';
import { listDeliveries, registerWebhook, withSecret } from '../support/webhook-api.ts';
import { startReceiver } from '../support/webhook-receiver.ts';

// Retry delays × 0.001: 5 s → 5 ms, 30 s → 30 ms, 2 min → 120 ms …
const ENV = {
  TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN,
  TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS: '1',
  TOUCHPOINT_WEBHOOK_RETRY_SCALE: '0.001',
};

let collector: CollectorProcess;
let api: ApiClient;
let site: CreatedSite;
const receivers: Array<{ close(): Promise<void> }> = [];

const secret = (init: RequestInit = {}) => withSecret(site, init);
const register = (url: string, events: string[], extra: Record<string, unknown> = {}) =>
  registerWebhook(api, site, url, events, extra);
const deliveries = (endpointId: string) => listDeliveries(api, site, endpointId);

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
  // Endpoints of one test must not receive the next test's events.
  const listed = (await (await api.request('/v1/webhooks', secret())).json()) as { data: Array<{ id: string }> };
  for (const endpoint of listed.data) await api.request(`/v1/webhooks/${endpoint.id}`, secret({ method: 'DELETE' }));
  for (const started of receivers.splice(0)) await started.close();
});

afterAll(async () => {
  await collector?.stop();
});

describe('webhook endpoints', () => {
  it.each([
    ['http://crm.example.com/hook', 'https'],
    ['https://169.254.169.254/latest/meta-data/', 'private'],
    ['https://10.0.0.8/hook', 'private'],
    ['https://[fd00:ec2::254]/hook', 'private'],
    ['ftp://crm.example.com/hook', 'http'],
  ])('refuses %s, naming url', async (url, words) => {
    const response = await api.request(
      '/v1/webhooks',
      secret({ method: 'POST', body: JSON.stringify({ url, events: ['response.created'] }) }),
    );
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { issues: Array<{ path: string; message: string }> } };
    expect(error.issues[0]).toMatchObject({ path: 'url' });
    expect(error.issues[0]!.message).toContain(words);
  });

  it('refuses unknown events and a digest without its event', async () => {
    const unknown = await api.request(
      '/v1/webhooks',
      secret({ method: 'POST', body: JSON.stringify({ url: 'https://crm.example.com/h', events: ['order.paid'] }) }),
    );
    expect(unknown.status).toBe(400);
    const digest = await api.request(
      '/v1/webhooks',
      secret({
        method: 'POST',
        body: JSON.stringify({ url: 'https://crm.example.com/h', events: ['response.created'], digest: 'hour' }),
      }),
    );
    expect(((await digest.json()) as { error: { issues: Array<{ path: string }> } }).error.issues[0]!.path).toBe(
      'digest',
    );
  });

  it('drops the digest with its event, and keeps its interval while the event stays', async () => {
    const created = await register('https://crm.example.com/digest', ['response.created', 'aggregates.digest'], {
      digest: 'hour',
    });
    const patch = (body: Record<string, unknown>) =>
      api.request(`/v1/webhooks/${created.id}`, secret({ method: 'PATCH', body: JSON.stringify(body) }));
    const kept = await patch({ events: ['aggregates.digest'] });
    expect(kept.status).toBe(200);
    expect(await kept.json()).toMatchObject({ events: ['aggregates.digest'], digest: 'hour' });
    const dropped = await patch({ events: ['response.created'] });
    expect(dropped.status).toBe(200);
    expect(await dropped.json()).toMatchObject({ events: ['response.created'], digest: null });
    const refused = await patch({ digest: 'day' });
    expect(refused.status).toBe(400);
  });

  it('keeps a site to 20 endpoints', async () => {
    const created = [];
    for (let index = 0; index < 20; index++)
      created.push(await register(`https://crm.example.com/${index}`, ['response.created']));
    const refused = await api.request(
      '/v1/webhooks',
      secret({
        method: 'POST',
        body: JSON.stringify({ url: 'https://crm.example.com/21', events: ['response.created'] }),
      }),
    );
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('webhook_limit');
    await api.request(`/v1/webhooks/${created[0]!.id}`, secret({ method: 'DELETE' }));
    await register('https://crm.example.com/21', ['response.created']);
  });

  it('keeps a site to 20 endpoints when registrations arrive together', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 26 }, async (_, index) => {
        const response = await api.request(
          '/v1/webhooks',
          secret({
            method: 'POST',
            body: JSON.stringify({ url: `https://crm.example.com/race/${index}`, events: ['response.created'] }),
          }),
        );
        return response.status;
      }),
    );
    expect(statuses.filter((status) => status === 201)).toHaveLength(20);
    expect(statuses.filter((status) => status === 409)).toHaveLength(6);
    const listed = (await (await api.request('/v1/webhooks', secret())).json()) as { data: unknown[] };
    expect(listed.data).toHaveLength(20);
    // Another site's count is its own.
    const other = await api.createSite();
    const theirs = await registerWebhook(api, other, 'https://crm.example.com/other', ['response.created']);
    await api.request(`/v1/webhooks/${theirs.id}`, withSecret(other, { method: 'DELETE' }));
  });

  it('shows the secret once, never in listings', async () => {
    const created = await register('https://crm.example.com/hooks', ['response.created'], {
      description: 'HubSpot sync',
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32,}$/);
    const listing = await (await api.request('/v1/webhooks', secret())).text();
    expect(listing).toContain('HubSpot sync');
    expect(listing).not.toContain(created.secret);
  });
});

describe('deliveries', () => {
  it('sends response.created signed per Standard Webhooks, verified by an independent library', async () => {
    const hook = await receiver();
    const endpoint = await register(hook.url, ['response.created']);
    const answer = makeAnswer(site, { touchpoint: 'signed', score: 9, comment: 'Great' });
    expect((await api.postResponses(answer)).status).toBe(202);
    await expect.poll(() => hook.received.length).toBe(1);
    const [delivery] = hook.received;
    expect(delivery!.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{24}$/);
    const verified = new Webhook(endpoint.secret).verify(delivery!.body, delivery!.headers) as {
      type: string;
      data: any;
    };
    expect(verified.type).toBe('response.created');
    expect(verified.data.response).toMatchObject({ id: answer.id, touchpoint: 'signed', score: 9, comment: 'Great' });
    // A tampered body fails verification.
    expect(() =>
      new Webhook(endpoint.secret).verify(delivery!.body.replace('Great', 'Awful'), delivery!.headers),
    ).toThrow();
  });

  it('sends contact.updated with CRM-ready fields, only for verified contacts', async () => {
    const hook = await receiver();
    await register(hook.url, ['contact.updated']);
    await api.postResponses(contactAnswer(site, 'crm-42', { metric: 'nps', score: 3, comment: 'Too slow' }));
    await api.postResponses(makeAnswer(site, { contact: { id: 'crm-43' } })); // unsigned: no event
    await expect.poll(() => hook.events('contact.updated').length).toBe(1);
    const { data } = hook.events('contact.updated')[0]!.json;
    expect(data).toMatchObject({
      contactId: 'crm-42',
      latestNps: 3,
      npsCategory: 'detractor',
      lastComment: 'Too slow',
      lastTouchpoint: 'checkout',
      responses: 1,
    });
  });

  it('sends response.detractor for NPS ≤ 6, CSAT ≤ 2 and CES ≤ 3 only', async () => {
    const hook = await receiver();
    await register(hook.url, ['response.detractor']);
    const scored = [
      ['nps', 6, true],
      ['nps', 7, false],
      ['csat', 2, true],
      ['csat', 3, false],
      ['ces', 3, true],
      ['ces', 4, false],
    ] as const;
    await api.postResponses({
      key: site.writeKey,
      responses: scored.map(([metric, score]) => makeAnswer(site, { metric, score, key: undefined })),
    });
    await expect.poll(() => hook.events('response.detractor').length).toBe(3);
    const alerted = hook
      .events('response.detractor')
      .map((entry) => `${entry.json.data.response.metric} ${entry.json.data.response.score}`);
    expect(alerted.sort()).toEqual(['ces 3', 'csat 2', 'nps 6']);
  });

  it('also sends response.detractor for a high score whose comment contradicts it, once', async () => {
    const hook = await receiver();
    await register(hook.url, ['response.detractor', 'response.created']);
    await api.postResponses(makeAnswer(site, { score: 10, comment: 'Awful support, nobody answered my question.' }));
    await api.postResponses(makeAnswer(site, { score: 2, comment: 'Awful support, nobody answered my question.' }));
    await expect.poll(() => hook.events('response.created').length).toBe(2);
    await expect.poll(() => hook.events('response.detractor').length).toBe(2);
    const alerted = hook.events('response.detractor').map((entry) => entry.json.data.response);
    expect(
      alerted.map((response: { score: number; followUp: boolean }) => [response.score, response.followUp]).sort(),
    ).toEqual([
      [10, true],
      [2, false],
    ]);
    const reasons = hook.events('response.detractor').map((entry) => entry.json.data.reason as string);
    expect(reasons.sort()).toEqual([
      'NPS 2 is at most 6',
      'the comment reads negative although NPS 10 is a high score',
    ]);
  });

  it('retries a failing receiver with the same webhook-id until it succeeds, and logs each attempt', async () => {
    const hook = await receiver((index) => ({ status: index < 2 ? 500 : 200 }));
    const endpoint = await register(hook.url, ['response.created']);
    await api.postResponses(makeAnswer(site, { touchpoint: 'retried' }));
    await expect.poll(async () => (await deliveries(endpoint.id))[0]?.status, { timeout: 10_000 }).toBe('delivered');
    expect(hook.received).toHaveLength(3);
    expect(new Set(hook.received.map((entry) => entry.headers['webhook-id'])).size).toBe(1);
    expect(new Set(hook.received.map((entry) => entry.body)).size).toBe(1);
    const [logged] = await deliveries(endpoint.id);
    const detail = (await (
      await api.request(`/v1/webhooks/${endpoint.id}/deliveries/${logged!.id}`, secret())
    ).json()) as {
      attempts: Array<{ attempt: number; statusCode: number }>;
      payload: { type: string };
    };
    expect(detail.attempts.map((attempt) => [attempt.attempt, attempt.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(detail.payload.type).toBe('response.created');
  });

  it('replays a delivered delivery on request, with the same webhook-id', async () => {
    const hook = await receiver();
    const endpoint = await register(hook.url, ['response.created']);
    await api.postResponses(makeAnswer(site));
    await expect.poll(() => hook.received.length).toBe(1);
    const [delivery] = await deliveries(endpoint.id);
    const replay = await api.request(
      `/v1/webhooks/${endpoint.id}/deliveries/${delivery!.id}/retry`,
      secret({ method: 'POST' }),
    );
    expect(replay.status).toBe(202);
    await expect.poll(() => hook.received.length).toBe(2);
    expect(hook.received[1]!.headers['webhook-id']).toBe(hook.received[0]!.headers['webhook-id']);
  });

  it('signs with both secrets while a rotation overlaps', async () => {
    const hook = await receiver();
    const endpoint = await register(hook.url, ['response.created']);
    const rotated = (await (
      await api.request(`/v1/webhooks/${endpoint.id}/rotate-secret`, secret({ method: 'POST' }))
    ).json()) as { secret: string };
    await api.postResponses(makeAnswer(site));
    await expect.poll(() => hook.received.length).toBe(1);
    const [delivery] = hook.received;
    expect(delivery!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => new Webhook(rotated.secret).verify(delivery!.body, delivery!.headers)).not.toThrow();
    expect(() => new Webhook(endpoint.secret).verify(delivery!.body, delivery!.headers)).not.toThrow();
  });

  it('refuses a second rotation while the first overlaps, unless told to end every older secret now', async () => {
    const hook = await receiver();
    const endpoint = await register(hook.url, ['response.created']);
    const rotate = (body?: unknown) =>
      api.request(
        `/v1/webhooks/${endpoint.id}/rotate-secret`,
        secret({ method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) }),
      );
    const first = (await (await rotate()).json()) as { secret: string };
    const second = await rotate({ overlapHours: 1 });
    expect(second.status).toBe(409);
    const refusal = (await second.json()) as { error: { code: string; issues: Array<{ path: string }> } };
    expect(refusal.error.code).toBe('rotation_in_progress');
    expect(refusal.error.issues.map((issue) => issue.path)).toEqual(['overlapHours']);
    // Still signed with the original secret and the first rotation's.
    await api.postResponses(makeAnswer(site));
    await expect.poll(() => hook.received.length).toBe(1);
    const signed = hook.received[0]!;
    expect(() => new Webhook(endpoint.secret).verify(signed.body, signed.headers)).not.toThrow();
    expect(() => new Webhook(first.secret).verify(signed.body, signed.headers)).not.toThrow();
    // overlapHours 0: only the newest secret signs from now on.
    const third = await rotate({ overlapHours: 0 });
    expect(third.status).toBe(200);
    const { secret: newest } = (await third.json()) as { secret: string };
    await api.postResponses(makeAnswer(site));
    await expect.poll(() => hook.received.length).toBe(2);
    const after = hook.received[1]!;
    expect(after.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(() => new Webhook(newest).verify(after.body, after.headers)).not.toThrow();
  });

  it('holds deliveries while an endpoint is disabled and sends them when it is enabled again', async () => {
    const hook = await receiver();
    const endpoint = await register(hook.url, ['response.created']);
    const disable = await api.request(
      `/v1/webhooks/${endpoint.id}`,
      secret({ method: 'PATCH', body: '{"enabled":false}' }),
    );
    expect(((await disable.json()) as { enabled: boolean }).enabled).toBe(false);
    await api.postResponses(makeAnswer(site, { touchpoint: 'held' }));
    // Disabled endpoints get no new events; the one queued before stays pending.
    await api.request(`/v1/webhooks/${endpoint.id}`, secret({ method: 'PATCH', body: '{"enabled":true}' }));
    await api.postResponses(makeAnswer(site, { touchpoint: 'after' }));
    await expect.poll(() => hook.received.length).toBe(1);
    expect(hook.events('response.created')[0]!.json.data.response.touchpoint).toBe('after');
  });

  it('erases the events of an erased contact', async () => {
    const hook = await receiver(() => 'hang');
    const endpoint = await register(hook.url, ['response.created', 'contact.updated']);
    await api.postResponses(contactAnswer(site, 'crm-gone'));
    await expect.poll(async () => (await deliveries(endpoint.id)).length).toBe(2);
    await api.request('/v1/contacts/crm-gone', secret({ method: 'DELETE' }));
    expect(await deliveries(endpoint.id)).toEqual([]);
  });
});

describe('sustained failure', () => {
  // A faster clock for retries (× 0.00001: the whole 35-hour schedule takes about a second).
  let fast: CollectorProcess;
  let fastApi: ApiClient;
  let fastSite: CreatedSite;
  const fastSecret = (init: RequestInit = {}) => ({
    ...init,
    headers: { Authorization: `Bearer ${fastSite.secretKey}`, 'Content-Type': 'application/json', ...init.headers },
  });

  beforeAll(async () => {
    fast = await startCollector({ env: { ...ENV, TOUCHPOINT_WEBHOOK_RETRY_SCALE: '0.00001' }, args: ['--quiet'] });
    fastApi = new ApiClient(fast.url);
    fastSite = await fastApi.createSite();
  });

  afterAll(async () => {
    await fast?.stop();
  });

  it('gives up on a delivery after the last retry, then disables the endpoint, and the API enables it again', async () => {
    const hook = await receiver(() => ({ status: 500 }));
    const created = await fastApi.request(
      '/v1/webhooks',
      fastSecret({ method: 'POST', body: JSON.stringify({ url: hook.url, events: ['response.created'] }) }),
    );
    const endpoint = (await created.json()) as { id: string };
    const endpointState = async () =>
      (await (await fastApi.request(`/v1/webhooks/${endpoint.id}`, fastSecret())).json()) as {
        enabled: boolean;
        disabledReason: string | null;
        consecutiveFailures: number;
      };
    const deliveryLog = async () =>
      (
        (await (await fastApi.request(`/v1/webhooks/${endpoint.id}/deliveries`, fastSecret())).json()) as {
          data: Array<{ status: string; attempts: number }>;
        }
      ).data;

    // 6 answers × 9 attempts = 54 failures in a row: past the 50 that disable an endpoint.
    for (let index = 0; index < 6; index++) await fastApi.postResponses(makeAnswer(fastSite, { touchpoint: 'doomed' }));
    await expect.poll(async () => (await endpointState()).enabled, { timeout: 20_000, interval: 200 }).toBe(false);
    expect((await endpointState()).disabledReason).toContain('failed attempts in a row');
    // Attempts interleave across deliveries: some have run out of retries, the rest wait for the endpoint.
    const log = await deliveryLog();
    const failed = log.filter((entry) => entry.status === 'failed');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.every((entry) => entry.attempts === 9)).toBe(true);
    expect(log.every((entry) => entry.status === 'failed' || entry.status === 'pending')).toBe(true);

    hook.setBehaviour(() => ({ status: 200 }));
    const enabled = await fastApi.request(
      `/v1/webhooks/${endpoint.id}`,
      fastSecret({ method: 'PATCH', body: '{"enabled":true}' }),
    );
    expect(await enabled.json()).toMatchObject({ enabled: true, consecutiveFailures: 0 });
    await fastApi.postResponses(makeAnswer(fastSite, { touchpoint: 'recovered' }));
    await expect
      .poll(() => hook.events('response.created').some((entry) => entry.json.data.response.touchpoint === 'recovered'))
      .toBe(true);
    // The deliveries held while it was disabled go out too.
    await expect
      .poll(async () => (await deliveryLog()).filter((entry) => entry.status === 'pending').length, { timeout: 10_000 })
      .toBe(0);
  }, 30_000);
});
