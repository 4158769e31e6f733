import { describe, expect, it } from 'vitest';
import { budgetRunOut, projectMonth, totalGrowth, weekOverWeek } from '../src/report/analytics/index.js';

const H = 3_600_000;
const DAY = 24 * H;

/** A dense hourly array from `startMs` to `untilMs` with the cost given by the hour's start time. */
function series(startMs: number, untilMs: number, costAt: (ms: number) => number): number[] {
  const out: number[] = [];
  for (let t = startMs; t < untilMs; t += H) out.push(costAt(t));
  return out;
}

/** Sum of the hours whose start lies in [fromMs, toMs), computed from timestamps, not indexes. */
function sumBetween(startMs: number, costs: readonly number[], fromMs: number, toMs: number): number {
  let sum = 0;
  costs.forEach((cost, i) => {
    const t = startMs + i * H;
    if (t >= fromMs && t < toMs) sum += cost;
  });
  return sum;
}

describe('weekOverWeek and totalGrowth', () => {
  const until = Date.UTC(2026, 10, 22); // 2026-11-22 00:00
  const start = until - 21 * DAY;
  const lastWeekStart = until - 14 * DAY;
  const thisWeekStart = until - 7 * DAY;

  it('compares the 7 days before until with the 7 before, per feature', () => {
    const byFeature = new Map<string, number[]>([
      // 1 $/h last week, 3 $/h this week: 168 -> 504, growth 2.
      ['chat', series(start, until, (t) => (t >= thisWeekStart ? 3 : t >= lastWeekStart ? 1 : 50))],
      // Halves: 2 $/h then 1 $/h: 336 -> 168, growth -0.5.
      ['search', series(start, until, (t) => (t >= thisWeekStart ? 1 : 2))],
      // New this week: no spend last week, growth null.
      ['agent', series(start, until, (t) => (t >= until - DAY ? 0.5 : 0))],
      // Nothing in either week (spend three weeks ago only): left out.
      ['old', series(start, until, (t) => (t < lastWeekStart ? 9 : 0))],
    ]);
    expect(weekOverWeek(byFeature, start, until)).toEqual([
      { feature: 'chat', thisWeekUsd: 504, lastWeekUsd: 168, growth: 2 },
      { feature: 'search', thisWeekUsd: 168, lastWeekUsd: 336, growth: -0.5 },
      { feature: 'agent', thisWeekUsd: 12, lastWeekUsd: 0, growth: null },
    ]);
  });

  it('totalGrowth is the same comparison on the total, checked against timestamp arithmetic', () => {
    const costs = series(start, until, (t) => ((t / H) % 24) * 0.01 + (t >= thisWeekStart ? 0.3 : 0.1));
    const thisWeek = sumBetween(start, costs, thisWeekStart, until);
    const lastWeek = sumBetween(start, costs, lastWeekStart, thisWeekStart);
    expect(totalGrowth(costs, start, until)).toBeCloseTo((thisWeek - lastWeek) / lastWeek, 12);
    expect(totalGrowth(costs, start, until)).toBeGreaterThan(0);
  });

  it('is null when last week had no spend or the data does not cover it', () => {
    expect(
      totalGrowth(
        series(start, until, () => 0),
        start,
        until,
      ),
    ).toBeNull();
    const tenDays = until - 10 * DAY;
    expect(
      totalGrowth(
        series(tenDays, until, () => 1),
        tenDays,
        until,
      ),
    ).toBeNull();
    expect(weekOverWeek(new Map([['x', series(tenDays, until, () => 1)]]), tenDays, until)).toEqual([
      { feature: 'x', thisWeekUsd: 168, lastWeekUsd: 72, growth: null },
    ]);
  });
});

