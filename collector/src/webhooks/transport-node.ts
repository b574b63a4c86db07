import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolvedAddressProblem, webhookUrlProblem, type WebhookUrlPolicy } from './address.ts';
import type { WebhookTransport } from './transport.ts';

/**
 * node:http(s) with a DNS lookup that refuses private addresses, checked on
 * the address the socket actually connects to (no DNS-rebinding window).
 * Redirects are not followed: a 3xx is a failed attempt.
 */
export function nodeTransport(policy: WebhookUrlPolicy): WebhookTransport {
  const safeLookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as LookupAddress[];
      const refused = list.map((entry) => resolvedAddressProblem(entry.address, policy)).find(Boolean);
      if (refused) return callback(new Error(`refused: ${hostname} ${refused}`), '', 0);
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };

  return ({ url, headers, body, timeoutMs }) =>
    new Promise<{ status: number; retryAfter: string | null }>((resolve, reject) => {
      const problem = webhookUrlProblem(url, policy);
      if (problem) return reject(new Error(`refused: ${url} ${problem}`));
      const target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          lookup: safeLookup,
          timeout: timeoutMs,
        },
        (response) => {
          response.resume();
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] ?? null }),
          );
          response.on('error', reject);
        },
      );
      // The socket timeout only catches silence; this one bounds the whole attempt.
      const deadline = setTimeout(() => request.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      request.on('timeout', () => request.destroy(new Error(`timed out after ${timeoutMs} ms`)));
      request.on('error', reject);
      request.on('close', () => clearTimeout(deadline));
      request.end(body);
    });
}
