import type { Context } from 'hono';
import { LIMITS } from '@touchpoint/core';
import { ApiError, validationError } from './errors.ts';

const tooLarge = () =>
  new ApiError(413, 'body_too_large', `The request body must be at most ${LIMITS.bodyBytes} bytes.`);

/**
 * The body as text, refused with a 413 past 64 KB. One that announces its length is
 * judged by Content-Length before a byte is read (the HTTP parsers of Node and Workers
 * hold a body to the length it announced): wrapping every body in a counting stream
 * cost the Node adapter a full Web Request per call, about half of an answer's CPU.
 * Only a chunked body is counted as it streams in.
 */
async function readLimitedText(c: Context): Promise<string> {
  const length = c.req.header('content-length');
  if (length !== undefined) {
    if (!/^\d+$/.test(length) || Number(length) > LIMITS.bodyBytes) throw tooLarge();
    return c.req.text();
  }
  const body = c.req.raw.body;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    // Not cancelled: the runtime reads and drops the rest, so the connection stays usable (worker-body.ts).
    if (size > LIMITS.bodyBytes) throw tooLarge();
    chunks.push(chunk.value as Uint8Array<ArrayBuffer>); // a request body is never shared memory
  }
  // Decoded as Request.text() decodes: UTF-8, a leading BOM dropped, bad bytes replaced.
  return new Blob(chunks).text();
}

/**
 * Parses the body as JSON whatever its Content-Type: the widget sends
 * `text/plain` so that cross-origin posts and sendBeacon need no preflight.
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await readLimitedText(c);
  if (text.trim() === '')
    throw new ApiError(400, 'invalid_json', 'The request body is empty; send a JSON object.', [
      { path: '', message: 'is empty' },
    ]);
  return parseBody(text);
}

/** Like readJson, but an empty body reads as `{}`: for actions whose options are all optional. */
export async function readOptionalJson(c: Context): Promise<unknown> {
  const text = await readLimitedText(c);
  return text.trim() === '' ? {} : parseBody(text);
}

function parseBody(text: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const reason = `is not valid JSON: ${(error as Error).message}`;
    // Path '' is the body itself, as in validation errors.
    throw new ApiError(400, 'invalid_json', `The request body ${reason}`, [{ path: '', message: reason }]);
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
