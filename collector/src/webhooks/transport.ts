/** One HTTP attempt of a delivery: the runtime decides how (node:https with checked DNS, or fetch on Workers). */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface WebhookReply {
  status: number;
  retryAfter: string | null;
}

/** Sends one attempt; rejects with a readable Error on network failure, timeout or a refused address. */
export type WebhookTransport = (request: WebhookRequest) => Promise<WebhookReply>;

/** Web-standard transport (Workers): fetch without following redirects; Workers cannot reach private networks. */
export function fetchTransport(fetchImpl: typeof fetch = fetch): WebhookTransport {
  return async ({ url, headers, body, timeoutMs }) => {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Drain the body so the connection can be reused; its content does not matter.
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status, retryAfter: response.headers.get('retry-after') };
  };
}
