import { parseArgs } from 'node:util';
import { siteCreateSchema } from '@touchpoint/core';
import { mountDemo } from './demo-site.ts';
import { fieldIssues } from './http/errors.ts';
import { systemClock } from './http/context.ts';
import { openNodeStore, startNodeServer } from './node.ts';
import { createSite } from './sites.ts';
import { progressReporter } from './progress.ts';
import { generateResponses } from './seed/generate.ts';
import { compactRollups } from './rollup-compaction.ts';
import type { CreatedSite } from '@touchpoint/core';

const HELP = `touchpoint-collector — collects NPS, CSAT and CES feedback and links it to CRM contacts

Usage:
  touchpoint-collector serve [--host 127.0.0.1] [--port 8787] [--db ./data/touchpoint.db] [--demo] [--quiet]
  touchpoint-collector site create --name "Shop" --origin https://shop.example [--origin …] [--db …]
  touchpoint-collector migrate [--db …]
  touchpoint-collector seed --responses 1000000 [--touchpoints 50] [--days 365] [--contacts 300] [--db …]
  touchpoint-collector rollups rebuild [--db …]
  touchpoint-collector --help | --version

Commands:
  serve         Serve the HTTP API, /widget.js and (with --demo) the demo shop.
  site create   Create a site offline and print its keys as JSON (the secret key is shown only once).
  migrate       Apply pending database migrations and exit (serve also does this on start).
  seed          Create a site filled with realistic synthetic answers (for demos and benchmarks).
  rollups rebuild  Recompute the aggregate rollups from the raw answers.

Options:
  --host    Address to listen on (env HOST, default 127.0.0.1)
  --port    Port to listen on, 0 for any free port (env PORT, default 8787)
  --db      SQLite database file (env TOUCHPOINT_DB, default ./data/touchpoint.db)
  --demo    Also serve the demo shop at / with a demo site created on first start
  --quiet   No access log lines
  --name    Site name (site create)
  --origin  An origin allowed to post from browsers; repeat for several (site create)
  --responses, --touchpoints, --days, --contacts, --seed   Size and shape of a seeded data set

Environment:
  TOUCHPOINT_ADMIN_TOKEN   enables POST /v1/sites with "Authorization: Bearer <token>"
  TOUCHPOINT_RATE_LIMIT    requests a minute per client address (default 600; 0 = off)
  TOUCHPOINT_KEY_RATE_LIMIT   requests a minute per site key (default 10 × TOUCHPOINT_RATE_LIMIT; 0 = off)
  TOUCHPOINT_TRUSTED_PROXIES   proxies in front that append to X-Forwarded-For (default 0): client addresses are read from it
  TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS=1   allow http://127.0.0.1 and localhost webhook URLs (development)
`;

type Values = Record<string, string | boolean | string[] | undefined>;

const VERSION = '0.1.0';

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

