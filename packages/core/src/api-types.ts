import type { AggregateMetric, MetricName } from './metrics.ts';
import type { Comparison, MetricSummary } from './metric-math.ts';

export const INTERVALS = ['day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

export const GROUP_BYS = ['touchpoint', 'locale', 'page', 'verified'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** A summary together with the score histogram it was computed from. */
export type Aggregate = MetricSummary & { counts: number[] };

/** An aggregate over the whole range, with the change against the previous period of the same length. */
export type ComparedAggregate = Aggregate & { comparison: Comparison | null };

/** One time bucket: `start` inclusive, `end` exclusive, both `YYYY-MM-DD`. */
export type SeriesPoint = Aggregate & { start: string; end: string };

export interface AggregateGroup {
  key: string;
  overall: ComparedAggregate;
  series?: SeriesPoint[];
}

/** Body of `GET /v1/aggregates`. */
export interface AggregatesResult {
  metric: AggregateMetric;
  touchpoints: string[] | null;
  from: string | null;
  to: string | null;
  interval: Interval | null;
  groupBy: GroupBy | null;
  /** IANA time zone whose calendar days the buckets and date bounds follow. */
  tz: string;
  /** The period compared against: as long as [from, to), just before it; null without `from`. */
  previous: { from: string; to: string } | null;
  overall: ComparedAggregate;
  series?: SeriesPoint[];
  groups?: AggregateGroup[];
}

/** Body of `POST /v1/sites`; the secret key and identity secret are shown only here. */
export interface CreatedSite {
  id: string;
  name: string;
  origins: string[];
  writeKey: string;
  secretKey: string;
  identitySecret: string;
}

export type ItemStatus = 'created' | 'duplicate';

/** Body of a `202` from `POST /v1/responses`. */
export interface AcceptedResponses {
  results: Array<{ id: string; status: ItemStatus }>;
}

export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    issues?: Array<{ path: string; message: string }>;
  };
}

/** A stored response as the API returns it (export, webhooks). */
export interface ResponseBody {
  id: string;
  touchpoint: string;
  metric: MetricName;
  score: number;
  comment: string | null;
  locale: string | null;
  page: string | null;
  visitorId: string | null;
  contactId: string | null;
  /** True when `contact.signature` matched: only then does the answer count for the contact. */
  verified: boolean;
  metadata: Record<string, string | number | boolean> | null;
  createdAt: string;
  receivedAt: string;
  /** What the comment says; null without a comment. */
  sentiment: { label: 'negative' | 'neutral' | 'positive'; score: number } | null;
  /** Key terms of the comment, most salient first. */
  terms: string[] | null;
  /** The comment contradicts the score (a 9 with an angry comment): worth a human look. */
  followUp: boolean;
}

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

/** One metric of a contact's summary. */
export interface ContactMetricSummary {
  count: number;
  mean: number;
  latest: { score: number; touchpoint: string; at: string };
  /** Latest score against the mean of the earlier ones; null with a single answer. */
  trend: 'up' | 'down' | 'flat' | null;
}

/** Body of `GET /v1/contacts/{contactId}`: the fields a CRM maps onto a contact record. */
export interface ContactSummary {
  contactId: string;
  responses: number;
  firstSeen: string;
  lastSeen: string;
  /** From the latest NPS answer; null when the contact never answered NPS. */
  npsCategory: NpsCategory | null;
  metrics: Partial<Record<MetricName, ContactMetricSummary>>;
  /** The latest answer per touchpoint. */
  touchpoints: Record<string, { metric: MetricName; score: number; at: string }>;
  lastComment: {
    text: string;
    sentiment: 'negative' | 'neutral' | 'positive' | null;
    touchpoint: string;
    metric: MetricName;
    score: number;
    at: string;
  } | null;
}
