import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { startCollector, type CollectorProcess } from '../support/collector-process.ts';

let collector: CollectorProcess;
let api: ApiClient;

beforeAll(async () => {
  collector = await startCollector({ env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN }, args: ['--quiet'] });
  api = new ApiClient(collector.url);
});

afterAll(async () => {
  await collector?.stop();
});

const post = (body: unknown, token = ADMIN_TOKEN) =>
  api.request('/v1/sites', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

describe('POST /v1/sites', () => {
  it('creates a site with its three credentials', async () => {
    const response = await post({ name: 'Shop', origins: ['https://shop.example'] });
    expect(response.status).toBe(201);
    const site = (await response.json()) as Record<string, string>;
    expect(site.writeKey).toMatch(/^pk_[\w-]{20,}$/);
    expect(site.secretKey).toMatch(/^sk_[\w-]{40,}$/);
    expect(site.identitySecret).toMatch(/^[0-9a-f]{64}$/);
  });

  it('needs the admin token', async () => {
    expect((await post({ name: 'Shop' }, 'wrong')).status).toBe(401);
    expect((await api.request('/v1/sites', { method: 'POST', body: '{"name":"x"}' })).status).toBe(401);
  });

  it('names the bad field', async () => {
    const response = await post({ name: '', origins: ['https://shop.example/path'] });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { issues: Array<{ path: string }> } };
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['name', 'origins.0']);
  });

  it('names an origin that is no URL at all, rather than failing on it', async () => {
    for (const origin of ['foo', '', 'https://', 'http//shop.example', 'javascript:alert(1)', 42, null]) {
      const response = await post({ name: 'Shop', origins: [origin] });
      expect(response.status, JSON.stringify(origin)).toBe(400);
      const { error } = (await response.json()) as { error: { issues: Array<{ path: string }> } };
      expect(error.issues.map((issue) => issue.path)).toContain('origins.0');
    }
  });
});

describe('public routes', () => {
  it('reports health', async () => {
    const response = await api.request('/v1/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves the built widget', async () => {
    const response = await api.request('/widget.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('javascript');
    expect((await response.text()).length).toBeGreaterThan(1000);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await api.request('/v1/nope');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('without an admin token', () => {
  it('turns the admin API off with a clear message', async () => {
    const bare = await startCollector({ args: ['--quiet'] });
    try {
      const response = await fetch(`${bare.url}/v1/sites`, { method: 'POST', body: '{"name":"x"}' });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
        'TOUCHPOINT_ADMIN_TOKEN',
      );
    } finally {
      await bare.stop();
    }
  });
});