/** For commands whose standard output is data (JSON) that a script may parse. */
function logToStderr(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

function fail(message: string): never {
  process.stderr.write(`touchpoint-collector: ${message}\nRun "touchpoint-collector --help" for usage.\n`);
  process.exit(2);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be an integer from 0 to 65535, got "${value}"`);
  return port;
}

/** A whole number ≥ 0 (and ≤ `max`) from the environment variable `name`; undefined when unset. */
function envWholeNumber(name: string, max?: number): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || (max !== undefined && number > max))
    fail(`${name} must be a whole number ${max === undefined ? '≥ 0' : `from 0 to ${max}`}, got "${value}"`);
  return number;
}

function printDemoWelcome(url: string, site: CreatedSite): void {
  log(`demo shop:      ${url}/`);
  log(`dashboard:      ${url}/dashboard (sign in with the secret key below)`);
  log(`demo write key: ${site.writeKey}`);
  log(`demo secret key (for the API and dashboard): ${site.secretKey}`);
  log(`try: curl -H "Authorization: Bearer ${site.secretKey}" "${url}/v1/aggregates?metric=nps&groupBy=touchpoint"`);
}

async function serve(values: Values): Promise<void> {
  const dbPath = String(values.db ?? process.env.TOUCHPOINT_DB ?? './data/touchpoint.db');
  let demoSite: CreatedSite | undefined;
  const server = await startNodeServer({
    host: String(values.host ?? process.env.HOST ?? '127.0.0.1'),
    port: parsePort(String(values.port ?? process.env.PORT ?? '8787')),
    dbPath,
    adminToken: process.env.TOUCHPOINT_ADMIN_TOKEN || undefined,
    log,
    logRequests: !values.quiet,
    rateLimitPerMinute: envWholeNumber('TOUCHPOINT_RATE_LIMIT'),
    keyRateLimitPerMinute: envWholeNumber('TOUCHPOINT_KEY_RATE_LIMIT'),
    trustedProxies: envWholeNumber('TOUCHPOINT_TRUSTED_PROXIES', 10),
    allowPrivateWebhooks: process.env.TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS === '1',
    // Shrinks webhook retry delays for tests (0.001 turns 5 s into 5 ms); never set in production.
    dispatcher: process.env.TOUCHPOINT_WEBHOOK_RETRY_SCALE
      ? { intervalMs: 100, retryScale: Number(process.env.TOUCHPOINT_WEBHOOK_RETRY_SCALE) }
      : undefined,
    extend: values.demo
      ? async (app, store) => {
          demoSite = await mountDemo(app, store, dbPath, log);
        }
      : undefined,
  });
  log(`Touchpoint collector listening on ${server.url} (database ${dbPath})`);
  if (demoSite) printDemoWelcome(server.url, demoSite);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      // Whatever was acknowledged is on disk already: cutting the requests still open loses nothing promised.
      log(`${signal} again: exiting without waiting for the requests in flight`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: finishing in-flight writes and closing the database`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`error while closing: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function createSiteCommand(values: Values): Promise<void> {
  const origins = (values.origin as string[] | undefined) ?? [];
  const parsed = siteCreateSchema.safeParse({ name: values.name, origins });
  if (!parsed.success) {
    fail(
      fieldIssues(parsed.error)
        .map((issue) => `--${issue.path.replace(/s\.\d+$/, '')}: ${issue.message}`)
        .join('; '),
    );
  }
  const store = openNodeStore(dbPathOf(values), () => {});
  const site = await createSite(store, systemClock, parsed.data);
  await store.close();
  process.stdout.write(JSON.stringify(site, null, 2) + '\n');
}

function dbPathOf(values: Values): string {
  return String(values.db ?? process.env.TOUCHPOINT_DB ?? './data/touchpoint.db');
}

function wholeNumber(values: Values, name: string, fallback: number, min = 0): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min)
    fail(`--${name} must be a whole number ≥ ${min}, got "${String(raw)}"`);
  return value;
}

const reportRebuild = progressReporter('rebuilding rollups');

async function seedCommand(values: Values): Promise<void> {
  const responses = wholeNumber(values, 'responses', 10_000, 1);
  const touchpointCount = wholeNumber(values, 'touchpoints', 50, 1);
  const store = openNodeStore(dbPathOf(values), logToStderr);
  // A bulk load: a big page cache and no fsync per batch make seeding ~3× faster. A crash
  // mid-seed can lose seeded rows, never answers already acknowledged: NORMAL, not OFF, still
  // syncs around each checkpoint, which a collector serving this file relies on before its
  // next commit overwrites the WAL those answers were in.
  store.db.pragma('synchronous = NORMAL');
  store.db.pragma('cache_size = -262144');
  const site = await createSite(store, systemClock, { name: String(values.name ?? 'Seeded data'), origins: [] });
  const report = progressReporter(`seeding ${site.id}`);
  let done = 0;
  const seedOptions = {
    siteId: site.id,
    responses,
    touchpoints: Array.from(
      { length: touchpointCount },
      (_, index) => `touchpoint-${String(index + 1).padStart(2, '0')}`,
    ),
    days: wholeNumber(values, 'days', 365, 1),
    end: Date.now(),
    contacts: wholeNumber(values, 'contacts', 300),
    seed: wholeNumber(values, 'seed', 1),
  };
  for (const batch of generateResponses(seedOptions, 20_000)) {
    await store.insertResponses(batch);
    done += batch.length;
    report(done, responses);
  }
  // Seeded days are in the hourly rollups only until they are folded into the daily ones.
  await compactRollups(store, Date.now(), logToStderr);
  await store.close();
  process.stdout.write(JSON.stringify(site, null, 2) + '\n');
}

export async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        host: { type: 'string' },
        port: { type: 'string' },
        db: { type: 'string' },
        demo: { type: 'boolean' },
        quiet: { type: 'boolean' },
        name: { type: 'string' },
        origin: { type: 'string', multiple: true },
        responses: { type: 'string' },
        touchpoints: { type: 'string' },
        days: { type: 'string' },
        contacts: { type: 'string' },
        seed: { type: 'string' },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) return void process.stdout.write(`${VERSION}\n`);
  if (values.help || positionals.length === 0) return void process.stdout.write(HELP);
  const command = positionals.join(' ');
  switch (command) {
    case 'serve':
      return serve(values);
    case 'site create':
      return createSiteCommand(values);
    case 'seed':
      return seedCommand(values);
    case 'rollups rebuild': {
      const store = openNodeStore(dbPathOf(values), log);
      const rows = store.rebuildRollups(({ done, total }) => reportRebuild(done, total));
      await store.close();
      return log(`rebuilt the rollups from ${rows.toLocaleString('en')} answers`);
    }
    case 'migrate': {
      const store = openNodeStore(dbPathOf(values), log);
      await store.close();
      return log('migrations are up to date');
    }
    default:
      fail(`unknown command "${command}"`);
  }
}
