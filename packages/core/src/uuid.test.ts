import { describe, expect, it } from 'vitest';
import { submittedResponseSchema } from './response-schema.ts';
import { uuidv7 } from './uuid.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('is a version 7, RFC 9562 variant UUID that the response schema accepts', () => {
    for (let index = 0; index < 1000; index++) expect(uuidv7()).toMatch(UUID_V7);
    const parsed = submittedResponseSchema.safeParse({ id: uuidv7(), touchpoint: 't', metric: 'nps', score: 9 });
    expect(parsed.success).toBe(true);
  });

  it('starts with its time in milliseconds, big-endian', () => {
    // 2026-11-23T12:00:00.000Z = 1 795 435 200 000 ms = 0x01a2_0846_fe00
    expect(Date.UTC(2026, 10, 23, 12)).toBe(1_795_435_200_000);
    expect(1_795_435_200_000).toBe(0x01a20846fe00);
    expect(uuidv7(1_795_435_200_000).slice(0, 13)).toBe('01a20846-fe00');
    expect(uuidv7(0).slice(0, 13)).toBe('00000000-0000');
    expect(uuidv7(2 ** 48 - 1).slice(0, 13)).toBe('ffffffff-ffff');
  });

  it('takes its random bits from the source it is given, so seeded data is reproducible', () => {
    const zeros = (bytes: Uint8Array) => bytes.fill(0);
    expect(uuidv7(1_795_435_200_000, zeros)).toBe('01a20846-fe00-7000-8000-000000000000');
    const ones = (bytes: Uint8Array) => bytes.fill(0xff);
    expect(uuidv7(1_795_435_200_000, ones)).toBe('01a20846-fe00-7fff-bfff-ffffffffffff');
  });

  it('sorts by time as text, and never repeats', () => {
    const times = [0, 1, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, 1_795_435_200_000, 2 ** 48 - 1];
    const ids = times.map((time) => uuidv7(time));
    expect([...ids].sort()).toEqual(ids);
    const many = new Set(Array.from({ length: 10_000 }, () => uuidv7(1_795_435_200_000)));
    expect(many.size).toBe(10_000);
  });
});
