import { ABNORMAL_HOUR } from './abnormal-hour.js';
import { median, robustSd } from './stats.js';

/**
 * Hourly cost anomalies: the definition of ABNORMAL_HOUR (abnormal-hour.ts), which the `LLMCostSpike` alert
 * rules share. Each hour is scored only against the hours BEFORE it.
 *
 * LLM spend has a daily shape (business-hours peaks, quiet nights) and a weekly one (quieter weekends), so a
 * mean and sd over all hours of 14 days would either miss a spike at a quiet hour (the sd is inflated by the
 * day/night swing) or flag every busy hour. Instead, for the hour at index i:
 *
 * - Seasonal samples: the cost at the SAME hour of day on each of the previous `baselineDays` days
 *   (`costs[i - 24k]`, k = 1..14). History starts at the first hour with any spend: the zero hours before
 *   it are "no data yet" (span files or metrics that do not reach that far back), not a history of $0
 *   against which the first hour of spend would always be an anomaly.
 * - Level: the median of those samples, so a past spike at that hour (one sample of 14) does not raise it,
 *   and a past incident does not hide the next one. Weekly shape: once the samples include the same weekday
 *   one and two weeks back (k = 7 and 14), and BOTH lie more than one sd (at least 20% of the median) on the
 *   same side of the median, the level moves to the nearer of the two. A Saturday is then compared with
 *   Saturdays, not with the weekday median (which would hide a weekend spike), and a weekday that is always
 *   busier (a Monday batch) is not flagged. It takes both weeks: one past spike on that weekday cannot mask
 *   a new one, and noise on one sample does not lower a weekday's level.
 * - Spread: 1.4826 * MAD of the samples (the median absolute deviation scaled to a normal sd), so past spikes
 *   do not inflate it; scaled by level / median when the weekday rule moved the level (noise taken as
 *   multiplicative). Three floors keep near-constant or near-zero series from flagging tiny wobbles, and
 *   absorb the error of estimating a spread from 14 samples:
 *     * 20% of the level (`relSdFloor`): 3 sd is at least +60% over the usual cost of that hour;
 *     * 5% of a typical hour (`levelSdFloor`, the median daily total of the same 14 days / 24): at quiet
 *       night hours a few extra calls double the cost without mattering to the budget;
 *     * $0.001 (`absSdFloorUsd`): an all-zero history still needs more than +$0.003 in the hour.
 * - Cold start: with fewer than `minHistoryDays` (7) days of history the same-hour samples are too few, or
 *   unbalanced (with 3 days, a Monday's samples are Friday, Saturday and Sunday: a weekend median); the
 *   level is then the busiest of the last 24 hours and an hour is abnormal above 3x that (`coldMultiple`):
 *   a new deployment's retry loop is caught, the morning ramp of its first days is not. The very first hour
 *   of spend has nothing before it and is never scored.
 * - Score: z = (cost - level) / sd; anomaly when z > threshold. `baselineMeanUsd` is the level and
 *   `baselineSdUsd` the floored spread, so `level + 3 * sd` is the line a renderer can draw.
 *
 * A lasting step up in spend (a new feature) is flagged for its first days, until it makes up the median of
 * the same-hour samples (about a week): intended, it is a change worth a look. A spike that recurs at the
 * same weekday and hour three weeks running becomes that hour's baseline.
 */

export interface BaselineScore {
  /** The hour's baseline level (robust: the median of the same hour on previous days); null without history. */
  baselineMeanUsd: number | null;
  /** Robust sd of that baseline, floored (see above); null without history. */
  baselineSdUsd: number | null;
  /** (cost - baselineMeanUsd) / baselineSdUsd; null without history. */
  zScore: number | null;
  anomaly: boolean;
}

export interface ScoreOptions {
  /** Days of history in the rolling baseline (default 14). */
  baselineDays?: number;
  /** Standard deviations above the baseline that make an hour anomalous (default 3). */
  threshold?: number;
}

export const BASELINE_DAYS = ABNORMAL_HOUR.baselineDays;
export const THRESHOLD_SD = ABNORMAL_HOUR.thresholdSd;
const { minHistoryDays, relSdFloor, levelSdFloor, absSdFloorUsd, coldRecentHours, coldMultiple } =
  ABNORMAL_HOUR;
