// What only the Node collector can show: its SQLite file, read directly. On Workers the data
// lives in D1, which these suites cannot open; the same HTTP behaviour is checked there by
// test/api, and the D1 store's SQL is the same as this file's (collector/src/store/sql.ts).
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedSite } from '@touchpoint/core/types';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { sqliteFileOf, startCollector, type CollectorProcess } from '../support/collector-process.ts';
import { makeAnswer } from '../support/fixtures.ts';

let collector: CollectorProcess;
let api: ApiClient;
let site: CreatedSite;

function countRows(table: string): number {
  const db = new Database(sqliteFileOf(collector), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  collector = await startCollector({ env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN }, args: ['--quiet'] });
  api = new ApiClient(collector.url);
  site = await api.createSite('Shop', ['https://shop.example']);
});

afterAll(async () => {
  await collector?.stop();
});

describe('the SQLite file', () => {
  it('keeps only a hash of the secret key', async () => {
    const hashed = await api.createSite('Hashed');
    const db = new Database(sqliteFileOf(collector), { readonly: true });
    const dump = JSON.stringify(db.prepare('SELECT * FROM sites').all());
    db.close();
    expect(dump).toContain(hashed.writeKey);
    expect(dump).not.toContain(hashed.secretKey);
  });

  it('gains no row from refused bodies, whichever way they are wrong', async () => {
    const before = countRows('responses');
    const refused: Array<[string, unknown, Record<string, string>?]> = [
      ['malformed JSON', '{"key": "', undefined],
      ['a batch with one bad item', { key: site.writeKey, responses: [makeAnswer(site), { touchpoint: 'x' }] }],
      ['an unknown key', makeAnswer(site, { key: 'pk_unknown' })],
      ['a score off the scale', makeAnswer(site, { score: 11 })],
      ['a foreign origin', makeAnswer(site), { Origin: 'https://evil.example' }],
      ['a body over 64 KB', makeAnswer(site, { comment: 'x'.repeat(70_000) })],
    ];
    for (const [label, body, headers] of refused) {
      const response = await api.postResponses(body, headers);
      expect(response.status, label).toBeGreaterThanOrEqual(400);
      expect(response.status, label).toBeLessThan(500);
    }
    expect(countRows('responses')).toBe(before);
  });

  // Last: it kills the collector.
  it('holds every acknowledged answer after the collector is killed', async () => {
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        const body = makeAnswer(site, { touchpoint: 'durable' });
        const response = await api.postResponses(body);
        if (response.status === 202) ids.push(body.id as string);
      }),
    );
    expect(ids).toHaveLength(40);
    expect(await collector.stop('SIGKILL')).toBe(null);
    const db = new Database(sqliteFileOf(collector), { readonly: true });
    const stored = db.prepare("SELECT id FROM responses WHERE touchpoint = 'durable'").pluck().all();
    db.close();
    expect(new Set(stored)).toEqual(new Set(ids));
  });
});
