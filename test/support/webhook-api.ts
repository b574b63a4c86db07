import { expect } from 'vitest';
import type { CreatedSite } from '@touchpoint/core/types';
import type { ApiClient } from './api-client.ts';

/** `init` with the site's secret key and a JSON content type. */
export function withSecret(site: CreatedSite, init: RequestInit = {}): RequestInit {
  return {
    ...init,
    headers: { Authorization: `Bearer ${site.secretKey}`, 'Content-Type': 'application/json', ...init.headers },
  };
}

/** Registers an endpoint and returns it with its signing secret (shown only here). */
export async function registerWebhook(
  api: ApiClient,
  site: CreatedSite,
  url: string,
  events: string[],
  extra: Record<string, unknown> = {},
) {
  const response = await api.request(
    '/v1/webhooks',
    withSecret(site, { method: 'POST', body: JSON.stringify({ url, events, ...extra }) }),
  );
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { id: string; secret: string; url: string; events: string[] };
}

/** The endpoint's delivery log, newest first. */
export async function listDeliveries(api: ApiClient, site: CreatedSite, endpointId: string) {
  const response = await api.request(`/v1/webhooks/${endpointId}/deliveries`, withSecret(site));
  return ((await response.json()) as { data: Array<{ id: string; event: string; status: string; attempts: number }> })
    .data;
}