const [WEEK, TWO_WEEKS] = ABNORMAL_HOUR.sameWeekdayDaysAgo;

const NO_BASELINE: BaselineScore = Object.freeze({
  baselineMeanUsd: null,
  baselineSdUsd: null,
  zScore: null,
  anomaly: false,
});

/** One score per hour of `costs` (a dense hourly array), each against the hours before it only. */
export function scoreHours(costs: readonly number[], opts: ScoreOptions = {}): BaselineScore[] {
  const days = Math.max(1, Math.floor(opts.baselineDays ?? BASELINE_DAYS));
  const threshold = opts.threshold ?? THRESHOLD_SD;
  const minDays = Math.min(minHistoryDays, days);
  // prefix[i] = sum of costs[0..i): daily totals in O(1).
  const prefix = new Float64Array(costs.length + 1);
  for (let i = 0; i < costs.length; i++) prefix[i + 1] = prefix[i]! + costs[i]!;

  const firstSpend = costs.findIndex((v) => v > 0);
  const scores: BaselineScore[] = [];
  for (let i = 0; i < costs.length; i++) {
    const available =
      firstSpend < 0 || i < firstSpend ? 0 : Math.min(days, Math.floor((i - firstSpend) / 24));
    if (available < minDays) {
      scores.push(coldStart(costs, i, firstSpend, threshold));
      continue;
    }
    const samples: number[] = [];
    const dailyTotals: number[] = [];
    const sameWeekday: number[] = [];
    for (let k = 1; k <= available; k++) {
      const sample = costs[i - 24 * k]!;
      samples.push(sample);
      if (k === WEEK || k === TWO_WEEKS) sameWeekday.push(sample);
      dailyTotals.push(prefix[i - 24 * (k - 1)]! - prefix[i - 24 * k]!);
    }
    const sampleMedian = median(samples);
    const sampleSd = robustSd(samples, sampleMedian);
    const level = weekdayLevel(sampleMedian, Math.max(sampleSd, relSdFloor * sampleMedian), sameWeekday);
    // Noise is taken as multiplicative: the spread scales with the level when the weekday moved it.
    const spread = sampleSd * (sampleMedian > 0 ? level / sampleMedian : 1);
    const typicalHour = median(dailyTotals) / 24;
    const sd = Math.max(spread, relSdFloor * level, levelSdFloor * typicalHour, absSdFloorUsd);
    const zScore = (costs[i]! - level) / sd;
    scores.push({ baselineMeanUsd: level, baselineSdUsd: sd, zScore, anomaly: zScore > threshold });
  }
  return scores;
}

/** The cold-start score of hour i: against the busiest of the `coldRecentHours` hours before it. */
function coldStart(
  costs: readonly number[],
  i: number,
  firstSpend: number,
  threshold: number,
): BaselineScore {
  if (firstSpend < 0 || i <= firstSpend) return { ...NO_BASELINE };
  let level = 0;
  for (let j = Math.max(firstSpend, i - coldRecentHours); j < i; j++) level = Math.max(level, costs[j]!);
  const sd = Math.max(((coldMultiple - 1) * level) / threshold, absSdFloorUsd);
  const zScore = (costs[i]! - level) / sd;
  return { baselineMeanUsd: level, baselineSdUsd: sd, zScore, anomaly: zScore > threshold };
}

/**
 * The same-hour median, moved to the same weekday's range when both of the last two same-weekday values lie
 * more than `tolerance` (one sd) on the same side of it: a weekday that is consistently quieter or busier.
 * Within the tolerance the median stands, so noise on two samples does not lower a weekday's level.
 */
function weekdayLevel(sampleMedian: number, tolerance: number, sameWeekday: readonly number[]): number {
  if (sameWeekday.length < 2) return sampleMedian;
  const low = Math.min(...sameWeekday);
  const high = Math.max(...sameWeekday);
  if (low > sampleMedian + tolerance) return low;
  if (high < sampleMedian - tolerance) return high;
  return sampleMedian;
}
