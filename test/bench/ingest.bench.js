// Ingest benchmark: POST /v1/responses, one NPS answer per request, against
// the BUILT collector with durable SQLite writes (a real file under
// os.tmpdir(), WAL, synchronous=FULL), compared with a bare node:http server
// measured in the same run (baseline-server.js), and with Hono + the same zod
// schema alone (framework-server.ts), which shows what the framework costs before
// the collector does any work of its own. autocannon is the one load generator;
// each target runs as its own process. The targets alternate (A B C A B C …) and
// the median is reported, since the machine is noisy.
//
//   npm run bench                               # builds, then runs every *.bench.js
//   node test/bench/ingest.bench.js [options]   # this one alone, on the current build
//
// Options: --connections 50,10  --duration 10  --warmup 2  --rounds 2
//          --comment-every 3   only every third answer has a comment (default: all, the costliest case)
//          --profile   one extra collector run under node --cpu-prof (not counted); prints the top self-time functions
//          --strict    exit 1 when a target is missed too (by default only a correctness failure fails)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import {
  COLLECTOR_CLI,
  ROOT,
  Samples,
  autocannon,
  bundleTypeScript,
  formatInt,
  formatMs,
  median,
  mainThreadCpuSeconds,
  processCpuSeconds,
  startServer,
  summarizeCpuProfile,
  table,
} from './support.js';

const BASELINE_SERVER = fileURLToPath(new URL('./baseline-server.js', import.meta.url));
const ORIGIN = 'https://shop.example';
/** Measured in this order each round: the bare server, Hono + zod alone, the collector. */
const TARGET_NAMES = ['baseline', 'framework', 'collector'];
/** Targets at the highest connection count (issue: ingest must stay close to a bare server, and fast). */
const TARGETS = { connections: 50, minRatio: 0.6, maxP99Ms: 15 };

/** autocannon's share of a core above which it, not the server it drives, sets the pace. */
const GENERATOR_BOUND = 0.95;

const COMMENTS = [
  'Fast delivery, easy checkout.',
  'ส่งของเร็วมาก แพ็คมาดี ขอบคุณครับ',
  'Giao hàng nhanh, đóng gói cẩn thận.',
  'The coupon field was hard to find on mobile.',
];
const LOCALES = ['en', 'th', 'vi', 'en-GB'];

/** What was measured: the commit, and whether the collector's sources differed from it. */
function buildDescription() {
  const git = (...args) => spawnSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return 'not a git checkout';
  const dirty = git('status', '--porcelain', '--', 'collector', 'packages').stdout.trim();
  return `commit ${head.stdout.trim()}${dirty ? ' + uncommitted changes in collector/ or packages/' : ''}`;
}

