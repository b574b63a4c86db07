import type { ResponseRecord } from '../../collector/src/store/types.ts';

/** When `responseRecord`'s answers were given and received, unless a test says otherwise. */
export const RECORDED_AT = Date.UTC(2026, 10, 23, 12);

/**
 * An answer as the stores take it, for their own tests: NPS 9 at checkout from verified
 * contact crm-1 of site-a, without a comment; a test overrides what it is about.
 */
export function responseRecord(overrides: Partial<ResponseRecord> & Pick<ResponseRecord, 'id'>): ResponseRecord {
  return {
    siteId: 'site-a',
    touchpoint: 'checkout',
    metric: 'nps',
    score: 9,
    comment: null,
    locale: 'en',
    page: null,
    visitorId: null,
    contactId: 'crm-1',
    verified: true,
    metadata: null,
    createdAt: RECORDED_AT,
    receivedAt: RECORDED_AT,
    sentiment: null,
    terms: null,
    followUp: false,
    ...overrides,
  };
}
