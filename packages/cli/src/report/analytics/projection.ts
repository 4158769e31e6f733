import type { BudgetRunOut, Projection } from '../model.js';
import { DAY_MS, endIndex, HOUR_MS, hourIndex, sumRange, utcDate, utcMonthOf, WEEK_HOURS } from './hours.js';
import { totalGrowth } from './trends.js';

/**
 * Weekly growth used to extrapolate spend is clamped to [-50%, +100%]: a launch week can show +400%
 * over the week before, and compounding that for the rest of the month gives dates that say nothing.
 */
export const MIN_WEEKLY_GROWTH = -0.5;
export const MAX_WEEKLY_GROWTH = 1;

/**
 * Month-end projection for the UTC month of the window's end (`untilMs - 1`).
 * Month-to-date sums the array from the month's start (or from the array's start when it begins later: the
 * caller warns that the figure is partial). The daily rate is the mean over the last 7 days before `untilMs`
 * (or over the whole array when it is shorter); projected = month-to-date + rate x remaining days, fractional.
 */
export function projectMonth(
  costs: readonly number[],
  startMs: number,
  untilMs: number,
  budgetMonthUsd: number | null,
): Projection {
  const month = utcMonthOf(untilMs - 1);
  const end = endIndex(startMs, untilMs);
  const monthToDateUsd = sumRange(costs, hourIndex(startMs, month.startMs), end);
  const dailyRateUsd = dailyRate(costs, startMs, untilMs);
  const remainingDays = Math.max(0, month.endMs - untilMs) / DAY_MS;
  const projectedMonthUsd = monthToDateUsd + dailyRateUsd * remainingDays;
  return {
    month: month.label,
    monthToDateUsd,
    dailyRateUsd,
    projectedMonthUsd,
    budgetMonthUsd,
    utilisation:
      budgetMonthUsd !== null && budgetMonthUsd > 0
        ? { monthToDate: monthToDateUsd / budgetMonthUsd, projected: projectedMonthUsd / budgetMonthUsd }
        : null,
  };
}

/** Mean spend per day over the last 7 days before `untilMs` (or the covered part, if shorter). */
function dailyRate(costs: readonly number[], startMs: number, untilMs: number): number {
  const end = endIndex(startMs, untilMs);
  const from = Math.max(0, end - WEEK_HOURS);
  const elapsedMs = untilMs - (startMs + from * HOUR_MS);
  if (elapsedMs <= 0) return 0;
  return sumRange(costs, from, end) / (elapsedMs / DAY_MS);
}

/**
 * When this month's spend reaches `budgetMonthUsd` if daily spend keeps growing at the week-over-week growth
 * of total spend (clamped, see above), compounded continuously: from `untilMs`, the spend rate is
 * r(t) = r0 * f^t with r0 the daily rate of `projectMonth`, f = (1 + weeklyGrowth)^(1/7) and t in days, so
 * the month's cumulative spend is MTD + r0 * (f^t - 1) / ln f (MTD + r0 * t without growth).
 * `date` is null when that does not happen before the month ends. When the budget is already spent,
 * `exceeded` is true and `date` is the day the month's spend crossed it.
 */
export function budgetRunOut(
  costs: readonly number[],
  startMs: number,
  untilMs: number,
  budgetMonthUsd: number,
): BudgetRunOut {
  const projection = projectMonth(costs, startMs, untilMs, budgetMonthUsd);
  const growth = totalGrowth(costs, startMs, untilMs) ?? 0;
  const weeklyGrowth = Math.min(MAX_WEEKLY_GROWTH, Math.max(MIN_WEEKLY_GROWTH, growth));
  const result = { budgetMonthUsd, weeklyGrowth };
  if (projection.monthToDateUsd >= budgetMonthUsd) {
    return { ...result, date: crossingDate(costs, startMs, untilMs, budgetMonthUsd), exceeded: true };
  }
  const days = daysToSpend(budgetMonthUsd - projection.monthToDateUsd, projection.dailyRateUsd, weeklyGrowth);
  const month = utcMonthOf(untilMs - 1);
  const atMs = days === null ? null : untilMs + days * DAY_MS;
  return { ...result, date: atMs !== null && atMs < month.endMs ? utcDate(atMs) : null, exceeded: false };
}

/** Days until `amount` more is spent at rate r0 * f^t; null when it never is (no spend, or decay). */
function daysToSpend(amount: number, dailyRateUsd: number, weeklyGrowth: number): number | null {
  if (dailyRateUsd <= 0) return null;
  const lnF = Math.log1p(weeklyGrowth) / 7;
  if (Math.abs(lnF) < 1e-12) return amount / dailyRateUsd;
  // r0 * (f^t - 1) / ln f = amount  =>  t = ln(1 + amount * ln f / r0) / ln f
  const arg = 1 + (amount * lnF) / dailyRateUsd;
  return arg > 0 ? Math.log(arg) / lnF : null;
}

/** The UTC date of the hour in which this month's cumulative spend first reached the budget. */
function crossingDate(costs: readonly number[], startMs: number, untilMs: number, budget: number): string {
  const month = utcMonthOf(untilMs - 1);
  const end = Math.min(costs.length, endIndex(startMs, untilMs));
  let cumulative = 0;
  for (let i = Math.max(0, hourIndex(startMs, month.startMs)); i < end; i++) {
    cumulative += costs[i]!;
    if (cumulative >= budget) return utcDate(startMs + i * HOUR_MS);
  }
  return utcDate(untilMs - 1);
}
