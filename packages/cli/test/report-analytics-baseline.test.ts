import { describe, expect, it } from 'vitest';
import { scoreHours } from '../src/report/analytics/index.js';

/** mulberry32: a small seeded PRNG, so every run sees the same "random" noise. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Standard normal draws (Box-Muller) from a seeded PRNG. */
function normal(seed: number): () => number {
  const next = prng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** Monday 2026-09-07 00:00 UTC: hour i of the series is Monday + i hours. */
const START_MS = Date.UTC(2026, 8, 7);

/** Expected hourly cost: business-hours peak on weekdays, quiet nights, weekends at 30%. */
function shape(hour: number): number {
  const day = Math.floor(hour / 24) % 7; // 0 = Monday
  const h = hour % 24;
  const daily = h >= 9 && h < 18 ? 10 : h >= 7 && h < 21 ? 4 : 0.5;
  return day >= 5 ? 0.3 * daily : daily;
}

/** A clean series of `days` days with multiplicative gaussian noise of relative sd `noise`. */
function cleanSeries(days: number, seed: number, noise = 0.1): number[] {
  const draw = normal(seed);
  return Array.from({ length: days * 24 }, (_, i) => Math.max(0, shape(i) * (1 + noise * draw())));
}

/**
 * The first morning of a series that starts at midnight: at 07:00 the shape steps from $0.50 to $4, 8x the
 * busiest hour before it, which the cold-start path flags (tested on its own below). These tests are about
 * the seasonal path, so `anomalies` leaves that one hour out.
 */
const FIRST_MORNING = 7;
const anomalies = (costs: readonly number[]) =>
  scoreHours(costs).flatMap((score, i) => (score.anomaly && i !== FIRST_MORNING ? [i] : []));

/** The mean hourly cost of a clean week: "the usual hourly cost" a power user multiplies. */
const USUAL_HOUR = Array.from({ length: 168 }, (_, i) => shape(i)).reduce((a, b) => a + b) / 168;

describe('scoreHours', () => {
  it('starts at Monday and the shape has the daily and weekly swing the tests rely on', () => {
    expect(new Date(START_MS).getUTCDay()).toBe(1);
    expect(shape(10)).toBe(10); // Monday 10:00
    expect(shape(3)).toBe(0.5); // Monday 03:00
    expect(shape(5 * 24 + 10)).toBe(3); // Saturday 10:00
    expect(USUAL_HOUR).toBeGreaterThan(2);
    expect(USUAL_HOUR).toBeLessThan(5);
  });

  it.each([1, 2, 3, 4, 5])('flags nothing on 8 clean weeks with daily and weekly shape (seed %i)', (seed) => {
    const costs = cleanSeries(56, seed);
    expect(anomalies(costs)).toEqual([]);
  });

  it('puts the baseline of a weekday peak hour at the weekday level, and of a night hour at the night level', () => {
    const scores = scoreHours(cleanSeries(42, 7));
    const wednesday11 = (4 * 7 + 2) * 24 + 11;
    const wednesday03 = (4 * 7 + 2) * 24 + 3;
    expect(scores[wednesday11]!.baselineMeanUsd).toBeGreaterThan(9);
    expect(scores[wednesday11]!.baselineMeanUsd).toBeLessThan(11);
    expect(scores[wednesday03]!.baselineMeanUsd).toBeGreaterThan(0.4);
    expect(scores[wednesday03]!.baselineMeanUsd).toBeLessThan(0.6);
  });

  it('catches a night spike that a plain mean + 3 sd over all hours of 14 days would miss', () => {
    const costs = cleanSeries(42, 1);
    const at = (4 * 7 + 1) * 24 + 3; // Tuesday 03:00, usual cost $0.50
    costs[at] = costs[at]! + 10;
    const window = costs.slice(at - 14 * 24, at);
    const mean = window.reduce((a, b) => a + b) / window.length;
    const sd = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / window.length);
    expect(costs[at]!).toBeLessThan(mean + 3 * sd); // the naive detector misses it
    expect(anomalies(costs)).toEqual([at]);
  });

  it.each([
    ['a weekday peak, +5x the usual hour', (4 * 7 + 1) * 24 + 14, 5],
    ['a weekday night, +5x the usual hour', (4 * 7 + 3) * 24 + 2, 5],
    ['a Sunday afternoon, +10x the usual hour', (4 * 7 + 6) * 24 + 15, 10],
    ['a Monday morning after the weekend, +5x', 5 * 7 * 24 + 9, 5],
  ])('detects a 3-hour spike at %s in its first hour and not the hours around it', (_, at, times) => {
    const costs = cleanSeries(49, 11);
    for (let h = at; h < at + 3; h++) costs[h] = costs[h]! + times * USUAL_HOUR;
    expect(anomalies(costs)).toEqual([at, at + 1, at + 2]);
    const first = scoreHours(costs)[at]!;
    expect(first.zScore).toBeGreaterThan(3);
    // z is (cost - level) / sd, as the report documents.
    expect(first.zScore).toBeCloseTo((costs[at]! - first.baselineMeanUsd!) / first.baselineSdUsd!, 10);
  });

  it('compares weekend hours with the same weekday once two weeks are in the baseline', () => {
    const costs = cleanSeries(42, 31);
    const saturday14 = (4 * 7 + 5) * 24 + 14; // usual cost $3, weekdays $10 at that hour
    const scores = scoreHours(costs);
    expect(scores[saturday14]!.baselineMeanUsd).toBeGreaterThan(2.7);
    expect(scores[saturday14]!.baselineMeanUsd).toBeLessThan(3.5);
    // +2x the usual hour stays under the weekday level plus 3 sd, but is 3x the Saturday level.
    costs[saturday14] = costs[saturday14]! + 2 * USUAL_HOUR;
    expect(costs[saturday14]!).toBeLessThan(10 + 3 * 2);
    expect(anomalies(costs)).toEqual([saturday14]);
  });

  it('a past spike does not mask a later one at the same hour, next day or next week', () => {
    const costs = cleanSeries(49, 13);
    const spikes = [(3 * 7 + 1) * 24 + 14, (3 * 7 + 2) * 24 + 14, (4 * 7 + 2) * 24 + 14];
    for (const at of spikes) costs[at] = costs[at]! + 5 * USUAL_HOUR;
    expect(anomalies(costs)).toEqual(spikes);
  });

  it('a past spike does not raise the baseline of the hours after it', () => {
    const clean = cleanSeries(42, 17);
    const spiked = [...clean];
    const at = (3 * 7 + 1) * 24 + 14;
    for (let h = at; h < at + 3; h++) spiked[h] = spiked[h]! + 10 * USUAL_HOUR;
    const before = scoreHours(clean);
    const after = scoreHours(spiked);
    // The same hour the next day: one sample of 14 changed, the median moves by at most one order statistic.
    const nextDay = at + 24;
    expect(after[nextDay]!.baselineMeanUsd!).toBeLessThan(before[nextDay]!.baselineMeanUsd! * 1.1);
    expect(after[nextDay]!.baselineSdUsd!).toBeLessThan(before[nextDay]!.baselineSdUsd! * 1.5);
  });

  it('before 7 days of history, the cold-start path: abnormal above 3x the busiest of the last 24 hours', () => {
    const costs = cleanSeries(9, 19);
    const scores = scoreHours(costs);
    // the very first hour has nothing before it
    expect(scores[0]).toEqual({ baselineMeanUsd: null, baselineSdUsd: null, zScore: null, anomaly: false });
    const busiest = (i: number) => Math.max(...costs.slice(Math.max(0, i - 24), i));
    for (let i = 1; i < 7 * 24; i++) {
      expect(scores[i]!.baselineMeanUsd).toBe(busiest(i));
      expect(scores[i]!.baselineMeanUsd! + 3 * scores[i]!.baselineSdUsd!).toBeCloseTo(3 * busiest(i), 9);
    }
    // the step of the first morning (8x the night) is abnormal; the days after it, weekend included, are not
    expect(scores.slice(0, 7 * 24).flatMap((x, i) => (x.anomaly ? [i] : []))).toEqual([FIRST_MORNING]);
    // 2 hours of history, then a retry loop (x5)
    expect(scoreHours([2, 2.2, 11]).map((x) => x.anomaly)).toEqual([false, false, true]);
    expect(scoreHours([2, 2.2, 6]).map((x) => x.anomaly)).toEqual([false, false, false]);
    // from 7 days on, the seasonal path (same hour on previous days)
    const sameHour = [1, 2, 3, 4, 5, 6, 7].map((k) => costs[7 * 24 - 24 * k]!).sort((a, b) => a - b);
    expect(scores[7 * 24]!.baselineMeanUsd).toBeCloseTo(sameHour[3]!, 12);
    expect(scores).toHaveLength(costs.length);
    expect(scoreHours([])).toEqual([]);
  });

  it('uses the baselineDays and threshold options', () => {
    // Same hour: 1 on recent days, 100 earlier. A 3-day baseline sees only the recent days.
    const costs: number[] = Array.from({ length: 10 * 24 }, (_, i) => (i < 6 * 24 ? 100 : 1));
    costs[9 * 24 + 5] = 2;
    expect(scoreHours(costs, { baselineDays: 3 })[9 * 24 + 5]!.baselineMeanUsd).toBe(1);
    expect(scoreHours(costs)[9 * 24 + 5]!.baselineMeanUsd).toBe(100);
    // 2 over a level of 1 with the 20% floor: z = (2 - 1) / 0.2.
    const z = scoreHours(costs, { baselineDays: 3 })[9 * 24 + 5]!.zScore!;
    expect(z).toBeCloseTo(1 / 0.2, 10);
    expect(scoreHours(costs, { baselineDays: 3, threshold: 6 })[9 * 24 + 5]!.anomaly).toBe(false);
    expect(scoreHours(costs, { baselineDays: 3, threshold: 4 })[9 * 24 + 5]!.anomaly).toBe(true);
  });

  it('zero hours before the first spend are no history: the first spend is not scored against $0', () => {
    const zeros = new Array<number>(20 * 24).fill(0);
    const scores = scoreHours(zeros);
    expect(scores.every((s) => s.baselineMeanUsd === null && !s.anomaly)).toBe(true);
    const firstSpend = [...zeros];
    firstSpend[400] = 5;
    expect(anomalies(firstSpend)).toEqual([]);
    expect(scoreHours(firstSpend)[400]!.baselineMeanUsd).toBeNull();
    // Three days after the first spend the baseline exists (mostly $0 hours): the absolute floor applies.
    const later = [...firstSpend];
    later[400 + 3 * 24 + 1] = 0.002; // below 3 x $0.001
    expect(anomalies(later)).toEqual([]);
    expect(scoreHours(later)[400 + 3 * 24 + 1]).toEqual({
      baselineMeanUsd: 0,
      baselineSdUsd: 0.001,
      zScore: 2,
      anomaly: false,
    });
    later[400 + 3 * 24 + 2] = 5;
    expect(anomalies(later)).toEqual([400 + 3 * 24 + 2]);
  });

  it('a near-constant series does not flag small wobbles (20% relative floor), only a real jump', () => {
    const draw = normal(23);
    const costs = Array.from({ length: 30 * 24 }, () => 2 * (1 + 0.001 * draw()));
    expect(anomalies(costs)).toEqual([]);
    const plus50 = [...costs];
    plus50[600] = 3; // +50%: z about 1 / 0.4 = 2.5
    expect(anomalies(plus50)).toEqual([]);
    const plus80 = [...costs];
    plus80[600] = 3.6; // +80%: z about 4
    expect(anomalies(plus80)).toEqual([600]);
  });

  it('a busier weekday (a Monday batch) does not flag once two weeks of Mondays are in the baseline', () => {
    const draw = normal(29);
    const costs = Array.from({ length: 42 * 24 }, (_, i) => {
      const monday = Math.floor(i / 24) % 7 === 0;
      return (monday ? 8 : 2) * (1 + 0.1 * draw());
    });
    const flagged = anomalies(costs);
    // Mondays of week 2 (days 7) may flag: the pattern is new. From day 14 on, none.
    expect(flagged.filter((i) => i >= 14 * 24)).toEqual([]);
    expect(flagged.filter((i) => i >= 7 * 24 && i < 8 * 24).length).toBeGreaterThan(0);
  });
});
