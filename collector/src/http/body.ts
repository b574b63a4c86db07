import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { LIMITS } from '@touchpoint/core';
import { ApiError, validationError } from './errors.ts';

const tooLarge = () =>
  new ApiError(413, 'body_too_large', `The request body must be at most ${LIMITS.bodyBytes} bytes.`);

/** Counts bytes as they stream in: for bodies that do not announce their length. */
const streamingLimit = bodyLimit({
  maxSize: LIMITS.bodyBytes,
  onError: () => {
    throw tooLarge();
  },
});

/**
 * Refuses bodies over 64 KB with a 413 before reading them. A body that
 * announces its length is judged by Content-Length alone: wrapping every
 * body in a counting stream cost the Node adapter a full Web Request per
 * call, about half of an answer's CPU. Only chunked bodies are counted.
 */
export const limitBody: MiddlewareHandler = async (c, next) => {
  const length = c.req.header('content-length');
  if (length === undefined) return streamingLimit(c, next);
  if (!/^\d+$/.test(length) || Number(length) > LIMITS.bodyBytes) throw tooLarge();
  await next();
};

/**
 * Parses the body as JSON whatever its Content-Type: the widget sends
 * `text/plain` so that cross-origin posts and sendBeacon need no preflight.
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new ApiError(400, 'invalid_json', 'The request body is empty; send a JSON object.');
  return parseBody(text);
}

/** Like readJson, but an empty body reads as `{}`: for actions whose options are all optional. */
export async function readOptionalJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  return text.trim() === '' ? {} : parseBody(text);
}

function parseBody(text: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, 'invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
  checkStructure(body);
  return body;
}

/** No accepted body nests deeper than a batch → response → metadata → value. */
const MAX_DEPTH = 16;

/**
 * JSON.parse keeps "__proto__" as an own key, which validators then drop
 * silently: refuse it by name instead, wherever it is nested. Iterative, so a
 * body of 20 000 nested arrays cannot exhaust the stack.
 */
function checkStructure(body: unknown): void {
  const pending: Array<{ value: unknown; path: Array<string | number> }> = [{ value: body, path: [] }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue; // a body that is a bare scalar
    if (path.length >= MAX_DEPTH) {
      throw validationError('body', [{ path: path.join('.'), message: `nests deeper than ${MAX_DEPTH} levels` }]);
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === '__proto__')
        throw validationError('body', [{ path: [...path, key].join('.'), message: 'is a reserved key' }]);
      // Only objects and arrays have keys to check: an answer's scalars need no path of their own.
      if (typeof child === 'object' && child !== null) pending.push({ value: child, path: [...path, key] });
    }
  }
}
