import { z } from 'zod';
import { siteCreateSchema, submittedResponseSchema, responseBatchSchema } from '@touchpoint/core';
import { aggregateQuerySchema } from '../routes/aggregates.ts';
import { exportQuerySchema } from '../routes/export.ts';
import { termsQuerySchema } from '../routes/insights.ts';
import { keyRotationSchema, sitePatchSchema } from '../routes/sites.ts';
import {
  deliveryQuerySchema,
  secretRotationSchema,
  webhookCreateSchema,
  webhookPatchSchema,
} from '../routes/webhooks.ts';
import * as responses from './response-schemas.ts';

type Auth = 'admin' | 'secret' | 'write' | 'none';

interface Operation {
  method: 'get' | 'post' | 'patch' | 'delete' | 'options';
  path: string;
  summary: string;
  auth: Auth;
  query?: z.ZodObject;
  pathParams?: Record<string, string>;
  body?: z.ZodType;
  /** An empty body is accepted too (every field optional). */
  bodyOptional?: boolean;
  /** Media types the body may be sent as. @default ['application/json'] */
  bodyTypes?: string[];
  /** status → [description, schema or content type] */
  responses: Record<number, [string, z.ZodType | string | null]>;
  /** Other media types of the 2xx response (chosen by Accept), each with a description. */
  alternatives?: Record<string, string>;
  /** Headers of the 2xx response: name → description. */
  headers?: Record<string, string>;
}

const SECURITY: Record<Auth, Array<Record<string, string[]>>> = {
  admin: [{ adminToken: [] }],
  secret: [{ secretKey: [] }],
  write: [{ writeKeyHeader: [] }, {}],
  none: [],
};

/** Every /v1 route but health is limited per client address; a storage fault is a 503 anywhere. */
const COMMON_ERRORS: Record<Auth, number[]> = {
  admin: [400, 401, 403, 429, 503],
  secret: [400, 401, 403, 429, 503],
  write: [400, 401, 403, 429, 503],
  none: [],
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input; `issues` names each field',
  401: 'Missing or unknown credential',
  403: 'Credential not allowed here, or origin not registered',
  404: 'Not found',
  413: 'Body over 64 KB',
  429: 'Rate limited; see Retry-After',
  503: 'Temporarily unavailable; retry',
};

