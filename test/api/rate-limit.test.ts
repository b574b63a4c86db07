import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedSite } from '@touchpoint/core/types';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { startCollector, type CollectorProcess } from '../support/collector-process.ts';
import { makeAnswer } from '../support/fixtures.ts';

const LIMIT = 5;
let collector: CollectorProcess;
let api: ApiClient;
let site: CreatedSite;

beforeAll(async () => {
  collector = await startCollector({
    env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN, TOUCHPOINT_RATE_LIMIT: String(LIMIT) },
    args: ['--quiet'],
  });
  api = new ApiClient(collector.url);
  site = await api.createSite();
});

afterAll(async () => {
  await collector?.stop();
});

describe('rate limiting (TOUCHPOINT_RATE_LIMIT)', () => {
  it('answers 429 with Retry-After once a client address has used its minute', async () => {
    // createSite above used one request of this address's allowance.
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let request = 0; request < LIMIT + 2; request++) {
      const response = await api.postResponses(makeAnswer(site, { touchpoint: 'limited' }));
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
    }
    expect(statuses.filter((status) => status === 202)).toHaveLength(LIMIT - 1);
    expect(statuses.slice(LIMIT - 1).every((status) => status === 429)).toBe(true);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const { error } = (await limited!.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('rate_limited');
    expect(error.message).toContain(`${LIMIT} a minute`);
  });

  it('keeps health checks out of the limit', async () => {
    expect((await api.request('/v1/health')).status).toBe(200);
  });
});

describe('rate limiting per key (TOUCHPOINT_KEY_RATE_LIMIT)', () => {
  const KEY_LIMIT = 3;
  let keyed: CollectorProcess;
  let keyedApi: ApiClient;

  beforeAll(async () => {
    // No limit per address here, so every refusal below is the key's.
    keyed = await startCollector({
      env: {
        TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN,
        TOUCHPOINT_RATE_LIMIT: '0',
        TOUCHPOINT_KEY_RATE_LIMIT: String(KEY_LIMIT),
      },
      args: ['--quiet'],
    });
    keyedApi = new ApiClient(keyed.url);
  });

  afterAll(async () => {
    await keyed?.stop();
  });

  it("limits each site's write key on its own", async () => {
    const [busy, quiet] = [await keyedApi.createSite(), await keyedApi.createSite()];
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let request = 0; request < KEY_LIMIT + 2; request++) {
      const response = await keyedApi.postResponses(makeAnswer(busy, { touchpoint: 'busy' }));
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
    }
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const { error } = (await limited!.json()) as { error: { code: string; message: string } };
    expect(error).toMatchObject({ code: 'rate_limited' });
    expect(error.message).toContain(`write key: at most ${KEY_LIMIT} a minute`);
    expect((await keyedApi.postResponses(makeAnswer(quiet, { touchpoint: 'quiet' }))).status).toBe(202);
  });

  it("limits each site's secret key on its own", async () => {
    const site = await keyedApi.createSite();
    const statuses: number[] = [];
    for (let request = 0; request < KEY_LIMIT + 1; request++) {
      const response = await keyedApi.request('/v1/site', { headers: { Authorization: `Bearer ${site.secretKey}` } });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
