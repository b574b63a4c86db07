import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, METRIC_SCALES } from '@touchpoint/core';
import { checkRollupWatermark } from '../../../test/support/rollup-watermark.ts';
import { openSqliteStore, type SqliteStore } from './sqlite.ts';
import type { ResponseRecord } from './types.ts';

const migrationsDirectory = fileURLToPath(new URL('../../migrations/', import.meta.url));
const SITES = ['site-a', 'site-b'];
const START = Date.UTC(2026, 0, 1);
const START_DAY = START / 86_400_000;

function openStore(): SqliteStore {
  const store = openSqliteStore({ path: ':memory:', migrationsDirectory });
  for (const id of SITES) {
    store.db
      .prepare('INSERT INTO sites VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, id, '[]', `pk_${id}`, `hash_${id}`, 'secret', START);
  }
  return store;
}

function rollupSnapshot(store: SqliteStore): unknown[] {
  // Cells emptied by erasure stay as zero rows until a rebuild; they hold no answers.
  return ['rollup_daily', 'rollup_hourly'].flatMap((table) =>
    store.db.prepare(`SELECT '${table}' AS t, * FROM ${table} WHERE n > 0 ORDER BY 1, 2, 3, 4, 5`).all(),
  );
}

const answer = fc.record({
  site: fc.constantFrom(...SITES),
  touchpoint: fc.constantFrom('checkout', 'help', 'ชำระเงิน'),
  metric: fc.constantFrom(...METRIC_NAMES),
  scoreSeed: fc.nat(),
  // Plenty of answers on the first and last minute of a UTC day, where day and watermark bounds lie.
  minute: fc.oneof(
    fc.integer({ min: 0, max: 60 * 24 * 40 }),
    fc.integer({ min: 0, max: 40 }).map((day) => day * 1440),
    fc.integer({ min: 1, max: 40 }).map((day) => day * 1440 - 1),
  ),
  contact: fc.option(fc.constantFrom('crm-1', 'crm-2', 'crm-3'), { nil: null }),
  sentiment: fc.option(fc.constantFrom('negative' as const, 'neutral' as const, 'positive' as const), { nil: null }),
});

const operation = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('insert' as const), answers: fc.array(answer, { maxLength: 8 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('resend' as const), index: fc.nat() }) },
  // Fold the days before START + days into rollup_daily; later answers may fall before or after it.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact' as const), days: fc.integer({ min: 0, max: 45 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('erase' as const),
      site: fc.constantFrom(...SITES),
      contact: fc.constantFrom('crm-1', 'crm-2', 'crm-3'),
    }),
  },
);

type AnswerInput = typeof answer extends fc.Arbitrary<infer Input> ? Input : never;

function record(input: AnswerInput): ResponseRecord {
  const { min, max } = METRIC_SCALES[input.metric];
  const createdAt = START + input.minute * 60_000;
  return {
    siteId: input.site,
    id: randomUUID(),
    touchpoint: input.touchpoint,
    metric: input.metric,
    score: min + (input.scoreSeed % (max - min + 1)),
    comment: null,
    locale: null,
    page: null,
    visitorId: null,
    contactId: input.contact,
    verified: input.contact !== null,
    metadata: null,
    createdAt,
    receivedAt: createdAt,
    sentiment: input.sentiment && { label: input.sentiment, score: 0 },
    terms: null,
    followUp: false,
  };
}