describe('projectMonth', () => {
  // Window ends 2026-11-15 12:00; the array starts 14 days before 2026-11-01.
  const until = Date.UTC(2026, 10, 15, 12);
  const start = Date.UTC(2026, 9, 18);
  const costs = series(start, until, (t) => 1 + (new Date(t).getUTCHours() % 5) * 0.25);

  it('month-to-date from the 1st, daily rate over the last 7 days, remaining days fractional', () => {
    const monthStart = Date.UTC(2026, 10, 1);
    const mtd = sumBetween(start, costs, monthStart, until);
    const rate = sumBetween(start, costs, until - 7 * DAY, until) / 7;
    const remaining = 15.5; // 2026-11-15 12:00 -> 2026-12-01 00:00
    const projected = mtd + rate * remaining;
    const p = projectMonth(costs, start, until, 2000);
    expect(p.month).toBe('2026-11');
    expect(p.monthToDateUsd).toBeCloseTo(mtd, 9);
    expect(p.dailyRateUsd).toBeCloseTo(rate, 9);
    expect(p.projectedMonthUsd).toBeCloseTo(projected, 9);
    expect(p.budgetMonthUsd).toBe(2000);
    expect(p.utilisation!.monthToDate).toBeCloseTo(mtd / 2000, 12);
    expect(p.utilisation!.projected).toBeCloseTo(projected / 2000, 12);
    expect(projectMonth(costs, start, until, null).utilisation).toBeNull();
  });

  it('a flat $1/hour: 14.5 days so far, 30 days projected', () => {
    const flat = series(start, until, () => 1);
    const p = projectMonth(flat, start, until, 1440);
    expect(p.monthToDateUsd).toBe(14.5 * 24);
    expect(p.dailyRateUsd).toBe(24);
    expect(p.projectedMonthUsd).toBe(720);
    expect(p.utilisation).toEqual({ monthToDate: 348 / 1440, projected: 0.5 });
  });

  it('uses the covered part when the array starts after the 1st, and the whole array when under 7 days', () => {
    const lateStart = Date.UTC(2026, 10, 12); // 3.5 days of data
    const p = projectMonth(
      series(lateStart, until, () => 2),
      lateStart,
      until,
      null,
    );
    expect(p.monthToDateUsd).toBe(3.5 * 48);
    expect(p.dailyRateUsd).toBe(48);
    expect(p.projectedMonthUsd).toBe(3.5 * 48 + 15.5 * 48);
  });

  it('a window ending exactly at midnight on the 1st belongs to the month before, nothing remaining', () => {
    const end = Date.UTC(2026, 11, 1);
    const p = projectMonth(
      series(start, end, () => 1),
      start,
      end,
      null,
    );
    expect(p.month).toBe('2026-11');
    expect(p.monthToDateUsd).toBe(30 * 24);
    expect(p.projectedMonthUsd).toBe(30 * 24);
  });

  it('a window ending inside an hour counts that hour and the exact remaining time', () => {
    const end = Date.UTC(2026, 10, 10, 6, 30); // the hour 06:00 is partial
    const flat = series(start, end, () => 1);
    const p = projectMonth(flat, start, end, null);
    expect(p.monthToDateUsd).toBe(9 * 24 + 7); // 00:00 .. 06:00 of the 10th: 7 hours
    // The last 7 days hold 168 hours of $1 over 7 days minus half an hour.
    expect(p.dailyRateUsd).toBeCloseTo(168 / (7 - 0.5 / 24), 12);
  });
});

describe('budgetRunOut', () => {
  const start = Date.UTC(2026, 9, 18);
  const until = Date.UTC(2026, 10, 10); // 9 days into November

  it('without growth: a straight line from month-to-date at the daily rate', () => {
    const flat = series(start, until, () => 1); // $24/day, $216 by the 10th
    // 500 - 216 = 284 more at 24/day: 11.83 days after Nov 10 00:00 -> Nov 21 ~20:00.
    expect(budgetRunOut(flat, start, until, 500)).toEqual({
      budgetMonthUsd: 500,
      weeklyGrowth: 0,
      date: '2026-11-21',
      exceeded: false,
    });
    // 216 + 24 * 21 days left = 720 < 1000: not this month.
    expect(budgetRunOut(flat, start, until, 1000).date).toBeNull();
  });

  it('already over budget: exceeded, dated the day the month crossed it', () => {
    const flat = series(start, until, () => 1);
    // $200 is reached after 200 hours of November: hour 199 starts Nov 9 07:00.
    expect(budgetRunOut(flat, start, until, 200)).toEqual({
      budgetMonthUsd: 200,
      weeklyGrowth: 0,
      date: '2026-11-09',
      exceeded: true,
    });
  });

  it('with growth: daily spend compounding at the weekly rate, checked by stepping minute by minute', () => {
    // $1/h until 7 days before until, then $1.5/h: weekly growth +50%.
    const costs = series(start, until, (t) => (t >= until - 7 * DAY ? 1.5 : 1));
    const result = budgetRunOut(costs, start, until, 900);
    expect(result.weeklyGrowth).toBeCloseTo(0.5, 12);
    // Independent: integrate rate(t) = 36/day * 1.5^(t/7 days) in 1-minute steps from MTD.
    const mtd = 2 * 24 + 7 * 36; // Nov 1-2 at $24/day, Nov 3-9 at $36/day
    let spent = mtd;
    let t = 0;
    const step = 1 / 1440;
    while (spent < 900) {
      spent += 36 * 1.5 ** ((t + step / 2) / 7) * step;
      t += step;
    }
    const expected = new Date(until + t * DAY).toISOString().slice(0, 10);
    expect(result.date).toBe(expected);
    expect(result.exceeded).toBe(false);
    // And faster than without growth: 300 + 36 * t = 900 -> 16.7 days -> the 26th.
    expect(expected < '2026-11-26').toBe(true);
  });

  it('clamps weekly growth to +100% and -50%, and a shrinking spend may never reach the budget', () => {
    const surge = series(start, until, (t) => (t >= until - 7 * DAY ? 10 : 1));
    expect(budgetRunOut(surge, start, until, 100_000).weeklyGrowth).toBe(1);
    const collapse = series(start, until, (t) => (t >= until - 7 * DAY ? 0.1 : 1));
    const shrinking = budgetRunOut(collapse, start, until, 1000);
    expect(shrinking.weeklyGrowth).toBe(-0.5);
    // Halving every week from $2.4/day: at most 2.4 * 7 / ln 2 = $24 more, never $1000.
    expect(shrinking.date).toBeNull();
    expect(shrinking.exceeded).toBe(false);
  });

  it('no spend at all: no date', () => {
    expect(
      budgetRunOut(
        series(start, until, () => 0),
        start,
        until,
        10,
      ),
    ).toEqual({
      budgetMonthUsd: 10,
      weeklyGrowth: 0,
      date: null,
      exceeded: false,
    });
  });
});
