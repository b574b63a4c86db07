import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { openApiDocument } from './document.ts';

const migrationsDirectory = fileURLToPath(new URL('../../migrations/', import.meta.url));

function appRoutes(): string[] {
  const app = createApp({ store: openSqliteStore({ path: ':memory:', migrationsDirectory }) });
  return [
    ...new Set(
      app.routes
        .filter((route) => route.method !== 'ALL')
        .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
    ),
  ].sort();
}

function documentedRoutes(document: Record<string, unknown>): string[] {
  const paths = document.paths as Record<string, Record<string, unknown>>;
  return Object.entries(paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`))
    .sort();
}

describe('the OpenAPI document', () => {
  it('documents every route the app serves, and no other', () => {
    expect(documentedRoutes(openApiDocument())).toEqual(appRoutes());
  });

  it('is a valid OpenAPI 3.1 document according to an independent validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(openApiDocument());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('resolves every $ref', () => {
    const document = openApiDocument();
    const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (match) => match[1]!,
    );
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(schemas, ref).toHaveProperty(ref);
  });

  it('takes the request schemas from the validators the routes use', () => {
    const document = openApiDocument() as { paths: Record<string, Record<string, any>> };
    const post = document.paths['/v1/responses']!.post;
    const single = post.requestBody.content['application/json'].schema.anyOf[0];
    expect(single.required).toEqual(['touchpoint', 'metric', 'score']);
    expect(single.properties.comment.maxLength).toBe(2000);
    const aggregates = document.paths['/v1/aggregates']!.get;
    expect(aggregates.parameters.find((parameter: { name: string }) => parameter.name === 'metric')).toMatchObject({
      required: true,
      schema: { enum: ['nps', 'csat', 'ces', 'sentiment'] },
    });
  });

  it('documents what the routes really send and take: export streams and their paging headers, text/plain answers, 413 only with a body', () => {
    const document = openApiDocument() as { paths: Record<string, Record<string, any>> };
    const exported = document.paths['/v1/responses']!.get.responses['200'];
    expect(Object.keys(exported.content).sort()).toEqual(['application/json', 'application/x-ndjson', 'text/csv']);
    expect(Object.keys(exported.headers).sort()).toEqual(['Link', 'X-Next-Cursor']);
    const post = document.paths['/v1/responses']!.post;
    expect(Object.keys(post.requestBody.content).sort()).toEqual(['application/json', 'text/plain']);
    expect(Object.keys(post.responses)).toEqual(
      expect.arrayContaining(['202', '400', '401', '403', '413', '429', '503']),
    );
    expect(document.paths['/v1/aggregates']!.get.responses).not.toHaveProperty('413');
    expect(document.paths['/v1/webhooks/{id}/rotate-secret']!.post.requestBody.required).toBe(false);
  });
});
