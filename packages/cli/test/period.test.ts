import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { parseDays, parseInstant, resolvePeriod } from '../src/report/period.js';

const now = new Date('2026-11-22T21:40:00Z');
const iso = (p: { since: Date; until: Date }) => [p.since.toISOString(), p.until.toISOString()];

describe('report window', () => {
  it('defaults to the 7 days before now', () => {
    expect(iso(resolvePeriod({}, now))).toEqual(['2026-11-15T21:40:00.000Z', '2026-11-22T21:40:00.000Z']);
  });

  it('--days N ends at --until', () => {
    expect(iso(resolvePeriod({ days: '30', until: '2026-11-01' }, now))).toEqual([
      '2026-10-02T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
    ]);
  });

  it('--since and --until, in UTC unless a zone is given', () => {
    expect(iso(resolvePeriod({ since: '2026-11-01', until: '2026-11-02T06:30' }, now))).toEqual([
      '2026-11-01T00:00:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
    expect(parseInstant('since', '2026-11-01T09:00:00+02:00').toISOString()).toBe('2026-11-01T07:00:00.000Z');
    expect(parseInstant('since', '2026-11-01 09:00:00Z').toISOString()).toBe('2026-11-01T09:00:00.000Z');
  });

  it.each(['yesterday', '2026-13-01', '2026-11-01T25:00', '11/01/2026', '1730419200', ''])(
    '--since %j is a usage error naming the flag and the format',
    (raw) => {
      expect(() => parseInstant('since', raw)).toThrow(UsageError);
      expect(() => parseInstant('since', raw)).toThrow(
        /--since '.*' is not an ISO 8601 date or time: use e\.g\. 2026-11-01/,
      );
    },
  );

  it.each(['0', '-3', '1.5', '7d', 'seven', ''])('--days %j is a usage error', (raw) => {
    expect(() => parseDays(raw)).toThrow(/--days '.*' must be a positive whole number of days/);
  });

  it('--until not after --since, and --since with --days, are usage errors', () => {
    expect(() => resolvePeriod({ since: '2026-11-02', until: '2026-11-01' }, now)).toThrow(
      /--until 2026-11-01T00:00:00.000Z is not after --since 2026-11-02T00:00:00.000Z/,
    );
    expect(() => resolvePeriod({ since: '2026-11-01', until: '2026-11-01' }, now)).toThrow(UsageError);
    expect(() => resolvePeriod({ since: '2026-11-01', days: '3' }, now)).toThrow(/either --since or --days/);
  });

  it('a window of more than a year is a usage error; a year is fine', () => {
    expect(() => resolvePeriod({ since: '2020-01-01', until: '2026-01-01' }, now)).toThrow(
      /is 2192 days: the report covers at most 366; report one year at a time/,
    );
    expect(() => resolvePeriod({ days: '367' }, now)).toThrow(UsageError);
    expect(iso(resolvePeriod({ days: '366' }, now))[0]).toBe('2025-11-21T21:40:00.000Z');
  });
});
