import { describe, expect, it } from 'vitest';
import { submittedResponseSchema, siteCreateSchema } from './response-schema.ts';

const valid = {
  id: '0b6b2f4e-8f0a-4c4e-9d43-3f0d5f7a1c11',
  key: 'pk_test',
  touchpoint: 'checkout',
  metric: 'nps',
  score: 9,
  comment: 'fast delivery',
  locale: 'th',
  page: 'https://shop.example/checkout',
  visitorId: 'v-123',
  contact: { id: 'crm-123', signature: 'a'.repeat(64) },
  metadata: { orderId: 'A-17', total: 42.5, firstOrder: true },
  createdAt: '2026-11-23T10:00:00Z',
};

function issuePaths(input: unknown): string[] {
  const result = submittedResponseSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('submitted response schema', () => {
  it('accepts the example from DESIGN.md', () => {
    expect(submittedResponseSchema.parse(valid)).toEqual(valid);
  });

  it('accepts the smallest response', () => {
    expect(issuePaths({ touchpoint: 'help', metric: 'csat', score: 1 })).toEqual([]);
  });

  it.each([
    ['nps', -1],
    ['nps', 11],
    ['csat', 0],
    ['csat', 6],
    ['ces', 0],
    ['ces', 8],
  ])('rejects %s score %d as out of range', (metric, score) => {
    expect(issuePaths({ ...valid, metric, score })).toEqual(['score']);
  });

  it.each([
    ['nps', 0],
    ['nps', 10],
    ['csat', 1],
    ['csat', 5],
    ['ces', 1],
    ['ces', 7],
  ])('accepts %s score %d at the edge of its scale', (metric, score) => {
    expect(issuePaths({ ...valid, metric, score })).toEqual([]);
  });

  it('names each bad field', () => {
    expect(issuePaths({ ...valid, score: 7.5 })).toEqual(['score']);
    expect(issuePaths({ ...valid, score: '9' })).toEqual(['score']);
    expect(issuePaths({ ...valid, metric: 'ltv' })).toEqual(['metric']);
    expect(issuePaths({ ...valid, comment: 'x'.repeat(2001) })).toEqual(['comment']);
    expect(issuePaths({ ...valid, locale: 'not a locale!' })).toEqual(['locale']);
    expect(issuePaths({ ...valid, id: 'not-a-uuid' })).toEqual(['id']);
    expect(issuePaths({ ...valid, page: '/relative' })).toEqual(['page']);
    expect(issuePaths({ ...valid, createdAt: 'yesterday' })).toEqual(['createdAt']);
    expect(issuePaths({ ...valid, contact: { id: 'x'.repeat(201) } })).toEqual(['contact.id']);
    expect(issuePaths({ ...valid, contact: { id: 'c', signature: 'zz' } })).toEqual(['contact.signature']);
    expect(issuePaths({ ...valid, scroe: 9 })).toEqual(['']);
  });

  it('keeps a comment of exactly 2000 characters', () => {
    expect(issuePaths({ ...valid, comment: 'x'.repeat(2000) })).toEqual([]);
  });

  it('lets touchpoints use any script but not spaces or punctuation', () => {
    expect(issuePaths({ ...valid, touchpoint: 'ชำระเงิน' })).toEqual([]);
    expect(issuePaths({ ...valid, touchpoint: 'thanh-toán' })).toEqual([]);
    expect(issuePaths({ ...valid, touchpoint: 'help/faq_2.1' })).toEqual([]);
    expect(issuePaths({ ...valid, touchpoint: 'check out' })).toEqual(['touchpoint']);
    expect(issuePaths({ ...valid, touchpoint: '<script>' })).toEqual(['touchpoint']);
    expect(issuePaths({ ...valid, touchpoint: '' })).toEqual(['touchpoint']);
    expect(issuePaths({ ...valid, touchpoint: 'x'.repeat(101) })).toEqual(['touchpoint']);
    // It would set the prototype of the objects touchpoints key (contact summaries) instead of adding a key.
    expect(issuePaths({ ...valid, touchpoint: '__proto__' })).toEqual(['touchpoint']);
    expect(issuePaths({ ...valid, touchpoint: '__proto__x' })).toEqual([]);
  });

  it('refuses contact ids that a URL path cannot carry', () => {
    // "/v1/contacts/.." is normalised to "/v1/", so such a contact could never be read or erased.
    expect(issuePaths({ ...valid, contact: { id: '.' } })).toEqual(['contact.id']);
    expect(issuePaths({ ...valid, contact: { id: '..' } })).toEqual(['contact.id']);
    expect(issuePaths({ ...valid, contact: { id: '...' } })).toEqual([]);
    expect(issuePaths({ ...valid, contact: { id: 'a.b' } })).toEqual([]);
  });

  it('limits metadata to 20 short keys with short scalar values', () => {
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`k${index}`, index]));
    expect(issuePaths({ ...valid, metadata: twenty })).toEqual([]);
    expect(issuePaths({ ...valid, metadata: { ...twenty, k20: 1 } })).toEqual(['metadata']);
    expect(issuePaths({ ...valid, metadata: { ['k'.repeat(41)]: 1 } })).toEqual([`metadata.${'k'.repeat(41)}`]);
    expect(issuePaths({ ...valid, metadata: { note: 'x'.repeat(201) } })).toEqual(['metadata.note']);
    expect(issuePaths({ ...valid, metadata: { nested: { a: 1 } } })).toEqual(['metadata.nested']);
  });
});

describe('site creation schema', () => {
  it('takes origins, not URLs with paths', () => {
    expect(siteCreateSchema.safeParse({ name: 'Shop', origins: ['https://shop.example'] }).success).toBe(true);
    expect(siteCreateSchema.safeParse({ name: 'Shop', origins: ['https://shop.example/cart'] }).success).toBe(false);
    expect(siteCreateSchema.safeParse({ name: '', origins: [] }).success).toBe(false);
  });
});
