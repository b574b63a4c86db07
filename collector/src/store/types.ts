import type { AggregateMetric, GroupBy, MetricName, SentimentLabel } from '@touchpoint/core';
import type { WebhookStore } from './webhook-types.ts';

/** A site as stored. The secret key is kept only as its SHA-256 hash. */
export interface SiteRecord {
  id: string;
  name: string;
  origins: string[];
  writeKey: string;
  secretKeyHash: string;
  identitySecret: string;
  createdAt: number;
}

/** A validated response ready to store; times in epoch milliseconds. */
export interface ResponseRecord {
  siteId: string;
  id: string;
  touchpoint: string;
  metric: MetricName;
  score: number;
  comment: string | null;
  locale: string | null;
  page: string | null;
  visitorId: string | null;
  contactId: string | null;
  verified: boolean;
  metadata: Record<string, string | number | boolean> | null;
  createdAt: number;
  receivedAt: number;
  /** What the comment says; null without a comment. */
  sentiment: { label: SentimentLabel; score: number } | null;
  terms: string[] | null;
  /** The comment contradicts the score (a 9 with an angry comment): worth a human look. */
  followUp: boolean;
}

/** A response as read back: the record plus its insertion sequence, the export cursor. */
export interface StoredResponse extends ResponseRecord {
  seq: number;
}

export type InsertOutcome = 'created' | 'duplicate';

export interface SitePatch {
  name?: string;
  origins?: string[];
  writeKey?: string;
  secretKeyHash?: string;
  identitySecret?: string;
}

export interface ResponseListQuery {
  siteId: string;
  metric?: MetricName;
  touchpoints?: string[];
  contactId?: string;
  /** Inclusive lower bound, epoch ms. */
  from?: number;
  /** Exclusive upper bound, epoch ms. */
  to?: number;
  /** Keyset paging: only rows past this sequence number, in the direction of `order`. */
  afterSeq?: number;
  /** Insertion order, oldest first (`asc`, the default) or newest first. */
  order?: 'asc' | 'desc';
  /** Only answers with a comment (true) or only those without (false); all when not given. */
  hasComment?: boolean;
  limit: number;
  /** Rows to skip first; used to look ahead for the end of a page. */
  offset?: number;
}

export interface ScoreCountQuery {
  siteId: string;
  metric: AggregateMetric;
  touchpoints?: string[];
  /** Inclusive lower bound, epoch ms. */
  from?: number;
  /** Exclusive upper bound, epoch ms. */
  to?: number;
  /**
   * Split the counts by local calendar day of a time zone, given as its UTC offsets: `offsetMs` applies
   * from `from` (epoch ms; null for the first) until the next entry. Rows then carry local day numbers.
   */
  dayOffsets?: ZoneOffset[];
  groupBy?: GroupBy;
}

export interface ZoneOffset {
  from: number | null;
  offsetMs: number;
}

/** Score histogram of one (day?, group?) cell: `counts[score]`. */
export interface ScoreCountRow {
  /** The local day number (days since 1970-01-01 on the zone's calendar), when `dayOffsets` was given. */
  slot: number | null;
  group: string | null;
  counts: number[];
}

export interface TermCountQuery {
  siteId: string;
  metric?: MetricName;
  touchpoints?: string[];
  from?: number;
  to?: number;
}

/** How often `term` came up in comments of one touchpoint from one segment of customers. */
export interface TermCountRow {
  touchpoint: string;
  segment: 'promoters' | 'passives' | 'detractors';
  term: string;
  count: number;
}

/**
 * Everything the HTTP app needs from storage. Async because D1 is; the
 * better-sqlite3 implementation resolves once its transaction has committed.
 */
export interface Store extends WebhookStore {
  health(): Promise<void>;
  createSite(site: SiteRecord): Promise<void>;
  siteByWriteKey(writeKey: string): Promise<SiteRecord | null>;
  siteBySecretKeyHash(secretKeyHash: string): Promise<SiteRecord | null>;
  updateSite(siteId: string, patch: SitePatch): Promise<void>;
  /** Stores all rows in one transaction; a row whose (siteId, id) exists is a duplicate, not an error. */
  insertResponses(rows: ResponseRecord[]): Promise<InsertOutcome[]>;
  /** Histograms from the rollup tables when the bounds and slots align with them, else from raw rows. */
  scoreCounts(query: ScoreCountQuery): Promise<ScoreCountRow[]>;
  /** Key-term frequencies of analysed comments, by touchpoint and customer segment. */
  termCounts(query: TermCountQuery): Promise<TermCountRow[]>;
  /** When the site's first answer on `metric` was given, to the UTC day; null with none. */
  firstDayWithAnswers(siteId: string, metric: AggregateMetric): Promise<number | null>;
  /** Rows in insertion order, at most `limit`, for export. */
  listResponses(query: ResponseListQuery): Promise<StoredResponse[]>;
  /** The contact's verified answers, oldest first: unverified claims never reach a contact's summary. */
  verifiedContactResponses(siteId: string, contactId: string): Promise<StoredResponse[]>;
  responseBySeq(siteId: string, seq: number): Promise<StoredResponse | null>;
  /** The insertion-order position of the site's response `id`; null when there is none (erased). */
  responseSeq(siteId: string, id: string): Promise<number | null>;
  /**
   * Folds the hourly rollups of the UTC days before `beforeDay` into the daily ones and
   * moves the watermark there; returns the daily cells written. Idempotent.
   */
  compactRollups(beforeDay: number): Promise<number>;
  /** Erases every response naming the contact, verified or not; returns how many. */
  deleteContact(siteId: string, contactId: string): Promise<number>;
  close(): Promise<void>;
}
