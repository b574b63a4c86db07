/** At most this much of a half-read request body is read and dropped after the answer. */
const DRAIN_LIMIT_BYTES = 1 << 20;

/**
 * The request with a body the Worker can finish reading after the app has answered. The app
 * stops reading a streamed (chunked) upload once it passes 64 KB (413). Node's HTTP server
 * then reads and drops the rest; workerd under `wrangler dev` instead breaks the next request
 * on that keep-alive connection ("Your worker restarted mid-request",
 * cloudflare/workers-sdk#15709). So what the app left is read to its end, up to a limit,
 * before the answer goes out.
 */
export function withDrainableBody(request: Request): { request: Request; drain(): Promise<void> } {
  // With a Content-Length the app refuses an oversized body from the header, unread, which is fine.
  if (!request.body || request.headers.has('content-length')) return { request, drain: async () => {} };
  const reader = request.body.getReader();
  let finished = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        controller.close();
      } else {
        controller.enqueue(value);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return {
    // duplex is required for a streamed body (undici in tests; workerd ignores it).
    request: new Request(request, { body, duplex: 'half' } as RequestInit),
    async drain() {
      if (finished) return;
      let dropped = 0;
      try {
        while (dropped <= DRAIN_LIMIT_BYTES) {
          const { done, value } = await reader.read();
          if (done) return;
          dropped += value.byteLength;
        }
        await reader.cancel();
      } catch {
        // The client went away: nothing left to protect.
      }
    },
  };
}
