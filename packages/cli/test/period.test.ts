import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { parseDuration, resolvePeriod, utcMonthBounds } from '../src/report/period.js';

const now = new Date('2026-11-22T21:40:00Z');

describe('report period', () => {
  it.each([
    ['30m', 1800],
    ['24h', 86_400],
    ['7d', 604_800],
    ['2w', 1_209_600],
  ])('--since %s is %i seconds', (raw, seconds) => {
    expect(parseDuration(raw)).toBe(seconds);
  });

  it.each(['0d', '7', 'd', '1.5d', '7days', '-1d'])('--since %s is a usage error', (raw) => {
    expect(() => parseDuration(raw)).toThrow(UsageError);
  });

  it('defaults to the 7 days before now', () => {
    expect(resolvePeriod({}, now)).toEqual({ from: new Date('2026-11-15T21:40:00Z'), to: now });
  });

  it('--from alone ends now; a date without time is UTC midnight', () => {
    expect(resolvePeriod({ from: '2026-11-01' }, now)).toEqual({
      from: new Date('2026-11-01T00:00:00Z'),
      to: now,
    });
  });

  it('--from with an offset is converted to UTC', () => {
    const p = resolvePeriod({ from: '2026-11-01T02:00:00+02:00', to: '2026-11-02T00:00:00Z' }, now);
    expect(p.from.toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });

  it.each([
    [{ since: '7d', to: '2026-11-01' }, /either --since or --from\/--to/],
    [{ to: '2026-11-01' }, /--to needs --from/],
    [{ from: '2026-11-02', to: '2026-11-02' }, /--from must be before --to/],
  ])('%j is a usage error', (opts, message) => {
    expect(() => resolvePeriod(opts, now)).toThrow(message);
  });

  it('month bounds, December rolling into the next year', () => {
    expect(utcMonthBounds(new Date('2026-12-31T23:59:59Z'))).toEqual({
      start: new Date('2026-12-01T00:00:00Z'),
      end: new Date('2027-01-01T00:00:00Z'),
    });
  });
});
