import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiErrorBody } from '@touchpoint/core/types';
import type { z } from 'zod';

export type FieldIssue = { path: string; message: string };

/** An error the client caused or may act on; rendered as `{"error": {code, message, issues?}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues?: FieldIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}

/** Field paths in dotted form (`contact.id`, `responses.3.score`); an unknown key is named itself. */
export function fieldIssues(error: z.ZodError, prefix: Array<string | number> = []): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment))];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'is not a known field' }));
    }
    return [{ path: path.join('.'), message: issue.message }];
  });
}

/** A 400 whose message names every bad field, e.g. `score: must be an integer from 0 to 10 for nps`. */
export function validationError(what: string, issues: FieldIssue[]): ApiError {
  const summary = issues.map((issue) => `${issue.path || '(body)'}: ${issue.message}`).join('; ');
  return new ApiError(400, 'invalid_request', `Invalid ${what}: ${summary}`, issues);
}
