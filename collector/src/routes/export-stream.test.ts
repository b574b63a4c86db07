import { describe, expect, it } from 'vitest';
import type { ResponseListQuery, Store, StoredResponse } from '../store/types.ts';
import { streamRows } from './export.ts';

/** A store holding rows with these seq numbers, listing them as the SQL does (keyset on seq). */
function storeOf(seqs: number[]): Store {
  return {
    async listResponses(query: ResponseListQuery) {
      const ordered = query.order === 'desc' ? [...seqs].sort((a, b) => b - a) : [...seqs].sort((a, b) => a - b);
      const after = query.afterSeq;
      const rows = ordered.filter((seq) =>
        after === undefined ? true : query.order === 'desc' ? seq < after : seq > after,
      );
      return rows.slice(0, query.limit).map((seq) => ({ seq }) as StoredResponse);
    },
  } as unknown as Store;
}

async function streamed(store: Store, base: Partial<ResponseListQuery>, limit: number, lastSeq: number | null) {
  const stream = streamRows(
    store,
    { siteId: 's', limit: 0, ...base } as ResponseListQuery,
    limit,
    lastSeq,
    (row) => `${row.seq},`,
    '',
  );
  return new Response(stream).text();
}

describe('streamRows', () => {
  it("stops at the page's end even when rows of the page were erased after it was found", async () => {
    // The page was 1–5 (next page after 5); then 2 and 3 were erased.
    const store = storeOf([1, 4, 5, 6, 7, 8]);
    expect(await streamed(store, {}, 5, 5)).toBe('1,4,5,');
    expect(await streamed(store, { order: 'desc', afterSeq: 9 }, 5, 4)).toBe('8,7,6,5,4,');
    expect(await streamed(storeOf([8, 5, 4, 1]), { order: 'desc', afterSeq: 9 }, 5, 4)).toBe('8,5,4,');
  });

  it('streams up to the limit, or everything, without a known end', async () => {
    const store = storeOf(Array.from({ length: 2500 }, (_, index) => index + 1));
    expect((await streamed(store, {}, 3, null)).split(',').filter(Boolean)).toEqual(['1', '2', '3']);
    expect((await streamed(store, {}, Number.MAX_SAFE_INTEGER, null)).split(',').filter(Boolean)).toHaveLength(2500);
  });
});
