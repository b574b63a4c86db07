import { z } from 'zod';
import { AGGREGATE_METRICS, GROUP_BYS, INTERVALS, METRIC_NAMES } from '@touchpoint/core';

/**
 * What the API returns, as zod schemas: they document the responses in
 * /openapi.json and let the tests check real bodies against the document.
 */

const nullableNumber = z.number().nullable();
const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const metric = z.enum(METRIC_NAMES);
const aggregateMetric = z.enum(AGGREGATE_METRICS);

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'invalid_request' }),
      message: z.string().meta({ example: 'Invalid response: score: must be an integer from 0 to 10 for nps' }),
      issues: z
        .array(
          z.object({
            path: z
              .string()
              .meta({ description: "The field, dot-separated (`responses.3.score`); '' is the body as a whole." }),
            message: z.string(),
          }),
        )
        .optional(),
    }),
  })
  .meta({ id: 'Error' });

const aggregateFields = {
  n: z.number().int().describe('Number of answers'),
  value: nullableNumber.describe('NPS −100…100, CSAT % top-2-box, or CES mean; null without answers'),
  mean: nullableNumber,
  marginOfError: nullableNumber.describe('Half-width of the 95% confidence interval of value; null below 2 answers'),
  counts: z.array(z.number().int()).describe('counts[score]: the histogram the figures come from'),
  promoters: z.number().int().optional(),
  passives: z.number().int().optional(),
  detractors: z.number().int().optional(),
  satisfied: z.number().int().optional(),
  easy: z.number().int().optional(),
  easyPercent: nullableNumber.optional(),
  negative: z.number().int().optional(),
  neutral: z.number().int().optional(),
  positive: z.number().int().optional(),
};

export const aggregateSchema = z.object({ metric: aggregateMetric, ...aggregateFields }).meta({ id: 'Aggregate' });

export const comparisonSchema = z
  .object({
    previousValue: nullableNumber,
    previousN: z.number().int(),
    change: nullableNumber.describe('value − previousValue'),
    significant: z
      .boolean()
      .nullable()
      .describe('|change| > √(moe² + previousMoe²): meaningful at 95%; null below 2 answers on a side'),
  })
  .meta({ id: 'Comparison' });

export const comparedAggregateSchema = z
  .object({ metric: aggregateMetric, ...aggregateFields, comparison: comparisonSchema.nullable() })
  .meta({ id: 'ComparedAggregate' });

export const seriesPointSchema = z
  .object({ start: isoDate, end: isoDate, metric: aggregateMetric, ...aggregateFields })
  .meta({ id: 'SeriesPoint', description: 'One bucket: start inclusive, end exclusive' });

export const aggregatesResultSchema = z
  .object({
    metric: aggregateMetric,
    touchpoints: z.array(z.string()).nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    interval: z.enum(INTERVALS).nullable(),
    groupBy: z.enum(GROUP_BYS).nullable(),
    tz: z.string(),
    previous: z.object({ from: isoDateTime, to: isoDateTime }).nullable(),
    overall: comparedAggregateSchema,
    series: z.array(seriesPointSchema).optional(),
    groups: z
      .array(
        z.object({ key: z.string(), overall: comparedAggregateSchema, series: z.array(seriesPointSchema).optional() }),
      )
      .optional(),
  })
  .meta({ id: 'Aggregates' });

export const responseBodySchema = z
  .object({
    id: z.string(),
    touchpoint: z.string(),
    metric,
    score: z.number().int(),
    comment: z.string().nullable(),
    locale: z.string().nullable(),
    page: z.string().nullable(),
    visitorId: z.string().nullable(),
    contactId: z.string().nullable(),
    verified: z.boolean().describe('True when contact.signature matched the site identity secret'),
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullable(),
    createdAt: isoDateTime,
    receivedAt: isoDateTime,
    sentiment: z
      .object({ label: z.enum(['negative', 'neutral', 'positive']), score: z.number().min(-1).max(1) })
      .nullable()
      .describe("The comment's sentiment; null without a comment"),
    terms: z.array(z.string()).nullable().describe("The comment's key terms, most salient first"),
    followUp: z.boolean().describe('The comment contradicts the score (a 9 with an angry comment)'),
  })
  .meta({ id: 'StoredResponse' });

