import { existsSync, readFileSync } from 'node:fs';
import type { Server as HttpServer, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { serve, type HttpBindings } from '@hono/node-server';
import type { Hono } from 'hono';
import { lexiconAnalyser } from '@touchpoint/insight';
import { createApp } from './app.ts';
import { clientAddressBehind } from './http/client-address.ts';
import type { AppEnv } from './http/context.ts';
import type { StaticFile } from './routes/public.ts';
import { compactRollups, compactRollupsOrLog } from './rollup-compaction.ts';
import { openSqliteStore, type SqliteStore } from './store/sqlite.ts';
import { isBusy } from './store/sqlite-writer.ts';
import type { Store } from './store/types.ts';
import { startDispatchLoop } from './webhooks/dispatch-loop.ts';
import { createDispatcher, type DispatcherOptions } from './webhooks/dispatcher.ts';
import { nodeTransport } from './webhooks/transport-node.ts';
import { threadedAnalyser } from './threaded-analyser.ts';
import { turnBatchedAnalyser } from './turn-batched-analyser.ts';

/** The repository folders the Node runtime reads at start (same from src/ and from the dist/ bundle). */
export const paths = {
  migrations: fileURLToPath(new URL('../migrations/', import.meta.url)),
  widget: fileURLToPath(new URL('../../widget/dist/widget.js', import.meta.url)),
  /** The store's WAL checkpointer thread, bundled by collector/build.js: found in dist/ from src/ and dist/ alike. */
  checkpointerThread: new URL('../dist/sqlite-checkpointer.js', import.meta.url),
  /** Comment analysis, on a thread of its own (threaded-analyser.ts); bundled the same way. */
  analyserThread: new URL('../dist/analyser-thread.js', import.meta.url),
};

/** Built files served beside the API, by URL path: where they are and what they are. */
const BUILT_FILES: Record<string, [URL, string]> = {
  '/widget-ui.js': [new URL('../../widget/dist/widget-ui.js', import.meta.url), 'text/javascript; charset=utf-8'],
  '/dashboard/index.html': [
    new URL('../../packages/dashboard/dist/index.html', import.meta.url),
    'text/html; charset=utf-8',
  ],
  '/dashboard/dashboard.js': [
    new URL('../../packages/dashboard/dist/dashboard.js', import.meta.url),
    'text/javascript; charset=utf-8',
  ],
  '/dashboard/dashboard.css': [
    new URL('../../packages/dashboard/dist/dashboard.css', import.meta.url),
    'text/css; charset=utf-8',
  ],
};

function readBuiltFiles(): Record<string, StaticFile> {
  const files: Record<string, StaticFile> = {};
  for (const [path, [location, contentType]] of Object.entries(BUILT_FILES)) {
    const file = fileURLToPath(location);
    if (existsSync(file)) files[path] = { body: readFileSync(file, 'utf8'), contentType };
  }
  return files;
}

export interface NodeServerOptions {
  host: string;
  port: number;
  dbPath: string;
  adminToken?: string;
  log: (line: string) => void;
  logRequests: boolean;
  /** Requests a minute per client address; 0 = off. */
  rateLimitPerMinute?: number;
  /** Requests a minute per key; 0 = off. @default 10 × rateLimitPerMinute */
  keyRateLimitPerMinute?: number;
  /** Proxies in front that append to X-Forwarded-For: the client's address is read from it. @default 0 */
  trustedProxies?: number;
  /** Webhooks may go to http://127.0.0.1 and localhost. */
  allowPrivateWebhooks?: boolean;
  /** Tuning for tests: retry timing, thresholds. */
  dispatcher?: DispatcherOptions & { intervalMs?: number };
  /** Mounts extra routes (the demo shop) once the store is open. */
  extend?: (app: Hono<AppEnv>, store: Store) => Promise<void>;
}

export interface RunningServer {
  url: string;
  store: Store;
  close(): Promise<void>;
}

/**
 * @param server flush answers' WAL off the event loop and checkpoint on a thread of its own (the
 *   server); CLI jobs fsync inside each commit and checkpoint as they go.
 */
export function openNodeStore(dbPath: string, log: (line: string) => void, server = false): SqliteStore {
  return openSqliteStore({
    path: dbPath,
    migrationsDirectory: paths.migrations,
    log,
    server: server ? { checkpointer: paths.checkpointerThread } : undefined,
  });
}

/** How long shutdown waits for requests in flight before it closes their connections. */
const SHUTDOWN_GRACE_MS = 10_000;
/** How soon, during shutdown, a connection is closed once its request is answered. */
const SHUTDOWN_SWEEP_MS = 50;

/** Answers with `Connection: close`, so the client sends its next request on a new connection, to a running server. */
function endsConnection(response: ServerResponse): void {
  if (!response.headersSent) response.setHeader('Connection', 'close');
}

/**
 * A stack for faults, one line for a database locked by another process (a seed or a
 * rebuild beside the server): that 503 is expected, and every write meanwhile gets one.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (isBusy(error)) return `${(error as Error & { code: string }).code}: ${error.message}`;
  return error.stack ?? error.message;
}

/** Opens the SQLite store, applies migrations and serves the API on host:port. */
export async function startNodeServer(options: NodeServerOptions): Promise<RunningServer> {
  const store = openNodeStore(options.dbPath, options.log, true);
  // This process is its database's only dispatcher: leases left by a killed predecessor are void.
  await store.releaseLeases();
  const allowPrivate = options.allowPrivateWebhooks ?? false;
  const dispatcher = createDispatcher(
    { store, clock: { now: () => Date.now() }, transport: nodeTransport({ allowPrivate }), log: options.log },
    options.dispatcher,
  );
  await compactRollups(store, Date.now(), options.log);
  // Once an hour is plenty: a day is folded once, after it is over.
  const compaction = setInterval(() => void compactRollupsOrLog(store, Date.now(), options.log), 3_600_000);
  compaction.unref();
  const dispatchLoop = startDispatchLoop(dispatcher, options.log, { intervalMs: options.dispatcher?.intervalMs });
  const widgetJs = existsSync(paths.widget) ? readFileSync(paths.widget, 'utf8') : null;
  if (widgetJs === null) options.log(`warning: ${paths.widget} is missing; run "npm run build" to serve /widget.js`);
  // With one CPU a thread only adds the hand-offs: the comments are analysed between requests instead.
  const analyser =
    availableParallelism() > 1
      ? threadedAnalyser(paths.analyserThread, lexiconAnalyser, options.log)
      : { ...turnBatchedAnalyser(lexiconAnalyser), close: async () => {} };
  const app = createApp({
    store,
    analyser,
    adminToken: options.adminToken,
    assets: { widgetJs, files: readBuiltFiles() },
    logError: (message, error) => options.log(`error: ${message}: ${describeError(error)}`),
    logRequest: options.logRequests ? options.log : undefined,
    rateLimitPerMinute: options.rateLimitPerMinute,
    keyRateLimitPerMinute: options.keyRateLimitPerMinute,
    allowPrivateWebhooks: allowPrivate,
    afterWrite: dispatchLoop.kick,
    clientAddress: (c) =>
      clientAddressBehind(
        options.trustedProxies ?? 0,
        (c.env as HttpBindings | undefined)?.incoming?.socket.remoteAddress,
        c.req.header('x-forwarded-for'),
      ),
  });
  await options.extend?.(app, store);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(started));
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const httpServer = server as HttpServer;
  return {
    url: `http://${host}:${port}`,
    store,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // close() waits for every open connection, and Node keeps a keep-alive one open after its
      // answer. So: idle ones go now, a busy one as soon as it is answered (the sweep), a request
      // that still arrives on one is answered with `Connection: close`, and after the grace
      // period whatever is left is cut: nothing cut was acknowledged. Nothing of this runs per
      // request before shutdown: a listener and a set of responses per request cost ingest 6–8%.
      httpServer.prependListener('request', (_request, response: ServerResponse) => endsConnection(response));
      httpServer.closeIdleConnections();
      const sweep = setInterval(() => httpServer.closeIdleConnections(), SHUTDOWN_SWEEP_MS);
      const cut = setTimeout(() => httpServer.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await closed;
      clearInterval(sweep);
      clearTimeout(cut);
      clearInterval(compaction);
      await dispatchLoop.stop();
      // No request is left to analyse for once the server has closed.
      await analyser.close();
      await store.close();
    },
  };
}
