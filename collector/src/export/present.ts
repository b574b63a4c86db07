import type { ResponseBody } from '@touchpoint/core/types';
import type { StoredResponse } from '../store/types.ts';

/** The public shape of a stored response: ISO times, no internal ids. */
export function presentResponse(row: StoredResponse): ResponseBody {
  return {
    id: row.id,
    touchpoint: row.touchpoint,
    metric: row.metric,
    score: row.score,
    comment: row.comment,
    locale: row.locale,
    page: row.page,
    visitorId: row.visitorId,
    contactId: row.contactId,
    verified: row.verified,
    metadata: row.metadata,
    createdAt: new Date(row.createdAt).toISOString(),
    receivedAt: new Date(row.receivedAt).toISOString(),
    sentiment: row.sentiment,
    terms: row.terms,
    followUp: row.followUp,
  };
}
