// What an answer costs in D1, where rows written are billed and capped (the Free plan allows
// 100,000 a day) and a database holds at most 10 GB: rows written and bytes per stored answer,
// read from D1's own result metadata. Answers go through the shared app over openD1Store, with
// the D1 binding of wrangler's getPlatformProxy. TOUCHPOINT_PRINT_COSTS=1 prints the figures
// (BENCHMARKS.md, "Workers").
import type { D1Database, D1PreparedStatement, D1Result } from '@cloudflare/workers-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedSite } from '@touchpoint/core/types';
import { createApp } from '../../collector/src/app.ts';
import { openD1Store } from '../../collector/src/store/d1.ts';
import { contactAnswer, makeAnswer } from '../support/fixtures.ts';
import { openMigratedD1, type MigratedD1 } from '../support/d1-proxy.ts';

const ADMIN = 'admin';
const ANSWERS = 500;
const BATCH = 50;

let d1: MigratedD1;
let app: ReturnType<typeof createApp>;
const written = { rows: 0, sizeAfter: 0 };

/** The binding, with every batch's rows written and database size after it tallied. */
function tallied(db: D1Database): D1Database {
  return {
    prepare: (sql: string) => db.prepare(sql),
    exec: (sql: string) => db.exec(sql),
    withSession: (constraint?: string) => db.withSession(constraint),
    dump: () => db.dump(),
    async batch<T>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
      const results = await db.batch<T>(statements);
      for (const result of results) {
        written.rows += result.meta.rows_written;
        written.sizeAfter = result.meta.size_after;
      }
      return results;
    },
  } as D1Database;
}

async function call(path: string, body: unknown, key = ADMIN) {
  const response = await app.request(path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return response.json() as Promise<any>;
}

/** Stores ANSWERS answers in batches of BATCH; returns rows written and bytes grown per answer. */
async function storeAnswers(site: CreatedSite, touchpoint: string) {
  const before = { ...written };
  for (let start = 0; start < ANSWERS; start += BATCH) {
    const responses = Array.from({ length: BATCH }, (_, index) => {
      const overrides = {
        key: undefined,
        touchpoint,
        score: (start + index) % 11,
        comment: 'Fast delivery, but the size guide was confusing',
        locale: 'en',
        page: 'https://shop.example/checkout',
        metadata: { orderId: `A-${start + index}` },
      };
      return index % 2 === 0 ? contactAnswer(site, `crm-${start + index}`, overrides) : makeAnswer(site, overrides);
    });
    await call('/v1/responses', { key: site.writeKey, responses });
  }
  return { rows: (written.rows - before.rows) / ANSWERS, bytes: (written.sizeAfter - before.sizeAfter) / ANSWERS };
}

beforeAll(async () => {
  d1 = await openMigratedD1('touchpoint-d1-costs');
  app = createApp({ store: openD1Store(tallied(d1.db)), adminToken: ADMIN, rateLimitPerMinute: 0 });
});

afterAll(async () => {
  await d1?.dispose();
});

describe('one stored answer on D1', () => {
  it('writes a bounded number of rows and bytes, with and without a webhook endpoint', async () => {
    const plain = await call('/v1/sites', { name: 'No webhooks', origins: [] });
    const withoutWebhooks = await storeAnswers(plain, 'checkout');
    const hooked = (await call('/v1/sites', { name: 'CRM', origins: [] })) as CreatedSite;
    await call(
      '/v1/webhooks',
      { url: 'https://crm.example/hooks', events: ['response.created', 'contact.updated', 'response.detractor'] },
      hooked.secretKey,
    );
    const withWebhooks = await storeAnswers(hooked, 'checkout');
    if (process.env.TOUCHPOINT_PRINT_COSTS) {
      console.log(JSON.stringify({ answers: ANSWERS, batch: BATCH, withoutWebhooks, withWebhooks }));
    }
    // Budgets with room: the row, its indexes, the hourly and daily rollups (and sentiment's), the outbox.
    expect(withoutWebhooks.rows).toBeLessThan(16);
    expect(withWebhooks.rows).toBeLessThan(withoutWebhooks.rows + 12);
    expect(withWebhooks.bytes).toBeLessThan(3000);
  });
});
