import { fromBase64Url, toBase64Url } from '../crypto.ts';
import { validationError } from '../http/errors.ts';
import type { Store } from '../store/types.ts';

/**
 * Export cursors name the last row of a page by the row's own id, and the next page
 * starts after that row's place in insertion order. Not by that place itself (`seq`):
 * it counts the answers of every site on the collector, so a cursor carrying it would
 * tell one tenant how busy the others are. Base64url, so that clients treat it as opaque.
 */
export function cursorAfter(row: { id: string }): string {
  return toBase64Url(new TextEncoder().encode(row.id));
}

/** The insertion-order place a cursor of this site points after; a 400 naming `cursor` for anything else. */
export async function placeOfCursor(store: Store, siteId: string, cursor: string): Promise<number> {
  const bytes = fromBase64Url(cursor);
  const id = bytes === null ? null : new TextDecoder().decode(bytes);
  const seq = id === null ? null : await store.responseSeq(siteId, id);
  if (seq !== null) return seq;
  throw validationError('query', [
    {
      path: 'cursor',
      message:
        id === null
          ? 'is not a cursor this API returned'
          : 'points after an answer this site does not have (erased since?): start the export again',
    },
  ]);
}
