import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { CreatedSite } from '@touchpoint/core/types';
import * as schemas from '../../collector/src/openapi/response-schemas.ts';
import { ADMIN_TOKEN, ApiClient } from '../support/api-client.ts';
import { startCollector, type CollectorProcess } from '../support/collector-process.ts';
import { contactAnswer, makeAnswer } from '../support/fixtures.ts';

// Real bodies from the running collector must match the schemas /openapi.json publishes.
let collector: CollectorProcess;
let api: ApiClient;
let site: CreatedSite;

const secret = () => ({ headers: { Authorization: `Bearer ${site.secretKey}` } });

async function expectBody(response: Response, status: number, schema: z.ZodType) {
  expect(response.status).toBe(status);
  const result = schema.safeParse(await response.json());
  expect(result.success ? [] : result.error.issues).toEqual([]);
}

beforeAll(async () => {
  collector = await startCollector({ env: { TOUCHPOINT_ADMIN_TOKEN: ADMIN_TOKEN }, args: ['--quiet'] });
  api = new ApiClient(collector.url);
  site = await api.createSite();
});

afterAll(async () => {
  await collector?.stop();
});

describe('responses match the published schemas', () => {
  it('serves the document', async () => {
    const response = await api.request('/openapi.json');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('for every route', async () => {
    await expectBody(
      await api.request('/v1/sites', {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({ name: 'Shop' }),
      }),
      201,
      schemas.createdSiteSchema,
    );
    await expectBody(
      await api.postResponses({
        key: site.writeKey,
        responses: [contactAnswer(site, 'crm-1', { comment: 'great' }), makeAnswer(site, { metric: 'csat', score: 2 })],
      }),
      202,
      schemas.acceptedSchema,
    );
    await expectBody(await api.request('/v1/site', secret()), 200, schemas.siteSchema);
    await expectBody(await api.request('/v1/responses', secret()), 200, schemas.responsePageSchema);
    await expectBody(await api.request('/v1/contacts/crm-1', secret()), 200, schemas.contactSummarySchema);
    await expectBody(await api.request('/v1/contacts/nobody', secret()), 404, schemas.errorBodySchema);
    for (const query of ['metric=nps', 'metric=csat&interval=week&groupBy=touchpoint', 'metric=ces&groupBy=locale']) {
      await expectBody(await api.request(`/v1/aggregates?${query}`, secret()), 200, schemas.aggregatesResultSchema);
    }
    await expectBody(await api.request('/v1/aggregates?metric=x', secret()), 400, schemas.errorBodySchema);
    await expectBody(await api.request('/v1/health'), 200, schemas.healthSchema);
    await expectBody(
      await api.request('/v1/contacts/crm-1', { ...secret(), method: 'DELETE' }),
      200,
      schemas.contactErasureSchema,
    );
  });
});