describe('rollups', () => {
  it('rebuilt from raw rows equal the ones kept on insert, after any mix of inserts, retries and erasures', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 30 }), async (operations) => {
        const store = openStore();
        const sent: ResponseRecord[] = [];
        for (const step of operations) {
          if (step.kind === 'insert') {
            const rows = step.answers.map(record);
            sent.push(...rows);
            await store.insertResponses(rows);
          } else if (step.kind === 'resend' && sent.length > 0) {
            await store.insertResponses([sent[step.index % sent.length]!]);
          } else if (step.kind === 'erase') {
            await store.deleteContact(step.site, step.contact);
          } else if (step.kind === 'compact') {
            await store.compactRollups(START_DAY + step.days);
          }
        }
        const incremental = rollupSnapshot(store);
        const rebuiltRows = store.rebuildRollups();
        expect(rebuiltRows).toBe(store.db.prepare('SELECT COUNT(*) FROM responses').pluck().get());
        expect(rollupSnapshot(store)).toEqual(incremental);
        await store.close();
      }),
      { numRuns: 60, seed: 20261123 },
    );
  });

  it('answer queries exactly as a scan of the raw rows does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(answer, { minLength: 1, maxLength: 60 }),
        fc.constantFrom(...METRIC_NAMES, 'sentiment' as const),
        fc.nat(),
        fc.integer({ min: 0, max: 45 }),
        async (answers, metric, split, compactDays) => {
          const store = openStore();
          // Some answers before the days are folded into rollup_daily, the rest after (late answers included).
          const at = split % (answers.length + 1);
          await store.insertResponses(answers.slice(0, at).map(record));
          await store.compactRollups(START_DAY + compactDays);
          await store.insertResponses(answers.slice(at).map(record));
          const query = { siteId: 'site-a', metric, from: START + 86_400_000, to: START + 20 * 86_400_000 };
          // UTC days read rollup_daily. An offset change at an instant that is not a whole hour (here just
          // past the range, so the days stay UTC days) rules both rollups out: the same days from raw rows.
          const utc = [{ from: null, offsetMs: 0 }];
          const fromRollups = await store.scoreCounts({ ...query, dayOffsets: utc, groupBy: 'touchpoint' });
          const unaligned = [...utc, { from: query.to + 1, offsetMs: 0 }];
          const fromRaw = await store.scoreCounts({ ...query, dayOffsets: unaligned, groupBy: 'touchpoint' });
          // UTC+7 days come from rollup_hourly: other days, the same answers.
          const total = (rows: typeof fromRaw) =>
            rows.reduce((sum, row) => sum + row.counts.reduce((a, b) => a + b, 0), 0);
          const bangkok = await store.scoreCounts({ ...query, dayOffsets: [{ from: null, offsetMs: 7 * 3_600_000 }] });
          expect(total(bangkok)).toBe(total(fromRollups));
          const byDay = new Map<string, number[]>();
          for (const row of fromRaw) {
            const key = `${row.slot}|${row.group}`;
            const counts = byDay.get(key) ?? new Array<number>(11).fill(0);
            row.counts.forEach((count, score) => (counts[score]! += count));
            byDay.set(key, counts);
          }
          const expected = [...byDay.entries()].map(([key, counts]) => [key, counts]).sort();
          const actual = fromRollups
            .filter((row) => row.counts.some((count) => count > 0))
            .map((row) => [`${row.slot}|${row.group}`, row.counts])
            .sort();
          expect(actual).toEqual(expected);
          await store.close();
        },
      ),
      { numRuns: 40, seed: 7 },
    );
  });

  it('reads the days before the watermark from rollup_daily and the rest from rollup_hourly, each answer once', async () => {
    const store = openStore();
    await checkRollupWatermark(store, START_DAY + 10);
    await store.close();
  });

  it('reports rebuild progress up to the total', async () => {
    const store = openStore();
    await store.insertResponses(
      Array.from({ length: 30 }, (_, index) =>
        record({
          site: 'site-a',
          touchpoint: 'help',
          metric: 'nps',
          scoreSeed: index,
          minute: index,
          contact: null,
          sentiment: null,
        }),
      ),
    );
    const progress: Array<[number, number]> = [];
    store.rebuildRollups(({ done, total }) => progress.push([done, total]));
    expect(progress[0]).toEqual([0, 30]);
    expect(progress[progress.length - 1]).toEqual([30, 30]);
    await store.close();
  });
});