function progress(line) {
  process.stdout.write(`[ingest ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/**
 * What the widget posts (widget/src/loader/commands.ts): a fresh id per request, made
 * by the widget's own `uuidv7`, so nothing is a duplicate; text/plain like the widget,
 * from the site's origin.
 * Records every id sent and every id acknowledged with a 202 for the check afterwards.
 */
function createWorkload(key, uuidv7, commentEvery) {
  const visitors = Array.from({ length: 5000 }, () => uuidv7());
  const state = { sent: [], acknowledged: [], rejected: new Map() };
  let counter = 0;
  state.requests = [
    {
      method: 'POST',
      path: '/v1/responses',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN },
      setupRequest(request, context) {
        const n = counter++;
        // Each comment in its own language; answers without one rotate through the locales too.
        const language = Math.floor(n / commentEvery) % COMMENTS.length;
        const id = uuidv7();
        // pipelining 1: one request in flight per connection, so its context holds that request's id
        context.id = id;
        state.sent.push(id);
        request.body = JSON.stringify({
          id,
          key,
          touchpoint: 'checkout',
          metric: 'nps',
          score: n % 11,
          comment: n % commentEvery === 0 ? COMMENTS[language] : undefined,
          locale: LOCALES[language],
          page: `${ORIGIN}/checkout/complete?order=A-${100000 + n}`,
          visitorId: visitors[n % visitors.length],
          createdAt: new Date().toISOString(),
        });
        return request;
      },
      onResponse(status, body, context) {
        if (status === 202) state.acknowledged.push(context.id);
        else {
          const seen = state.rejected.get(status) ?? { count: 0, example: String(body).slice(0, 300) };
          seen.count++;
          state.rejected.set(status, seen);
        }
      },
    },
  ];
  return state;
}

/** One autocannon run; latencies (ms, hrtime resolution) of 2xx answers go into `latencies` when given. */
function fire(url, workload, connections, duration, latencies) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections, pipelining: 1, duration, timeout: 10, requests: workload.requests },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (latencies) {
      instance.on('response', (_client, status, _bytes, ms) => {
        if (status >= 200 && status < 300) latencies.push(ms);
      });
    }
  });
}

async function createSite(url, adminToken) {
  const response = await fetch(`${url}/v1/sites`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Benchmark shop', origins: [ORIGIN] }),
  });
  if (response.status !== 201) throw new Error(`POST /v1/sites answered ${response.status}: ${await response.text()}`);
  return (await response.json()).writeKey;
}

const count202 = (result) => result.statusCodeStats?.['202']?.count ?? 0;

/** The collector's answers must be durable: every 202 is a row, and every row was sent by us. */
function verifyStorage(dbPath, workload, seen202) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  let rows, ids;
  try {
    rows = db.prepare('SELECT count(*) FROM responses').pluck().get();
    ids = new Set(db.prepare('SELECT id FROM responses').pluck().all());
  } finally {
    db.close();
  }
  const acknowledged = new Set(workload.acknowledged);
  const sent = new Set(workload.sent);
  const missing = workload.acknowledged.filter((id) => !ids.has(id)).length;
  let unexpected = 0;
  let inFlightStored = 0; // sent, stored, but autocannon had closed the socket before the 202 arrived
  for (const id of ids) {
    if (!sent.has(id)) unexpected++;
    else if (!acknowledged.has(id)) inFlightStored++;
  }
  const ok =
    missing === 0 &&
    unexpected === 0 &&
    seen202 === workload.acknowledged.length &&
    rows === seen202 + inFlightStored &&
    inFlightStored <= workload.sent.length - workload.acknowledged.length;
  return { rows, seen202, missing, unexpected, inFlightStored, ok };
}

async function measureOnce({ target, connections, round, rounds, options, profileDir }) {
  const label = profileDir
    ? `collector profile run (${connections} connections, not counted)`
    : `${target} run ${round}/${rounds} (${connections} connections)`;
  const adminToken = randomBytes(16).toString('hex');
  let dataDir, dbPath, server, key;
  if (target === 'baseline') {
    server = await startServer({ label: 'baseline server', args: [BASELINE_SERVER, '--port', '0'] });
    key = 'pk_baseline';
  } else if (target === 'framework') {
    server = await startServer({ label: 'framework server', args: [options.frameworkServer] });
    key = 'pk_framework';
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'touchpoint-bench-'));
    dbPath = join(dataDir, 'touchpoint.db');
    server = await startServer({
      label: 'collector',
      args: [COLLECTOR_CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--db', dbPath, '--quiet'],
      env: { TOUCHPOINT_ADMIN_TOKEN: adminToken, TOUCHPOINT_RATE_LIMIT: '0' },
      nodeOptions: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
    });
    key = await createSite(server.url, adminToken);
  }
  try {
    const workload = createWorkload(key, options.uuidv7, options.commentEvery);
    progress(`${label}: ${server.url}, warm-up ${options.warmup} s …`);
    const warm = await fire(server.url, workload, connections, options.warmup, null);

    progress(`${label}: measuring ${options.duration} s …`);
    const latencies = new Samples();
    const serverCpuBefore = processCpuSeconds(server.pid);
    const mainCpuBefore = mainThreadCpuSeconds(server.pid);
    const generatorCpuBefore = process.cpuUsage();
    const started = performance.now();
    const result = await fire(server.url, workload, connections, options.duration, latencies);
    const wallSeconds = (performance.now() - started) / 1000;
    const serverCpuAfter = processCpuSeconds(server.pid);
    const mainCpuAfter = mainThreadCpuSeconds(server.pid);
    const generatorCpu = process.cpuUsage(generatorCpuBefore);

    const exitCode = await server.stop();
    const percentile = latencies.percentiles();
    const run = {
      target,
      connections,
      round,
      rps: result.requests.average,
      p50: percentile(50),
      p99: percentile(99),
      ok2xx: result['2xx'],
      non2xx: warm.non2xx + result.non2xx,
      errors: warm.errors + result.errors,
      timeouts: warm.timeouts + result.timeouts,
      serverCpu: serverCpuBefore === null ? NaN : (serverCpuAfter - serverCpuBefore) / wallSeconds,
      // CPU time per answer: steadier than req/s when other processes take turns on the cores
      serverCpuPerRequest:
        serverCpuBefore === null ? NaN : (serverCpuAfter - serverCpuBefore) / (result['2xx'] + result.non2xx),
      // The event loop's share: the thread that saturates first (the collector's others checkpoint and fsync)
      mainCpuPerRequest:
        mainCpuBefore === null ? NaN : (mainCpuAfter - mainCpuBefore) / (result['2xx'] + result.non2xx),
      generatorCpu: (generatorCpu.user + generatorCpu.system) / 1e6 / wallSeconds,
      exitCode,
      rejected: workload.rejected,
    };
    let note = '';
    if (target === 'collector') {
      run.storage = verifyStorage(dbPath, workload, count202(warm) + count202(result));
      const s = run.storage;
      note =
        `\n    202s seen by autocannon ${formatInt(s.seen202)} (warm-up + measured), rows in SQLite ${formatInt(s.rows)}` +
        (s.inFlightStored ? ` (= 202s + ${s.inFlightStored} in flight when autocannon closed its sockets)` : '') +
        `, acknowledged but missing ${s.missing}, unknown rows ${s.unexpected}` +
        ` → ${s.ok ? 'OK' : 'MISMATCH'}`;
    }
    const problems = [];
    if (run.non2xx) problems.push(`${run.non2xx} non-2xx`);
    if (run.errors) problems.push(`${run.errors} errors (${run.timeouts} timeouts)`);
    if (exitCode !== 0) problems.push(`server exited with ${exitCode}`);
    for (const [status, { count, example }] of workload.rejected) problems.push(`${count}× ${status}: ${example}`);
    run.ok = problems.length === 0 && (run.storage?.ok ?? true);
    progress(
      `${label}: ${formatInt(run.rps)} req/s, p50 ${formatMs(run.p50)} ms, p99 ${formatMs(run.p99)} ms, ` +
        `server CPU ${Math.round(run.serverCpu * 100)}% (${formatInt(run.serverCpuPerRequest * 1e6)} µs/request, ` +
        `${formatInt(run.mainCpuPerRequest * 1e6)} on the main thread), ` +
        `autocannon CPU ${Math.round(run.generatorCpu * 100)}%, load average ${loadavg()[0].toFixed(1)}` +
        (problems.length ? `\n    FLAG: ${problems.join('; ')}` : '') +
        note,
    );
    if (!run.ok && target === 'collector') progress(`${label}: collector output:\n${server.output()}`);
    return run;
  } finally {
    await server.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

function summarize(runs, connectionCounts) {
  const rows = [];
  const verdicts = [];
  let targetsMet = true;
  for (const connections of connectionCounts) {
    const of = (target) => runs.filter((run) => run.target === target && run.connections === connections);
    const stats = {};
    for (const target of TARGET_NAMES) {
      const mine = of(target);
      stats[target] = {
        rps: median(mine.map((run) => run.rps)),
        p50: median(mine.map((run) => run.p50)),
        p99: median(mine.map((run) => run.p99)),
        non2xx: mine.reduce((sum, run) => sum + run.non2xx + run.errors, 0),
        serverCpu: median(mine.map((run) => run.serverCpu)),
        serverCpuPerRequest: median(mine.map((run) => run.serverCpuPerRequest)),
        mainCpuPerRequest: median(mine.map((run) => run.mainCpuPerRequest)),
        generatorCpu: median(mine.map((run) => run.generatorCpu)),
        each: mine.map((run) => formatInt(run.rps)).join(' / '),
      };
      rows.push([
        connections,
        target,
        formatInt(stats[target].rps),
        formatMs(stats[target].p50),
        formatMs(stats[target].p99),
        stats[target].non2xx,
        `${Math.round(stats[target].serverCpu * 100)}%`,
        formatInt(stats[target].serverCpuPerRequest * 1e6),
        formatInt(stats[target].mainCpuPerRequest * 1e6),
        `${Math.round(stats[target].generatorCpu * 100)}%`,
        stats[target].each,
      ]);
    }
    const ratio = stats.collector.rps / stats.baseline.rps;
    const perRound = of('collector').map((run, index) => (run.rps / of('baseline')[index].rps).toFixed(2));
    const targeted = connections === TARGETS.connections;
    const ratioOk = ratio >= TARGETS.minRatio;
    const p99Ok = stats.collector.p99 <= TARGETS.maxP99Ms;
    const cpuRatio = stats.collector.serverCpuPerRequest / stats.baseline.serverCpuPerRequest;
    const frameworkRatio = stats.framework.rps / stats.baseline.rps;
    verdicts.push(
      `${connections} connections: framework/baseline req/s = ${frameworkRatio.toFixed(2)} (Hono + zod alone, nothing stored)`,
      `${connections} connections: collector/baseline server CPU per request = ${cpuRatio.toFixed(1)}×`,
      `${connections} connections: collector/baseline req/s = ${ratio.toFixed(2)} (per round ${perRound.join(', ')})` +
        (targeted ? ` — target ≥ ${TARGETS.minRatio}: ${ratioOk ? 'MET' : 'MISSED'}` : ''),
      `${connections} connections: collector p99 = ${formatMs(stats.collector.p99)} ms` +
        (targeted ? ` — target ≤ ${TARGETS.maxP99Ms} ms: ${p99Ok ? 'MET' : 'MISSED'}` : ''),
    );
    // With autocannon on the same CPUs, the bare server is often held back by the generator, not
    // by its own work: then the ratio's denominator is the generator's ceiling (BENCHMARKS.md).
    if (stats.baseline.generatorCpu >= GENERATOR_BOUND) {
      verdicts.push(
        `${connections} connections: baseline limited by the load generator (autocannon ` +
          `${Math.round(stats.baseline.generatorCpu * 100)}% of a core), not by node:http`,
      );
    }
    if (targeted && !(ratioOk && p99Ok)) targetsMet = false;
  }
  return { rows, verdicts, targetsMet };
}

/** Runs the ingest benchmark; resolves to the process exit code (0 = correct, and targets met under --strict). */
export async function run(argv = []) {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    options: {
      connections: { type: 'string', default: '50,10' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      rounds: { type: 'string', default: '2' },
      'comment-every': { type: 'string', default: '1' },
      profile: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
    },
  });
  const options = {
    connections: String(values.connections).split(',').map(Number),
    duration: Number(values.duration),
    warmup: Number(values.warmup),
    rounds: Number(values.rounds),
    commentEvery: Number(values['comment-every']),
  };
  progress(
    `${availableParallelism()} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${buildDescription()}, ` +
      `load average ${loadavg()[0].toFixed(1)}`,
  );
  progress(
    `POST /v1/responses, one NPS answer per request (${options.commentEvery === 1 ? 'each' : `one in ${options.commentEvery}`} with a comment), pipelining 1, connections ${options.connections.join(' and ')}, ` +
      `${options.warmup} s warm-up + ${options.duration} s per run, ${options.rounds} rounds of ${TARGET_NAMES.join('/')}`,
  );

  ({ uuidv7: options.uuidv7 } = await import(
    pathToFileURL(await bundleTypeScript('packages/core/src/uuid.ts', 'uuid', [])).href
  ));
  options.frameworkServer = await bundleTypeScript('test/bench/framework-server.ts', 'framework-server', [
    'hono',
    '@hono/node-server',
    'zod',
  ]);
  const runs = [];
  for (const connections of options.connections) {
    for (let round = 1; round <= options.rounds; round++) {
      for (const target of TARGET_NAMES) {
        runs.push(await measureOnce({ target, connections, round, rounds: options.rounds, options }));
        await sleep(1000); // let the previous process's exit and disk writes settle
      }
    }
  }

  const { rows, verdicts, targetsMet } = summarize(runs, options.connections);
  process.stdout.write(
    `\nIngest — POST /v1/responses, one NPS answer per request, pipelining 1; median of ${options.rounds} runs ` +
      `(${options.duration} s each after ${options.warmup} s warm-up); latency of 2xx answers\n\n` +
      table(
        [
          'connections',
          'target',
          'req/s',
          'p50 ms',
          'p99 ms',
          'non-2xx',
          'server CPU',
          'server µs/req',
          'main thread µs/req',
          'autocannon CPU',
          'req/s per run',
        ],
        rows,
      ) +
      '\n\n' +
      verdicts.join('\n') +
      '\n',
  );
  const storageLines = runs
    .filter((run) => run.storage)
    .map(
      (run) =>
        `collector run ${run.round}/${options.rounds} (${run.connections} connections): ` +
        `202s seen ${formatInt(run.storage.seen202)}, rows in SQLite ${formatInt(run.storage.rows)}` +
        (run.storage.inFlightStored ? ` (+${run.storage.inFlightStored} answered after autocannon stopped)` : '') +
        `, non-2xx ${run.non2xx} → ${run.ok ? 'OK' : 'FAILED'}`,
    );
  process.stdout.write(`\nDurability check (SQLite file opened read-only after the collector stopped):\n`);
  process.stdout.write(storageLines.map((line) => `  ${line}\n`).join(''));

  if (values.profile) {
    const profileDir = mkdtempSync(join(tmpdir(), 'touchpoint-bench-profile-'));
    await measureOnce({
      target: 'collector',
      connections: options.connections[0],
      round: 1,
      rounds: 1,
      options,
      profileDir,
    });
    const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
    if (file) {
      const { total, top, modules } = summarizeCpuProfile(join(profileDir, file), 10);
      process.stdout.write(
        `\nCollector CPU profile, top self time (${formatInt(total)} ms of sampled main-thread time, idle excluded, warm-up included;\n` +
          `a native call's blocking time, such as an fsync inside better-sqlite3, counts as its self time): ` +
          `${join(profileDir, file)}\n\n` +
          table(
            ['self ms', 'share', 'function', 'where'],
            top.map((entry) => [formatInt(entry.ms), `${(entry.share * 100).toFixed(1)}%`, entry.name, entry.where]),
          ) +
          '\n\nBy module:\n\n' +
          table(
            ['self ms', 'share', 'module'],
            modules
              .slice(0, 10)
              .map((entry) => [formatInt(entry.ms), `${(entry.share * 100).toFixed(1)}%`, entry.module]),
          ) +
          '\n',
      );
    } else progress(`no .cpuprofile was written to ${profileDir}`);
  }

  const correct = runs.every((run) => run.ok);
  process.stdout.write(
    `\ningest: ${correct ? 'every answer accounted for' : 'CORRECTNESS FAILURE (see FLAG lines above)'}; ` +
      (options.connections.includes(TARGETS.connections)
        ? `targets ${targetsMet ? 'met' : 'missed'}\n`
        : `targets not evaluated (they apply at ${TARGETS.connections} connections)\n`),
  );
  return !correct || (values.strict && !targetsMet) ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  run(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
