// Aggregates at scale (issue: constant-time aggregates at 10 million answers).
//
// Seeds fresh databases of 1M and 10M answers with `touchpoint-collector seed` (50 touchpoints,
// 3 metrics, a year), serves each, and times "a year of daily NPS for all touchpoints" over HTTP,
// next to a query the rollups cannot serve (groupBy=verified scans raw rows), measured in the
// same run as the baseline. Then measures what the rollup triggers cost batched inserts.
//
//   node test/bench/aggregates.bench.js [--sizes 1000000,10000000] [--repeat 15]
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { COLLECTOR_CLI, ROOT, bundleTypeScript, formatInt, formatMs, median, startServer, table } from './support.js';

const { values } = parseArgs({
  strict: false,
  options: { sizes: { type: 'string' }, repeat: { type: 'string' } },
});
// `--sizes none` measures only the rollup cost on inserts.
const SIZES = String(values.sizes ?? '1000000,10000000')
  .split(',')
  .filter((size) => size !== 'none')
  .map(Number);
const REPEAT = Number(values.repeat ?? 15);
const DAY = 86_400_000;

function seed(dbPath, responses) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [
        COLLECTOR_CLI,
        'seed',
        '--responses',
        String(responses),
        '--touchpoints',
        '50',
        '--days',
        '365',
        '--contacts',
        '500',
        '--db',
        dbPath,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`seed exited with ${code}`));
      const jsonStart = output.indexOf('{');
      resolve({ site: JSON.parse(output.slice(jsonStart)), seconds: (performance.now() - started) / 1000 });
    });
  });
}

