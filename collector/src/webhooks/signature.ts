// Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over
// "{webhook-id}.{webhook-timestamp}.{body}" with the base64 key after "whsec_",
// sent as "v1,<base64>"; several space-separated while a rotated secret overlaps.

import type { WebhookEndpointRecord } from '../store/webhook-types.ts';

const encoder = new TextEncoder();

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function secretBytes(secret: string): Uint8Array<ArrayBuffer> {
  const binary = atob(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** A new endpoint secret: `whsec_` + base64 of 24 random bytes (192 bits; the spec asks for 24–64 bytes). */
export function newWebhookSecret(): string {
  return `whsec_${base64(crypto.getRandomValues(new Uint8Array(24)))}`;
}

export async function signPayload(secret: string, id: string, timestampSeconds: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', secretBytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${id}.${timestampSeconds}.${body}`));
  return `v1,${base64(new Uint8Array(mac))}`;
}

/** The three Standard Webhooks headers of one attempt, signed by every secret in `secrets`. */
export async function webhookHeaders(
  secrets: string[],
  id: string,
  timestampSeconds: number,
  body: string,
): Promise<Record<string, string>> {
  const signatures = await Promise.all(secrets.map((secret) => signPayload(secret, id, timestampSeconds, body)));
  return {
    'content-type': 'application/json',
    'user-agent': 'Touchpoint-Webhooks/1.0',
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signatures.join(' '),
  };
}

/** Whether the secret before the last rotation still signs: its overlap has not run out. */
export function previousSecretSigns(endpoint: WebhookEndpointRecord, now: number): boolean {
  return (
    endpoint.previousSecret !== null &&
    endpoint.previousSecretExpiresAt !== null &&
    endpoint.previousSecretExpiresAt > now
  );
}

/** Secrets that sign now: the current one, and the previous one while its overlap lasts. */
export function signingSecrets(endpoint: WebhookEndpointRecord, now: number): string[] {
  return previousSecretSigns(endpoint, now) ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}
