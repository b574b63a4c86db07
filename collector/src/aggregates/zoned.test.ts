import { describe, expect, it } from 'vitest';
import { dayOf } from './calendar.ts';
import { isTimeZone, offsetAt, zonedDayOf, zonedDayStart, zoneOffsets } from './zoned.ts';

const day = (iso: string) => dayOf(Date.parse(`${iso}T00:00:00Z`));
const at = (iso: string) => Date.parse(iso);

describe('zoned calendar days', () => {
  it('knows IANA names and refuses others', () => {
    expect(isTimeZone('Asia/Bangkok')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('starts a Bangkok day at 17:00 UTC the day before', () => {
    expect(offsetAt('Asia/Bangkok', at('2026-11-23T00:00:00Z'))).toBe(7 * 3_600_000);
    expect(new Date(zonedDayStart('Asia/Bangkok', day('2026-11-23'))).toISOString()).toBe('2026-11-22T17:00:00.000Z');
    expect(zonedDayOf('Asia/Bangkok', at('2026-11-22T16:59:59Z'))).toBe(day('2026-11-22'));
    expect(zonedDayOf('Asia/Bangkok', at('2026-11-22T17:00:00Z'))).toBe(day('2026-11-23'));
  });

  it('follows daylight saving time: New York days start at 04:00 UTC in summer, 05:00 in winter', () => {
    expect(new Date(zonedDayStart('America/New_York', day('2026-07-01'))).toISOString()).toBe(
      '2026-07-01T04:00:00.000Z',
    );
    expect(new Date(zonedDayStart('America/New_York', day('2026-12-01'))).toISOString()).toBe(
      '2026-12-01T05:00:00.000Z',
    );
    // 2026-03-08 is 23 hours long there, 2026-11-01 25 hours.
    const short =
      zonedDayStart('America/New_York', day('2026-03-09')) - zonedDayStart('America/New_York', day('2026-03-08'));
    const long =
      zonedDayStart('America/New_York', day('2026-11-02')) - zonedDayStart('America/New_York', day('2026-11-01'));
    expect([short / 3_600_000, long / 3_600_000]).toEqual([23, 25]);
  });

  it('handles offsets of a quarter hour (Kathmandu, +5:45)', () => {
    expect(new Date(zonedDayStart('Asia/Kathmandu', day('2026-11-23'))).toISOString()).toBe('2026-11-22T18:15:00.000Z');
  });

  it('starts a day whose midnight is skipped by DST at 01:00 (Santiago, 2026-09-06)', () => {
    const start = zonedDayStart('America/Santiago', day('2026-09-06'));
    expect(zonedDayOf('America/Santiago', start)).toBe(day('2026-09-06'));
    expect(zonedDayOf('America/Santiago', start - 1)).toBe(day('2026-09-05'));
  });
});

describe('zone offsets over a range', () => {
  it("finds New York's two changes of 2026 to the minute", () => {
    const offsets = zoneOffsets('America/New_York', at('2026-01-01T05:00:00Z'), at('2027-01-01T05:00:00Z'));
    expect(offsets.map((zone) => [zone.from && new Date(zone.from).toISOString(), zone.offsetMs / 3_600_000])).toEqual([
      [null, -5],
      // 02:00 EST on 8 March and 02:00 EDT on 1 November.
      ['2026-03-08T07:00:00.000Z', -4],
      ['2026-11-01T06:00:00.000Z', -5],
    ]);
  });

  it('is one constant offset for UTC and for zones without daylight saving', () => {
    expect(zoneOffsets('UTC', 0, 366 * 86_400_000)).toEqual([{ from: null, offsetMs: 0 }]);
    expect(zoneOffsets('Asia/Bangkok', at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toEqual([
      { from: null, offsetMs: 7 * 3_600_000 },
    ]);
  });
});
