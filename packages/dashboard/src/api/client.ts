import type { ApiErrorBody } from '@touchpoint/core/types';

/** A request that did not succeed, with a message meant for people. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
  accept?: string;
  /** Statuses handed back as responses instead of thrown, e.g. a 404 that means "not there". */
  allow?: number[];
}

export interface Api {
  /** GETs a same-origin path with the secret key and returns the parsed JSON body. */
  json<T>(path: string, options?: RequestOptions): Promise<T>;
  /** GETs a same-origin path with the secret key; throws an ApiFailure for an error status not in `allow`. */
  get(path: string, options?: RequestOptions): Promise<Response>;
}

/**
 * The public API on this origin, authorised with the secret key in a header —
 * never in a URL, where logs and browser history would keep it.
 * @param onRejected called on a 401: the key was rotated or the session is stale
 */
export function createApi(secretKey: string, onRejected: () => void): Api {
  async function get(path: string, { signal, accept = 'application/json', allow = [] }: RequestOptions = {}) {
    let response: Response;
    try {
      response = await fetch(path, {
        headers: { Authorization: `Bearer ${secretKey}`, Accept: accept },
        cache: 'no-store',
        credentials: 'omit',
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiFailure(
        0,
        'network',
        'Could not reach the collector. Check your connection and that the collector is running, then try again.',
      );
    }
    if (response.ok || allow.includes(response.status)) return response;
    const failure = await failureOf(response);
    if (response.status === 401) onRejected();
    throw failure;
  }
  return {
    get,
    async json<T>(path: string, options?: RequestOptions): Promise<T> {
      const response = await get(path, options);
      try {
        return (await response.json()) as T;
      } catch {
        throw new ApiFailure(response.status, 'bad_body', 'The collector sent an answer the dashboard cannot read.');
      }
    },
  };
}

async function errorBody(response: Response): Promise<ApiErrorBody['error'] | null> {
  try {
    const body = (await response.json()) as Partial<ApiErrorBody>;
    return typeof body.error?.message === 'string' ? body.error : null;
  } catch {
    return null;
  }
}

/** Turns an error status into words: what happened and what to do about it. */
export async function failureOf(response: Response): Promise<ApiFailure> {
  const { status } = response;
  const body = await errorBody(response);
  const code = body?.code ?? `http_${status}`;
  if (status === 401) {
    return new ApiFailure(status, code, 'The collector did not accept this secret key.');
  }
  if (status === 429) {
    const wait = Number(response.headers.get('Retry-After'));
    const when = Number.isFinite(wait) && wait > 0 ? `in ${Math.ceil(wait)} seconds` : 'in a minute';
    return new ApiFailure(status, code, `Too many requests for now. Try again ${when}.`);
  }
  if (status >= 500) {
    return new ApiFailure(status, code, `The collector had a problem (HTTP ${status}). Try again in a moment.`);
  }
  const detail = body?.issues?.length
    ? ` (${body.issues.map((issue) => `${issue.path || '(body)'} ${issue.message}`).join('; ')})`
    : '';
  const message = body ? `${body.message}${detail}` : `The collector answered HTTP ${status}.`;
  return new ApiFailure(status, code, status === 400 ? `The collector refused the request: ${message}` : message);
}

/** Any thrown value as one sentence for the page. */
export function describeError(error: unknown): string {
  if (error instanceof ApiFailure) return error.message;
  return 'Something went wrong in the dashboard. Reload the page and try again.';
}
