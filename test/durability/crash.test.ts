// Crash durability: a 202 from POST /v1/responses means "stored". Under a load of concurrent
// posts the collector is killed with SIGKILL (no shutdown hook runs) once a fixed number of
// answers has been acknowledged, while other requests are still in flight; a new collector is
// started on the same data folder, and every acknowledged answer must be there, once, intact,
// in a database that passes its integrity check. Retries after the restart must be recognised as
// duplicates, and retrying the unacknowledged ones must leave exactly what was sent.
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { AcceptedResponses, AggregatesResult, CreatedSite } from '@touchpoint/core/types';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { sqliteFileOf, startCollector, type CollectorProcess } from '../support/collector-process.ts';

const OPTIONS = { env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN, TOUCHPOINT_RATE_LIMIT: '0' }, args: ['--quiet'] };
/** Concurrent client loops, each posting one request at a time over keep-alive connections. */
const LOOPS = 20;
/** The collector is killed once this many more answers have been acknowledged (count-based, not timed). */
const KILL_AFTER = 600;
const ROUNDS = 2;

const SCALES = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;
type Metric = keyof typeof SCALES;
const METRICS = Object.keys(SCALES) as Metric[];

interface Answer {
  id: string;
  touchpoint: string;
  metric: Metric;
  score: number;
  comment: string;
}

interface StoredRow {
  id: string;
  site_id: string;
  touchpoint: string;
  metric: string;
  score: number;
  comment: string | null;
}

const running: CollectorProcess[] = [];

async function start(dataDir?: string): Promise<CollectorProcess> {
  const collector = await startCollector(dataDir === undefined ? OPTIONS : { ...OPTIONS, dataDir });
  running.push(collector);
  return collector;
}

afterAll(async () => {
  for (const collector of running) await collector.stop('SIGKILL');
});

let sequence = 0;
/** Deterministic content (so a partial or mixed-up row is detectable), a fresh UUID each. */
function nextAnswer(round: number): Answer {
  const n = sequence++;
  const metric = METRICS[n % METRICS.length]!;
  const [min, max] = SCALES[metric];
  return {
    id: randomUUID(),
    touchpoint: `crash-round-${round}`,
    metric,
    score: min + (n % (max - min + 1)),
    comment: `answer ${n}`,
  };
}

interface LoadResult {
  /** Every answer that was sent (in a request that may or may not have been acknowledged). */
  sent: Map<string, Answer>;
  /** Ids whose request came back 202, with the status the collector gave each. */
  acknowledged: Map<string, string>;
  inFlightAtKill: number;
  networkErrors: number;
  /** Any answer that was neither a 202 nor a network error: there should be none. */
  unexpected: string[];
}

/**
 * Runs LOOPS concurrent posters of single answers and small batches against the collector and,
 * as soon as `killAfter` answers have been acknowledged, SIGKILLs it without waiting for anything.
 * Requests cut off by the kill fail with a network error and are simply not acknowledged.
 */
async function loadUntilKilled(collector: CollectorProcess, site: CreatedSite, round: number): Promise<LoadResult> {
  const result: LoadResult = {
    sent: new Map(),
    acknowledged: new Map(),
    inFlightAtKill: -1,
    networkErrors: 0,
    unexpected: [],
  };
  let inFlight = 0;
  let killed: Promise<number | null> | undefined;
  const url = `${collector.url}/v1/responses`;

  async function loop(loopIndex: number): Promise<void> {
    for (let request = 0; killed === undefined; request++) {
      // A mix: single answers (key in the body or the header) and batches of 2–5.
      const size = (request + loopIndex) % 3 === 0 ? 2 + ((request + loopIndex) % 4) : 1;
      const answers = Array.from({ length: size }, () => nextAnswer(round));
      for (const answer of answers) result.sent.set(answer.id, answer);
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      let body: unknown;
      if (size > 1) body = { key: site.writeKey, responses: answers };
      else if (request % 2 === 0) body = { ...answers[0], key: site.writeKey };
      else {
        body = answers[0];
        headers['X-Touchpoint-Key'] = site.writeKey;
      }
      inFlight++;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        const text = await response.text();
        inFlight--;
        if (response.status !== 202) {
          result.unexpected.push(`${response.status} ${text.slice(0, 300)}`);
          continue;
        }
        for (const { id, status } of (JSON.parse(text) as AcceptedResponses).results)
          result.acknowledged.set(id, status);
        if (killed === undefined && result.acknowledged.size >= KILL_AFTER) {
          result.inFlightAtKill = inFlight;
          killed = collector.stop('SIGKILL');
        }
      } catch {
        inFlight--;
        result.networkErrors++;
      }
    }
  }

  await Promise.all(Array.from({ length: LOOPS }, (_, index) => loop(index)));
  expect(killed, 'the load never reached the kill threshold').toBeDefined();
  await killed;
  return result;
}

