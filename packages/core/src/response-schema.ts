import { z } from 'zod';
import { METRIC_NAMES, METRIC_SCALES } from './metrics.ts';

export const LIMITS = {
  touchpointLength: 100,
  commentLength: 2000,
  contactIdLength: 200,
  metadataKeys: 20,
  metadataKeyLength: 40,
  metadataValueLength: 200,
  pageLength: 2048,
  visitorIdLength: 100,
  localeLength: 35,
  batchSize: 50,
  /** A write key, in the body or the X-Touchpoint-Key header (issued ones are far shorter). */
  keyLength: 100,
  bodyBytes: 64 * 1024,
} as const;

/** Letters and digits of any script (with their combining marks, which Thai and Vietnamese need), and `- _ . /`. */
const TOUCHPOINT_PATTERN = /^[\p{L}\p{M}\p{N}_./-]*$/u;

export const touchpointNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.touchpointLength, `must be at most ${LIMITS.touchpointLength} characters`)
  .regex(TOUCHPOINT_PATTERN, 'may contain only letters, digits, "-", "_", "." and "/"')
  // Touchpoints key JSON objects (contact summaries, webhook payloads): this one would set a prototype instead.
  .refine((name) => name !== '__proto__', 'must not be "__proto__"');

const canonicalForms = new Map<string, string | null>();

/**
 * The canonical form of a BCP 47 tag ("en-gb" → "en-GB"), or null when it is
 * not one. Remembered, since a site's answers come in a handful of locales.
 */
export function canonicalLocale(tag: string): string | null {
  let canonical = canonicalForms.get(tag);
  if (canonical === undefined) {
    try {
      const forms = Intl.getCanonicalLocales(tag);
      canonical = forms.length === 1 ? forms[0]! : null;
    } catch {
      canonical = null;
    }
    if (canonicalForms.size >= 1000) canonicalForms.clear();
    canonicalForms.set(tag, canonical);
  }
  return canonical;
}

export const localeSchema = z
  .string()
  .max(LIMITS.localeLength)
  .refine((tag) => canonicalLocale(tag) !== null, 'must be a BCP 47 language tag such as "en" or "th-TH"');

export const metricSchema = z.enum(METRIC_NAMES, 'must be one of "nps", "csat", "ces"');

const metadataValueSchema = z.union([
  z.string().max(LIMITS.metadataValueLength, `values must be at most ${LIMITS.metadataValueLength} characters`),
  z.number(),
  z.boolean(),
]);

export const metadataSchema = z
  .record(
    z.string().min(1).max(LIMITS.metadataKeyLength, `keys must be at most ${LIMITS.metadataKeyLength} characters`),
    metadataValueSchema,
  )
  .refine((value) => Object.keys(value).length <= LIMITS.metadataKeys, `must have at most ${LIMITS.metadataKeys} keys`);

export const contactSchema = z.strictObject({
  id: z
    .string()
    .min(1, 'must not be empty')
    .max(LIMITS.contactIdLength)
    // GET and DELETE /v1/contacts/{id} could never reach these: URLs resolve "." and ".." away.
    .refine((id) => id !== '.' && id !== '..', 'must not be "." or ".."'),
  /** hex HMAC-SHA256(identitySecret, id), computed by the site's backend. */
  signature: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (HMAC-SHA256)')
    .optional(),
});

/** One answer as the widget (or any client) submits it. */
export const submittedResponseSchema = z
  .strictObject({
    id: z.uuid('must be a UUID').optional(),
    key: z.string().max(LIMITS.keyLength).optional(),
    touchpoint: touchpointNameSchema,
    metric: metricSchema,
    score: z.number('must be a number').int('must be an integer'),
    comment: z.string().max(LIMITS.commentLength, `must be at most ${LIMITS.commentLength} characters`).optional(),
    locale: localeSchema.optional(),
    page: z
      .url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' })
      .max(LIMITS.pageLength)
      .optional(),
    visitorId: z.string().min(1).max(LIMITS.visitorIdLength).optional(),
    contact: contactSchema.optional(),
    metadata: metadataSchema.optional(),
    createdAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  })
  .superRefine((response, context) => {
    const scale = METRIC_SCALES[response.metric];
    if (response.score < scale.min || response.score > scale.max) {
      context.addIssue({
        code: 'custom',
        path: ['score'],
        message: `must be an integer from ${scale.min} to ${scale.max} for ${response.metric}`,
      });
    }
  });

export type SubmittedResponse = z.infer<typeof submittedResponseSchema>;

/** `POST /v1/responses` takes one response or `{ key?, responses: [...] }`. */
export const responseBatchSchema = z.strictObject({
  key: z.string().max(LIMITS.keyLength).optional(),
  responses: z
    .array(z.unknown())
    .min(1, 'must not be empty')
    .max(LIMITS.batchSize, `at most ${LIMITS.batchSize} per batch`),
});

/** Scheme, host and port, nothing more. Also runs on what is no URL at all, which zod's url check has refused already. */
function isBareOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value.replace(/\/$/, '');
  } catch {
    return false;
  }
}

/** Browser origins allowed to post a site's answers, e.g. `https://shop.example`. */
export const siteOriginsSchema = z
  .array(
    z
      .url('must be an origin such as https://shop.example')
      .refine(isBareOrigin, 'must be an origin: scheme, host and port only'),
  )
  .max(50);

export const siteCreateSchema = z.strictObject({
  name: z.string().min(1, 'must not be empty').max(200),
  origins: siteOriginsSchema.default([]),
});

export type SiteCreateInput = z.infer<typeof siteCreateSchema>;
