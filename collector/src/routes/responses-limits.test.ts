// POST /v1/responses under rate limits and body limits, through the whole app on an in-memory
// store, with the client address taken from a test header: one process can then speak for many.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createSite } from '../sites.ts';
import { openSqliteStore, type SqliteStore } from '../store/sqlite.ts';
import { systemClock } from '../http/context.ts';

const migrationsDirectory = fileURLToPath(new URL('../../migrations/', import.meta.url));
const LIMIT = 3;
const SHOP = 'https://shop.example';

let store: SqliteStore | undefined;

afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** @param keyLimit the write key's limit, or its default (10 × the address's) */
async function setUp(keyLimit: number | 'default' = LIMIT) {
  store = openSqliteStore({ path: ':memory:', migrationsDirectory });
  const site = await createSite(store, systemClock, { name: 'Shop', origins: [SHOP] });
  // A clock that stands still: no bucket refills while a test runs, however slow the machine.
  const now = systemClock.now();
  const app = createApp({
    store,
    clock: { now: () => now },
    rateLimitPerMinute: LIMIT,
    keyRateLimitPerMinute: keyLimit === 'default' ? undefined : keyLimit,
    clientAddress: (c) => c.req.header('x-test-address'),
    logError: () => {},
  });
  let answers = 0;
  const post = (address: string, origin: string, body?: string) =>
    app.request('/v1/responses', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: origin, 'X-Test-Address': address },
      body:
        body ??
        JSON.stringify({
          id: `00000000-0000-4000-8000-${String(++answers).padStart(12, '0')}`,
          key: site.writeKey,
          touchpoint: 'checkout',
          metric: 'nps',
          score: 9,
        }),
    });
  return { post };
}

describe('POST /v1/responses limits', () => {
  it("does not count refused posts against the site's write key", async () => {
    const { post } = await setUp();
    for (let attempt = 0; attempt < LIMIT; attempt++)
      expect((await post('10.0.0.1', 'https://evil.example')).status).toBe(403);
    expect((await post('10.0.0.2', SHOP)).status).toBe(202);
  });

  it('limits the accepted posts of one write key across client addresses, readable by the page', async () => {
    const { post } = await setUp();
    for (let answer = 0; answer < LIMIT; answer++) expect((await post(`10.0.1.${answer}`, SHOP)).status).toBe(202);
    const limited = await post('10.0.1.99', SHOP);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toContain('write key');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(limited.headers.get('access-control-expose-headers')).toBe('Retry-After');
  });

  it("gives a write key ten times an address's limit unless told otherwise", async () => {
    const { post } = await setUp('default');
    for (let answer = 0; answer < 10 * LIMIT; answer++) expect((await post(`10.0.3.${answer}`, SHOP)).status).toBe(202);
    expect((await post('10.0.3.250', SHOP)).status).toBe(429);
  });

  it('lets the page read a refusal by its client address, and one of a body over 64 KB', async () => {
    const { post } = await setUp();
    for (let answer = 0; answer < LIMIT; answer++) await post('10.0.2.1', SHOP);
    const limited = await post('10.0.2.1', SHOP);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toContain('client address');
    expect(limited.headers.get('access-control-allow-origin')).toBe(SHOP);
    const tooLarge = await post('10.0.2.2', SHOP, 'x'.repeat(70 * 1024));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(tooLarge.headers.get('vary')).toBe('Origin');
  });
});
