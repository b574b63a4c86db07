import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { LIMITS } from '@touchpoint/core';
import { ApiError } from './errors.ts';

/** Refuses bodies over 64 KB with a 413 before reading them whole. */
export const limitBody = bodyLimit({
  maxSize: LIMITS.bodyBytes,
  onError: () => {
    throw new ApiError(413, 'body_too_large', `The request body must be at most ${LIMITS.bodyBytes} bytes.`);
  },
});

/**
 * Parses the body as JSON whatever its Content-Type: the widget sends
 * `text/plain` so that cross-origin posts and sendBeacon need no preflight.
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new ApiError(400, 'invalid_json', 'The request body is empty; send a JSON object.');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, 'invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}
