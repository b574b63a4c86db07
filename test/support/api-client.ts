import type { CreatedSite } from '@touchpoint/core/types';

export const ADMIN_TOKEN = 'test-admin-token';

/** A thin HTTP client for the public API, so suites read as the contract does. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  request(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(new URL(path, this.baseUrl), init);
  }

  async createSite(name = 'Test shop', origins: string[] = ['https://shop.example']): Promise<CreatedSite> {
    const response = await this.request('/v1/sites', {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, origins }),
    });
    if (response.status !== 201) throw new Error(`createSite: ${response.status} ${await response.text()}`);
    return (await response.json()) as CreatedSite;
  }

  postResponses(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.request('/v1/responses', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async aggregates(secretKey: string, query: Record<string, string>): Promise<Response> {
    return this.request(`/v1/aggregates?${new URLSearchParams(query)}`, {
      headers: { Authorization: `Bearer ${secretKey}` },
    });
  }
}