/** Every route of the API. The test suite checks this list against the app's own routes. */
export const OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/v1/sites',
    summary: 'Create a site and its credentials',
    auth: 'admin',
    body: siteCreateSchema,
    responses: {
      201: ['The site; the secret key and identity secret are shown only here', responses.createdSiteSchema],
    },
  },
  {
    method: 'get',
    path: '/v1/site',
    summary: "The secret key's site",
    auth: 'secret',
    responses: { 200: ['The site', responses.siteSchema] },
  },
  {
    method: 'patch',
    path: '/v1/site',
    summary: 'Rename the site or replace its browser origins',
    auth: 'secret',
    body: sitePatchSchema,
    responses: { 200: ['The updated site', responses.siteSchema] },
  },
  {
    method: 'post',
    path: '/v1/site/rotate-key',
    summary: 'Replace the secret key, the identity secret or the write key; the old one stops working at once',
    auth: 'secret',
    body: keyRotationSchema,
    responses: { 200: ['The new credential', responses.rotatedKeySchema] },
  },
  {
    method: 'options',
    path: '/v1/responses',
    summary: 'CORS preflight',
    auth: 'none',
    responses: { 204: ['Allowed methods and headers', null] },
  },
  {
    method: 'post',
    path: '/v1/responses',
    summary: 'Submit one answer or a batch of up to 50; idempotent on id',
    auth: 'write',
    body: z.union([submittedResponseSchema, responseBatchSchema]),
    // The widget sends text/plain: a cross-origin post (and sendBeacon) then needs no preflight.
    bodyTypes: ['application/json', 'text/plain'],
    responses: { 202: ['Committed to disk; a status per item', responses.acceptedSchema] },
  },
  {
    method: 'get',
    path: '/v1/responses',
    summary: 'Export responses: JSON pages, or NDJSON / CSV streams by Accept',
    auth: 'secret',
    query: exportQuerySchema,
    responses: { 200: ['A page (JSON) or a stream (NDJSON, CSV)', responses.responsePageSchema] },
    alternatives: {
      'application/x-ndjson': 'One response object per line (Accept: application/x-ndjson, or format=ndjson)',
      'text/csv': 'A header row, then one row per response (Accept: text/csv, or format=csv)',
    },
    headers: {
      'X-Next-Cursor': 'Pass as `cursor` for the next page; absent on the last one (streams)',
      Link: 'The next page\'s URL, rel="next"; absent on the last one',
    },
  },
  {
    method: 'get',
    path: '/v1/aggregates',
    summary: 'NPS, CSAT or CES per touchpoint and over time',
    auth: 'secret',
    query: aggregateQuerySchema,
    responses: { 200: ['Aggregates', responses.aggregatesResultSchema] },
  },
  {
    method: 'get',
    path: '/v1/insights/terms',
    summary: 'The most frequent key terms of comments, per touchpoint, for promoters, passives and detractors',
    auth: 'secret',
    query: termsQuerySchema,
    responses: { 200: ['Terms', responses.termsResultSchema] },
  },
  {
    method: 'get',
    path: '/v1/contacts/{contactId}',
    summary: "A contact's summary from verified answers",
    auth: 'secret',
    pathParams: { contactId: 'The CRM contact ID' },
    responses: {
      200: ['The summary', responses.contactSummarySchema],
      404: ['No verified answers for this contact', responses.errorBodySchema],
    },
  },
  {
    method: 'delete',
    path: '/v1/contacts/{contactId}',
    summary: 'Erase every answer of a contact (GDPR)',
    auth: 'secret',
    pathParams: { contactId: 'The CRM contact ID' },
    responses: { 200: ['How many answers were erased', responses.contactErasureSchema] },
  },
  {
    method: 'post',
    path: '/v1/webhooks',
    summary: 'Register a webhook endpoint (https only); its signing secret is shown once',
    auth: 'secret',
    body: webhookCreateSchema,
    responses: {
      201: ['The endpoint with its whsec_ secret', responses.createdWebhookSchema],
      409: ['The site has its 20 endpoints already', responses.errorBodySchema],
    },
  },
  {
    method: 'get',
    path: '/v1/webhooks',
    summary: "The site's webhook endpoints",
    auth: 'secret',
    responses: { 200: ['Endpoints', responses.webhookListSchema] },
  },
  {
    method: 'get',
    path: '/v1/webhooks/{id}',
    summary: 'One endpoint, with its health',
    auth: 'secret',
    pathParams: { id: 'The endpoint id, wh_…' },
    responses: {
      200: ['The endpoint', responses.webhookEndpointSchema],
      404: ['No such endpoint', responses.errorBodySchema],
    },
  },
  {
    method: 'patch',
    path: '/v1/webhooks/{id}',
    summary: 'Change the URL, events, description or digest; enable or disable',
    auth: 'secret',
    pathParams: { id: 'The endpoint id, wh_…' },
    body: webhookPatchSchema,
    responses: {
      200: ['The endpoint', responses.webhookEndpointSchema],
      404: ['No such endpoint', responses.errorBodySchema],
    },
  },
  {
    method: 'delete',
    path: '/v1/webhooks/{id}',
    summary: 'Remove an endpoint and its delivery log',
    auth: 'secret',
    pathParams: { id: 'The endpoint id, wh_…' },
    responses: { 204: ['Removed', null], 404: ['No such endpoint', responses.errorBodySchema] },
  },
  {
    method: 'post',
    path: '/v1/webhooks/{id}/rotate-secret',
    summary: 'A new signing secret; the old one keeps signing for overlapHours (default 24)',
    auth: 'secret',
    pathParams: { id: 'The endpoint id, wh_…' },
    body: secretRotationSchema,
    bodyOptional: true,
    responses: {
      200: ['The new secret', responses.rotatedWebhookSecretSchema],
      409: [
        "The last rotation's overlap still runs (rotate with overlapHours 0 to end it), or another rotation won a race",
        responses.errorBodySchema,
      ],
    },
  },
  {
    method: 'get',
    path: '/v1/webhooks/{id}/deliveries',
    summary: 'The delivery log, newest first',
    auth: 'secret',
    pathParams: { id: 'The endpoint id, wh_…' },
    query: deliveryQuerySchema,
    responses: { 200: ['A page of deliveries', responses.deliveryPageSchema] },
  },
  {
    method: 'get',
    path: '/v1/webhooks/{id}/deliveries/{deliveryId}',
    summary: 'One delivery with its payload and every attempt',
    auth: 'secret',
    pathParams: { id: 'The endpoint id, wh_…', deliveryId: 'The delivery id, msg_…' },
    responses: {
      200: ['The delivery', responses.deliveryDetailSchema],
      404: ['No such delivery', responses.errorBodySchema],
    },
  },
  {
    method: 'post',
    path: '/v1/webhooks/{id}/deliveries/{deliveryId}/retry',
    summary: 'Send a delivery again now (retry a failed one, replay a delivered one) with the same webhook-id',
    auth: 'secret',
    pathParams: { id: 'The endpoint id, wh_…', deliveryId: 'The delivery id, msg_…' },
    responses: {
      202: ['Queued', responses.requeuedDeliverySchema],
      404: ['No such delivery', responses.errorBodySchema],
    },
  },
  {
    method: 'get',
    path: '/v1/health',
    summary: 'Liveness and database reachability',
    auth: 'none',
    responses: { 200: ['Healthy', responses.healthSchema], 503: ['Database unreachable', responses.errorBodySchema] },
  },
  {
    method: 'get',
    path: '/widget.js',
    summary: 'The widget for the script tag',
    auth: 'none',
    responses: { 200: ['JavaScript', 'text/javascript'] },
  },
  {
    method: 'get',
    path: '/widget-ui.js',
    summary: "The widget's survey UI, loaded by widget.js on the first question",
    auth: 'none',
    responses: { 200: ['JavaScript', 'text/javascript'] },
  },
  {
    method: 'get',
    path: '/dashboard',
    summary: 'The dashboard page (sign in with the secret key)',
    auth: 'none',
    responses: { 200: ['HTML', 'text/html'] },
  },
  {
    method: 'get',
    path: '/dashboard/dashboard.js',
    summary: "The dashboard's script",
    auth: 'none',
    responses: { 200: ['JavaScript', 'text/javascript'] },
  },
  {
    method: 'get',
    path: '/dashboard/dashboard.css',
    summary: "The dashboard's stylesheet",
    auth: 'none',
    responses: { 200: ['CSS', 'text/css'] },
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    auth: 'none',
    responses: { 200: ['OpenAPI 3.1', 'application/json'] },
  },
];