async function timeQuery(url, secretKey, query, repeat) {
  const run = async () => {
    const started = performance.now();
    const response = await fetch(`${url}/v1/aggregates?${query}`, {
      headers: { Authorization: `Bearer ${secretKey}` },
    });
    const body = await response.json();
    if (response.status !== 200) throw new Error(`${query}: ${response.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - started, n: body.overall.n };
  };
  for (let warm = 0; warm < 2; warm++) await run();
  const times = [];
  let n = 0;
  for (let index = 0; index < repeat; index++) {
    const result = await run();
    times.push(result.ms);
    n = result.n;
  }
  return { median: median(times), n };
}

const isoDay = (time) => new Date(time).toISOString().slice(0, 10);

async function measureSize(size) {
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-agg-'));
  const dbPath = join(dir, 'touchpoint.db');
  process.stdout.write(`\nseeding ${formatInt(size)} answers into ${dbPath}\n`);
  const { site, seconds } = await seed(dbPath, size);
  const bytes = statSync(dbPath).size;
  const server = await startServer({
    label: 'collector',
    args: [COLLECTOR_CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--db', dbPath, '--quiet'],
    env: { TOUCHPOINT_RATE_LIMIT: '0' },
  });
  const to = Date.now();
  const year = `from=${isoDay(to - 364 * DAY)}&to=${isoDay(to)}`;
  const queries = {
    perTouchpoint: `metric=nps&interval=day&${year}&groupBy=touchpoint`,
    overall: `metric=nps&interval=day&${year}`,
    bangkok: `metric=nps&interval=day&${year}&tz=Asia/Bangkok&groupBy=touchpoint`,
    rawScan: `metric=nps&${year}&groupBy=verified`,
  };
  const results = {};
  for (const [name, query] of Object.entries(queries)) {
    process.stdout.write(`  timing ${name}: ${query}\n`);
    results[name] = await timeQuery(server.url, site.secretKey, query, name === 'rawScan' ? 3 : REPEAT);
  }
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  return { size, seedSeconds: seconds, bytes, results };
}

/** The store's write functions, bundled from the TypeScript sources. */
async function loadStoreWrites() {
  return import(
    pathToFileURL(await bundleTypeScript('test/bench/store-writes.ts', 'store-writes', ['better-sqlite3'])).href
  );
}

/**
 * Batched inserts into a fresh database: the store's own transaction (answers, then their
 * rollup cells), or the same inserts alone.
 */
function insertRate(store, withRollups, rows, batch) {
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-ins-'));
  const db = store.openDurableConnection(join(dir, 'x.db'));
  store.applyMigrations(db, join(ROOT, 'collector/migrations'));
  db.exec("INSERT INTO sites VALUES ('s', 'bench', '[]', 'pk', 'hash', 'secret', 0)");
  const insert = db.prepare(store.INSERT_RESPONSE_SQL);
  const write = withRollups
    ? store.responseInserter(db)
    : db.transaction((chunk) => chunk.map((params) => insert.run(...params).changes));
  const now = Date.now();
  // Answers arriving now, as a live collector sees them: recent times, 50 touchpoints, 3 metrics;
  // as the parameter rows both paths take.
  const records = Array.from({ length: rows }, (_, index) => ({
    siteId: 's',
    id: randomUUID(),
    touchpoint: `touchpoint-${index % 50}`,
    metric: ['nps', 'csat', 'ces'][index % 3],
    score: 1 + (index % 5),
    comment: null,
    locale: 'en',
    page: null,
    visitorId: 'v',
    contactId: null,
    verified: false,
    metadata: null,
    createdAt: now - (rows - index) * 50,
    receivedAt: now,
    sentiment: null,
    terms: null,
    followUp: false,
  }));
  const data = records.map(store.insertResponseParams);
  const started = performance.now();
  for (let index = 0; index < rows; index += batch) write(data.slice(index, index + batch));
  const seconds = (performance.now() - started) / 1000;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return rows / seconds;
}

const sizes = [];
for (const size of SIZES) sizes.push(await measureSize(size));
const storeWrites = await loadStoreWrites();

process.stdout.write('\nrollup cost on batched inserts (A B A B A B, synchronous=FULL, WAL)\n');
const insertRows = [];
for (const batch of [50, 1000]) {
  const without = [];
  const withRollups = [];
  for (let round = 0; round < 3; round++) {
    without.push(insertRate(storeWrites, false, 200_000, batch));
    withRollups.push(insertRate(storeWrites, true, 200_000, batch));
  }
  insertRows.push([
    `batches of ${batch}`,
    formatInt(median(without)),
    formatInt(median(withRollups)),
    (median(withRollups) / median(without)).toFixed(2),
    withRollups.map((rate, round) => (rate / without[round]).toFixed(2)).join(' / '),
  ]);
}

process.stdout.write(
  '\n' +
    table(
      [
        'answers',
        'seed s',
        'seed rows/s',
        'DB MB',
        'MB per 1M',
        'year daily NPS by touchpoint ms',
        'overall ms',
        'Asia/Bangkok ms',
        'raw scan ms',
        'raw / rollup',
      ],
      sizes.map(({ size, seedSeconds, bytes, results }) => [
        formatInt(size),
        seedSeconds.toFixed(0),
        formatInt(size / seedSeconds),
        (bytes / 1e6).toFixed(0),
        (bytes / 1e6 / (size / 1e6)).toFixed(0),
        formatMs(results.perTouchpoint.median),
        formatMs(results.overall.median),
        formatMs(results.bangkok.median),
        formatMs(results.rawScan.median),
        (results.rawScan.median / results.perTouchpoint.median).toFixed(0) + '×',
      ]),
    ) +
    '\n',
);
if (sizes.length >= 2) {
  const first = sizes[0].results.perTouchpoint.median;
  const last = sizes[sizes.length - 1].results.perTouchpoint.median;
  process.stdout.write(
    `\nyear of daily NPS by touchpoint: ${formatMs(last)} ms at ${formatInt(sizes[sizes.length - 1].size)} = ${(last / first).toFixed(2)}× the ${formatInt(sizes[0].size)} figure\n`,
  );
}
process.stdout.write(
  '\n' + table(['inserts', 'no rollups rows/s', 'rollups rows/s', 'ratio', 'ratio per round'], insertRows) + '\n',
);