function openReadOnly(path: string): Database.Database {
  return new Database(path, { readonly: true, fileMustExist: true });
}

async function aggregateCount(api: ApiClient, site: CreatedSite, metric: Metric, touchpoint?: string): Promise<number> {
  const response = await api.aggregates(site.secretKey, touchpoint ? { metric, touchpoint } : { metric });
  expect(response.status).toBe(200);
  return ((await response.json()) as AggregatesResult).overall.n;
}

async function postBatch(api: ApiClient, site: CreatedSite, answers: Answer[]): Promise<AcceptedResponses> {
  const response = await api.postResponses({ key: site.writeKey, responses: answers });
  expect(response.status).toBe(202);
  return (await response.json()) as AcceptedResponses;
}

describe('crash durability (SIGKILL under load, restart on the same data folder)', () => {
  it('keeps every acknowledged answer exactly once, recovers the WAL, and stays idempotent', async () => {
    let collector = await start();
    const dataDir = collector.dataDir;
    const dbPath = sqliteFileOf(collector);
    let api = new ApiClient(collector.url);
    const site = await api.createSite('Crash shop', ['https://shop.example']);

    const sent = new Map<string, Answer>();
    const acknowledged = new Set<string>();

    for (let round = 1; round <= ROUNDS; round++) {
      const load = await loadUntilKilled(collector, site, round);
      expect(load.unexpected, 'every answer before the kill is a 202').toEqual([]);
      expect(load.acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
      expect([...load.acknowledged.values()].every((status) => status === 'created')).toBe(true);
      // The kill must land while requests are on the wire, or it proves nothing.
      expect(load.inFlightAtKill, 'requests in flight when SIGKILL was sent').toBeGreaterThan(0);
      expect(collector.child.signalCode).toBe('SIGKILL');
      // No shutdown ran: the write-ahead log is still there for the next start to recover.
      expect(existsSync(`${dbPath}-wal`)).toBe(true);
      for (const [id, answer] of load.sent) sent.set(id, answer);
      for (const id of load.acknowledged.keys()) {
        expect(load.sent.has(id), `acknowledged id ${id} was never sent`).toBe(true);
        acknowledged.add(id);
      }
      console.info(
        `round ${round}: ${load.sent.size} sent, ${load.acknowledged.size} acknowledged, ` +
          `${load.inFlightAtKill} requests in flight at SIGKILL, ${load.networkErrors} cut off, ` +
          `WAL ${statSync(`${dbPath}-wal`).size} bytes`,
      );

      collector = await start(dataDir);
      api = new ApiClient(collector.url);
      expect(collector.dbPath).toBe(dbPath);

      const db = openReadOnly(dbPath);
      let rows: StoredRow[];
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.prepare('SELECT id, count(*) AS n FROM responses GROUP BY site_id, id HAVING n > 1').all()).toEqual(
          [],
        );
        rows = db
          .prepare('SELECT id, site_id, touchpoint, metric, score, comment FROM responses WHERE site_id = ?')
          .all(site.id) as StoredRow[];
      } finally {
        db.close();
      }
      const stored = new Map(rows.map((row) => [row.id, row]));
      expect(stored.size, 'no id is stored twice').toBe(rows.length);
      const lost = [...acknowledged].filter((id) => !stored.has(id));
      expect(lost.length, `acknowledged answers missing after the crash, e.g. ${lost.slice(0, 5).join(', ')}`).toBe(0);
      const phantoms = rows.filter((row) => !sent.has(row.id)).map((row) => row.id);
      expect(phantoms.length, `stored ids that were never sent, e.g. ${phantoms.slice(0, 5).join(', ')}`).toBe(0);
      for (const row of rows) {
        const answer = sent.get(row.id)!;
        expect(row, `stored row ${row.id} differs from what was sent`).toEqual({
          id: answer.id,
          site_id: site.id,
          touchpoint: answer.touchpoint,
          metric: answer.metric,
          score: answer.score,
          comment: answer.comment,
        });
      }

      // Through the API: at least every acknowledged answer, per metric, and the same total as the file.
      for (const metric of METRICS) {
        const acknowledgedOfMetric = [...acknowledged].filter((id) => sent.get(id)!.metric === metric).length;
        const n = await aggregateCount(api, site, metric);
        expect(n).toBeGreaterThanOrEqual(acknowledgedOfMetric);
        expect(n).toBe(rows.filter((row) => row.metric === metric).length);
      }
    }

    // Idempotency survives the restarts: acknowledged answers sent again are duplicates.
    const acknowledgedList = [...acknowledged];
    const sample = acknowledgedList.filter((_, index) => index % Math.floor(acknowledgedList.length / 60) === 0);
    const resent = sample.slice(0, 50).map((id) => sent.get(id)!);
    const batch = await postBatch(api, site, resent);
    expect(batch.results).toEqual(resent.map((answer) => ({ id: answer.id, status: 'duplicate' })));
    for (const answer of sample.slice(50).map((id) => sent.get(id)!)) {
      const response = await api.postResponses({ ...answer, key: site.writeKey });
      expect(response.status).toBe(202);
      expect(((await response.json()) as AcceptedResponses).results).toEqual([{ id: answer.id, status: 'duplicate' }]);
    }

    // A client retrying everything that was never acknowledged ends with exactly what it sent:
    // those that were stored anyway come back as duplicates, the rest are created, none twice.
    const storedBeforeRetry = new Set(openReadOnlyIds(dbPath, site.id).filter((id) => !acknowledged.has(id)));
    const unacknowledged = [...sent.values()].filter((answer) => !acknowledged.has(answer.id));
    const retryStatuses = new Map<string, string>();
    for (let start = 0; start < unacknowledged.length; start += 50) {
      const results = (await postBatch(api, site, unacknowledged.slice(start, start + 50))).results;
      for (const { id, status } of results) retryStatuses.set(id, status);
    }
    for (const answer of unacknowledged) {
      expect(retryStatuses.get(answer.id)).toBe(storedBeforeRetry.has(answer.id) ? 'duplicate' : 'created');
    }
    const finalIds = openReadOnlyIds(dbPath, site.id);
    expect(finalIds.length).toBe(sent.size);
    expect(new Set(finalIds)).toEqual(new Set(sent.keys()));
    let total = 0;
    for (const metric of METRICS) total += await aggregateCount(api, site, metric);
    expect(total).toBe(sent.size);
    expect(collector.output()).not.toMatch(/ error: /);

    // And a clean stop after all that leaves a database that opens and checks out.
    expect(await collector.stop('SIGTERM')).toBe(0);
    const db = openReadOnly(dbPath);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT count(*) AS n FROM responses WHERE site_id = ?').get(site.id)).toEqual({
        n: sent.size,
      });
    } finally {
      db.close();
    }
  }, 120_000);
});

function openReadOnlyIds(dbPath: string, siteId: string): string[] {
  const db = openReadOnly(dbPath);
  try {
    return (db.prepare('SELECT id FROM responses WHERE site_id = ?').all(siteId) as Array<{ id: string }>).map(
      (row) => row.id,
    );
  } finally {
    db.close();
  }
}