type JsonSchema = Record<string, unknown>;

function inputSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function schemaRef(schema: z.ZodType): JsonSchema {
  const id = z.globalRegistry.get(schema)?.id;
  return id ? { $ref: `#/components/schemas/${id}` } : inputSchema(schema);
}

function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, JsonSchema>;
  };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema]),
  );
}

function parameters(operation: Operation): JsonSchema[] {
  const inPath = Object.entries(operation.pathParams ?? {}).map(([name, description]) => ({
    name,
    in: 'path',
    required: true,
    description,
    schema: { type: 'string', minLength: 1, maxLength: 200 },
  }));
  const shape = operation.query?.shape ?? {};
  const inQuery = Object.entries(shape).map(([name, schema]) => ({
    name,
    in: 'query',
    required: !(schema as z.ZodType).safeParse(undefined).success,
    schema: inputSchema(schema as z.ZodType),
    ...(name === 'touchpoint' ? { explode: true, description: 'Repeat, or separate with commas' } : {}),
  }));
  return [...inPath, ...inQuery];
}

function operationObject(operation: Operation): JsonSchema {
  const result: JsonSchema = {
    operationId: `${operation.method}${operation.path.replace(/[^a-zA-Z0-9]+(.)?/g, (_match, next: string | undefined) => (next ?? '').toUpperCase())}`,
    summary: operation.summary,
    security: SECURITY[operation.auth],
    parameters: parameters(operation),
    responses: {} as Record<string, unknown>,
  };
  if (operation.body) {
    const schema = schemaRef(operation.body);
    const types = operation.bodyTypes ?? ['application/json'];
    result.requestBody = {
      required: !operation.bodyOptional,
      content: Object.fromEntries(types.map((type) => [type, { schema }])),
    };
  }
  const out = result.responses as Record<string, JsonSchema>;
  for (const [status, [description, schema]] of Object.entries(operation.responses)) {
    if (schema === null) out[status] = { description };
    else if (typeof schema === 'string') out[status] = { description, content: { [schema]: {} } };
    else out[status] = { description, content: { 'application/json': { schema: schemaRef(schema) } } };
    if (!status.startsWith('2')) continue;
    for (const [type, about] of Object.entries(operation.alternatives ?? {}))
      (out[status].content as JsonSchema)[type] = { schema: { type: 'string', description: about } };
    if (operation.headers) {
      out[status].headers = Object.fromEntries(
        Object.entries(operation.headers).map(([name, about]) => [
          name,
          { description: about, schema: { type: 'string' } },
        ]),
      );
    }
  }
  // Bodies over 64 KB are refused before they are read.
  const errors = [...COMMON_ERRORS[operation.auth], ...(operation.body ? [413] : [])].sort();
  for (const status of errors) {
    out[status] ??= {
      description: ERROR_DESCRIPTIONS[status],
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return result;
}

/** The OpenAPI 3.1 document served at /openapi.json, built from the schemas the routes validate with. */
export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of OPERATIONS) (paths[operation.path] ??= {})[operation.method] = operationObject(operation);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Touchpoint API',
      version: '1.0.0',
      description:
        'Customer feedback (NPS, CSAT, CES) linked to CRM contacts. Errors are `{"error": {"code", "message", "issues"}}`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'TOUCHPOINT_ADMIN_TOKEN' },
        secretKey: { type: 'http', scheme: 'bearer', description: "The site's secret key, sk_…" },
        writeKeyHeader: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Touchpoint-Key',
          description: 'The public write key, pk_…; may instead be sent as "key" in the body',
        },
      },
    },
  };
}
