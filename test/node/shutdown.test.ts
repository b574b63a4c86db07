// Shutdown of the Node collector with a request in flight: it is answered (after its commit),
// its connection is closed once it is, though the client asked to keep it alive, and the
// process exits without waiting for the client to hang up (Node alone would wait for the
// keep-alive timeout, 5 s).
// A second signal exits at once. Driven over a raw socket, so the request can be held open
// across the signal.
import { connect, type Socket } from 'node:net';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { startCollector, sqliteFileOf, type CollectorProcess } from '../support/collector-process.ts';
import { makeAnswer } from '../support/fixtures.ts';

let collector: CollectorProcess | undefined;

afterEach(async () => {
  await collector?.stop('SIGKILL');
  collector = undefined;
});

/** Sends the head of a POST /v1/responses and the first half of its body; the rest is up to the caller. */
async function halfSentAnswer(
  url: string,
  body: string,
): Promise<{ socket: Socket; rest: string; reply: Promise<string>; lingeredMs: () => number }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const half = Math.floor(body.length / 2);
  socket.write(
    `POST /v1/responses HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: keep-alive\r\n` +
      `Content-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
  );
  let received = '';
  let answeredAt = 0;
  let closedAt = 0;
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    answeredAt ||= performance.now();
    received += chunk;
  });
  // Resolves with everything the server sent once it has closed the connection.
  const reply = new Promise<string>((resolve) =>
    socket.once('close', () => {
      closedAt = performance.now();
      resolve(received);
    }),
  );
  return { socket, rest: body.slice(half), reply, lingeredMs: () => closedAt - answeredAt };
}

async function until(condition: () => boolean): Promise<void> {
  await expect.poll(condition, { timeout: 10_000, interval: 20 }).toBe(true);
}

describe('shutdown with a request in flight', () => {
  it('answers it after its commit, closes its connection at once and exits', async () => {
    collector = await startCollector({ env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN }, args: ['--quiet'] });
    const site = await new ApiClient(collector.url).createSite('Shop', []);
    const answer = makeAnswer(site, { touchpoint: 'shutdown' });
    const { socket, rest, reply, lingeredMs } = await halfSentAnswer(collector.url, JSON.stringify(answer));
    const exited = collector.stop('SIGTERM');
    await until(() => collector!.output().includes('SIGTERM: finishing'));
    socket.write(rest);
    const [head] = (await reply).split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 202 /);
    // Closed by the shutdown's sweep (every 50 ms), not by the keep-alive timeout of 5 s.
    expect(lingeredMs()).toBeLessThan(2500);
    expect(await exited).toBe(0);
    const db = new Database(sqliteFileOf(collector), { readonly: true });
    try {
      expect(db.prepare('SELECT touchpoint FROM responses WHERE id = ?').pluck().get(answer.id)).toBe('shutdown');
    } finally {
      db.close();
    }
  });

  it('exits at once on a second signal, without waiting for it', async () => {
    collector = await startCollector({ env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN }, args: ['--quiet'] });
    const site = await new ApiClient(collector.url).createSite('Shop', []);
    const { reply } = await halfSentAnswer(collector.url, JSON.stringify(makeAnswer(site)));
    const exited = collector.stop('SIGTERM');
    await until(() => collector!.output().includes('SIGTERM: finishing'));
    collector.child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(collector.output()).toContain('SIGINT again: exiting without waiting');
    // Never acknowledged: the connection ends without an answer.
    expect(await reply).toBe('');
  });
});
