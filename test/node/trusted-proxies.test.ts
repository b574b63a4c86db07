// Behind a proxy (TOUCHPOINT_TRUSTED_PROXIES=1) the per-address rate limit reads the address
// the proxy appended to X-Forwarded-For. Node only: on Workers the address is CF-Connecting-IP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedSite } from '@touchpoint/core/types';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { startCollector, type CollectorProcess } from '../support/collector-process.ts';
import { makeAnswer } from '../support/fixtures.ts';

let collector: CollectorProcess;
let api: ApiClient;
let siteA: CreatedSite;
let siteB: CreatedSite;

beforeAll(async () => {
  collector = await startCollector({
    env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN, TOUCHPOINT_RATE_LIMIT: '2', TOUCHPOINT_TRUSTED_PROXIES: '1' },
    args: ['--quiet'],
  });
  api = new ApiClient(collector.url);
  siteA = await api.createSite('A');
  siteB = await api.createSite('B');
});

afterAll(async () => {
  await collector?.stop();
});

describe('TOUCHPOINT_TRUSTED_PROXIES', () => {
  it('limits each client by the address its proxy reported, whatever it wrote itself', async () => {
    // One client, whose own X-Forwarded-For entries differ each time; the proxy appends 203.0.113.1.
    const fromClient = (site: CreatedSite, claimed: string, proxied: string) =>
      api.postResponses(makeAnswer(site), { 'X-Forwarded-For': `${claimed}, ${proxied}` });
    expect((await fromClient(siteA, '1.1.1.1', '203.0.113.1')).status).toBe(202);
    expect((await fromClient(siteA, '2.2.2.2', '203.0.113.1')).status).toBe(202);
    const limited = await fromClient(siteA, '3.3.3.3', '203.0.113.1');
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toContain('client address');
    // Another client behind the same proxy has an allowance of its own.
    expect((await fromClient(siteB, '1.1.1.1', '203.0.113.2')).status).toBe(202);
  });
});
