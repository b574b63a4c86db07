import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpAnalyser } from './http-analyser.ts';
import { lexiconAnalyser } from './lexicon-analyser.ts';

// A stand-in for a model service (e.g. a Workers AI proxy) on 127.0.0.1, one route per behaviour.
type Handler = (body: unknown, request: IncomingMessage, response: ServerResponse) => void;
const routes: Record<string, Handler> = {
  '/ok': (body, request, response) => {
    received.push({ body, authorization: request.headers.authorization, contentType: request.headers['content-type'] });
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify({
        sentiment: { label: 'negative', score: -1.7 },
        terms: ['Courier', 'fence', 42, 'a', 'b', 'c', 'd'],
        language: 'en',
      }),
    );
  },
  '/minimal': (_body, _request, response) => {
    response.end(JSON.stringify({ sentiment: { label: 'positive', score: 0.9 } }));
  },
  '/error': (_body, _request, response) => {
    response.statusCode = 500;
    response.end('{"error":"model overloaded"}');
  },
  '/nonsense': (_body, _request, response) => {
    response.end(JSON.stringify({ sentiment: { label: 'happy', score: 1 } }));
  },
  '/slow': (_body, _request, response) => {
    const timer = setTimeout(() => response.end('{}'), 5_000);
    response.once('close', () => clearTimeout(timer));
  },
};
const received: { body: unknown; authorization: string | undefined; contentType: string | undefined }[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => routes[request.url ?? '']!(raw ? JSON.parse(raw) : null, request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const angry = 'The courier threw my parcel over the fence';

describe('httpAnalyser', () => {
  it('posts {text, locale} with the given headers and returns the service answer, cleaned', async () => {
    const errors: unknown[] = [];
    const analyser = httpAnalyser({
      url: `${base}/ok`,
      headers: { authorization: 'Bearer secret' },
      onError: (error) => errors.push(error),
    });
    expect(analyser.name).toBe(`http:${new URL(base).host}`);
    await expect(analyser.analyse(angry, 'en-GB')).resolves.toEqual({
      sentiment: { label: 'negative', score: -1 }, // clamped into −1…1
      terms: ['courier', 'fence', 'a', 'b', 'c'], // strings only, lower-cased, at most 5
      language: 'en',
    });
    expect(received.at(-1)).toEqual({
      body: { text: angry, locale: 'en-GB' },
      authorization: 'Bearer secret',
      contentType: 'application/json',
    });
    expect(errors).toEqual([]);
  });

  it('fills in terms and language when the service leaves them out', async () => {
    const analyser = httpAnalyser({ url: `${base}/minimal` });
    await expect(analyser.analyse('ส่งไวมาก', null)).resolves.toEqual({
      sentiment: { label: 'positive', score: 0.9 },
      terms: [],
      language: 'th',
    });
  });

  it('falls back to the lexicon when the service answers 500', async () => {
    const errors: unknown[] = [];
    const analyser = httpAnalyser({ url: `${base}/error`, onError: (error) => errors.push(error) });
    await expect(analyser.analyse(angry)).resolves.toEqual(lexiconAnalyser.analyse(angry));
    expect(String(errors[0])).toContain('500');
  });

  it('falls back when the answer is not a CommentInsight', async () => {
    const analyser = httpAnalyser({ url: `${base}/nonsense` });
    await expect(analyser.analyse('not good')).resolves.toMatchObject({ sentiment: { label: 'negative' } });
  });

  it('falls back on timeout, without waiting for the service', async () => {
    const errors: unknown[] = [];
    const analyser = httpAnalyser({ url: `${base}/slow`, timeoutMs: 200, onError: (error) => errors.push(error) });
    const started = performance.now();
    await expect(analyser.analyse('giao hàng nhanh, rất hài lòng')).resolves.toMatchObject({
      sentiment: { label: 'positive' },
      terms: ['giao hàng'],
    });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(errors).toHaveLength(1);
  });

  it('falls back when nothing listens, and uses the fallback it is given', async () => {
    const fixed = {
      name: 'fixed',
      analyse: () => ({ sentiment: { label: 'neutral' as const, score: 0 }, terms: ['x'], language: 'xx' }),
    };
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((resolve) => closed.close(resolve));
    await expect(httpAnalyser({ url, fallback: fixed }).analyse('great')).resolves.toEqual(fixed.analyse());
  });

  it('does not call the service for an empty comment', async () => {
    const before = received.length;
    await expect(httpAnalyser({ url: `${base}/ok` }).analyse('  ')).resolves.toMatchObject({
      sentiment: { label: 'neutral', score: 0 },
      terms: [],
    });
    expect(received.length).toBe(before);
  });

  it('sends through the fetch it is given (a Workers service binding)', async () => {
    const calls: string[] = [];
    const analyser = httpAnalyser({
      url: 'https://insight.internal/analyse',
      fetch: async (input, init) => {
        calls.push(`${init.method} ${input} ${String(init.body)}`);
        return Response.json({ sentiment: { label: 'positive', score: 0.5 }, terms: ['app'], language: 'en' });
      },
    });
    await expect(analyser.analyse('nice app', 'en')).resolves.toMatchObject({ sentiment: { score: 0.5 } });
    expect(calls).toEqual(['POST https://insight.internal/analyse {"text":"nice app","locale":"en"}']);
  });
});
