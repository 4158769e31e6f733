import type { FeatureTrend } from '../model.js';
import { endIndex, sumRange, WEEK_HOURS } from './hours.js';

interface WeekPair {
  thisWeekUsd: number;
  lastWeekUsd: number;
  /** Whether the array covers both weeks in full (else last week is partly unknown). */
  covered: boolean;
}

/** The 7x24 hours before `untilMs` and the 7x24 hours before those. */
function weekPair(costs: readonly number[], startMs: number, untilMs: number): WeekPair {
  const end = endIndex(startMs, untilMs);
  return {
    thisWeekUsd: sumRange(costs, end - WEEK_HOURS, end),
    lastWeekUsd: sumRange(costs, end - 2 * WEEK_HOURS, end - WEEK_HOURS),
    covered: end - 2 * WEEK_HOURS >= 0,
  };
}

/** (this - last) / last; null when last week had no spend or lies (partly) before the data. */
function growthOf(pair: WeekPair): number | null {
  if (!pair.covered || pair.lastWeekUsd <= 0) return null;
  return (pair.thisWeekUsd - pair.lastWeekUsd) / pair.lastWeekUsd;
}

/**
 * Week-over-week spend per feature: the last 7 days before `untilMs` against the 7 days before them.
 * Features with no spend in either week are left out; sorted by this week's spend, descending, then name.
 */
export function weekOverWeek(
  byFeature: ReadonlyMap<string, readonly number[]>,
  startMs: number,
  untilMs: number,
): FeatureTrend[] {
  const trends: FeatureTrend[] = [];
  for (const [feature, costs] of byFeature) {
    const pair = weekPair(costs, startMs, untilMs);
    if (pair.thisWeekUsd === 0 && pair.lastWeekUsd === 0) continue;
    trends.push({
      feature,
      thisWeekUsd: pair.thisWeekUsd,
      lastWeekUsd: pair.lastWeekUsd,
      growth: growthOf(pair),
    });
  }
  return trends.sort((a, b) => b.thisWeekUsd - a.thisWeekUsd || a.feature.localeCompare(b.feature));
}

/** Growth of total spend, last 7 days against the 7 before; null when unknown (see `weekOverWeek`). */
export function totalGrowth(costs: readonly number[], startMs: number, untilMs: number): number | null {
  return growthOf(weekPair(costs, startMs, untilMs));
}
