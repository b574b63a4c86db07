import { load, save } from './storage.ts';
import { uuidv7 } from '@touchpoint/core/uuid';

const VISITOR_KEY = 'touchpoint:visitor';

export interface Contact {
  id: string;
  /** hex HMAC-SHA256(identitySecret, id) from the site's backend; without it the answer stays unverified. */
  signature?: string;
}

export interface Identity {
  /** Anonymous id of this browser, stable across visits while storage allows. */
  visitorId: string;
  contact: Contact | undefined;
}

export function createIdentity(): Identity {
  let visitorId = load<string>(VISITOR_KEY, '');
  if (!visitorId) {
    visitorId = uuidv7();
    save(VISITOR_KEY, visitorId);
  }
  // The contact is kept in memory only: the site identifies on every page, and
  // a shared computer must not keep answering as the previous customer.
  return { visitorId, contact: undefined };
}