export const responsePageSchema = z
  .object({ data: z.array(responseBodySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ResponsePage' });

export const acceptedSchema = z
  .object({ results: z.array(z.object({ id: z.string(), status: z.enum(['created', 'duplicate']) })) })
  .meta({ id: 'Accepted' });

const contactMetricSchema = z.object({
  count: z.number().int(),
  mean: z.number(),
  latest: z.object({ score: z.number().int(), touchpoint: z.string(), at: isoDateTime }),
  trend: z.enum(['up', 'down', 'flat']).nullable(),
});

export const contactSummarySchema = z
  .object({
    contactId: z.string(),
    responses: z.number().int(),
    firstSeen: isoDateTime,
    lastSeen: isoDateTime,
    npsCategory: z.enum(['promoter', 'passive', 'detractor']).nullable(),
    metrics: z.object({
      nps: contactMetricSchema.optional(),
      csat: contactMetricSchema.optional(),
      ces: contactMetricSchema.optional(),
    }),
    touchpoints: z.record(z.string(), z.object({ metric, score: z.number().int(), at: isoDateTime })),
    lastComment: z
      .object({
        text: z.string(),
        sentiment: z.enum(['negative', 'neutral', 'positive']).nullable(),
        touchpoint: z.string(),
        metric,
        score: z.number().int(),
        at: isoDateTime,
      })
      .nullable(),
  })
  .meta({ id: 'ContactSummary' });

export const contactErasureSchema = z
  .object({ contactId: z.string(), deleted: z.number().int() })
  .meta({ id: 'ContactErasure' });

export const createdSiteSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    origins: z.array(z.string()),
    writeKey: z.string().describe('Public: goes in the script tag'),
    secretKey: z.string().describe('Shown only here; stored as a hash'),
    identitySecret: z.string().describe('Signs contact IDs on your backend'),
  })
  .meta({ id: 'CreatedSite' });

export const siteSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    origins: z.array(z.string()),
    writeKey: z.string(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'Site' });

export const rotatedKeySchema = z
  .object({ secretKey: z.string().optional(), identitySecret: z.string().optional(), writeKey: z.string().optional() })
  .meta({ id: 'RotatedKey' });

export const healthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

const webhookEvent = z.enum(['response.created', 'contact.updated', 'response.detractor', 'aggregates.digest']);

export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(webhookEvent),
    digest: z.enum(['hour', 'day']).nullable(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    consecutiveFailures: z.number().int(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'WebhookEndpoint' });

export const createdWebhookSchema = z
  .object({ ...webhookEndpointSchema.shape, secret: z.string().describe('whsec_…; shown only here and on rotation') })
  .meta({ id: 'CreatedWebhookEndpoint' });

export const webhookListSchema = z.object({ data: z.array(webhookEndpointSchema) }).meta({ id: 'WebhookEndpointList' });

export const rotatedWebhookSecretSchema = z
  .object({ secret: z.string(), previousSecretExpiresAt: isoDateTime })
  .meta({ id: 'RotatedWebhookSecret' });

export const deliverySchema = z
  .object({
    id: z.string().describe('The webhook-id header: the same on every attempt'),
    event: webhookEvent,
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: isoDateTime.nullable(),
    lastAttemptAt: isoDateTime.nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    lastLatencyMs: z.number().int().nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'WebhookDelivery' });

export const deliveryPageSchema = z
  .object({ data: z.array(deliverySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'WebhookDeliveryPage' });

export const deliveryDetailSchema = z
  .object({
    ...deliverySchema.shape,
    payload: z.unknown().describe('The JSON body sent; null before the first attempt'),
    attempts: z.array(
      z.object({
        attempt: z.number().int(),
        at: isoDateTime,
        statusCode: z.number().int().nullable(),
        error: z.string().nullable(),
        latencyMs: z.number().int().nullable(),
      }),
    ),
  })
  .meta({ id: 'WebhookDeliveryDetail' });

export const requeuedDeliverySchema = z
  .object({ id: z.string(), status: z.literal('pending') })
  .meta({ id: 'RequeuedDelivery' });

const termList = z.array(z.object({ term: z.string(), count: z.number().int() }));
const segmentedTerms = { promoters: termList, passives: termList, detractors: termList };

export const termsResultSchema = z
  .object({
    metric: metric.nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    tz: z.string(),
    overall: z.object(segmentedTerms),
    touchpoints: z.array(z.object({ touchpoint: z.string(), ...segmentedTerms })),
  })
  .meta({ id: 'TermInsights' });
