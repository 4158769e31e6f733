import { median, robustSd } from './stats.js';

/**
 * Hourly cost anomalies: an hour is anomalous when its cost is more than `threshold` (3) standard deviations
 * above its rolling `baselineDays` (14) baseline, computed only from hours BEFORE it.
 *
 * LLM spend has a daily shape (business-hours peaks, quiet nights) and a weekly one (quieter weekends), so a
 * mean and sd over all hours of 14 days would either miss a spike at a peak hour (the sd is inflated by the
 * day/night swing) or flag every morning. Instead, for the hour at index i:
 *
 * - Seasonal samples: the cost at the SAME hour of day on each of the previous `baselineDays` days
 *   (`costs[i - 24k]`, k = 1..14). At least 3 days of history are required; before that the baseline is null
 *   and nothing is flagged.
 * - Level: the median of those samples (robust: a past spike at that hour is one sample of 14 and does not
 *   raise it). Quieter weekend days are a minority of the samples, so weekday peaks are compared with weekday
 *   levels; weekend hours then sit below the level and are never flagged for it. When the samples include
 *   the same weekday one and two weeks back (k = 7, 14), the level is raised to the smaller of those two, so a
 *   weekly pattern where some day is BUSIER than the rest (e.g. a Monday batch) is not flagged either; taking
 *   the smaller of two means one past spike on that weekday cannot mask a new one.
 * - Spread: 1.4826 * MAD of the samples (the median absolute deviation scaled to a normal sd), so past spikes
 *   do not inflate it, with three floors so that near-constant or near-zero series do not flag tiny wobbles:
 *     * 15% of the level (`REL_SD_FLOOR`): 3 sd is then at least +45% over the usual cost of that hour, which
 *       keeps ordinary hour-to-hour noise (sampled as 8-12% multiplicative here) from ever reaching 3 sd;
 *     * 5% of a typical hour (`LEVEL_SD_FLOOR`, the median daily total of the same 14 days / 24): at quiet
 *       night hours a few extra calls double the cost without mattering to the budget;
 *     * $0.001 (`ABS_SD_FLOOR_USD`): an all-zero history still needs +$0.003 in the hour.
 * - Score: z = (cost - level) / sd; anomaly when z > threshold. `baselineMeanUsd` is the level and
 *   `baselineSdUsd` the floored spread, so `level + 3 * sd` is the line a renderer can draw.
 *
 * A lasting step up in spend (a new feature) is flagged for its first days, until it makes up the median of
 * the same-hour samples (about a week): that is intended, it is a change worth a look.
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

export const BASELINE_DAYS = 14;
export const THRESHOLD_SD = 3;
export const MIN_HISTORY_DAYS = 3;
export const REL_SD_FLOOR = 0.2;
export const LEVEL_SD_FLOOR = 0.05;
export const ABS_SD_FLOOR_USD = 0.001;

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
  const minDays = Math.min(MIN_HISTORY_DAYS, days);
  // prefix[i] = sum of costs[0..i): daily totals in O(1).
  const prefix = new Float64Array(costs.length + 1);
  for (let i = 0; i < costs.length; i++) prefix[i + 1] = prefix[i]! + costs[i]!;

  const scores: BaselineScore[] = [];
  for (let i = 0; i < costs.length; i++) {
    const available = Math.min(days, Math.floor(i / 24));
    if (available < minDays) {
      scores.push({ ...NO_BASELINE });
      continue;
    }
    const samples: number[] = [];
    const dailyTotals: number[] = [];
    const sameWeekday: number[] = [];
    for (let k = 1; k <= available; k++) {
      const sample = costs[i - 24 * k]!;
      samples.push(sample);
      if (k % 7 === 0) sameWeekday.push(sample);
      dailyTotals.push(prefix[i - 24 * (k - 1)]! - prefix[i - 24 * k]!);
    }
    const sampleMedian = median(samples);
    const level =
      sameWeekday.length >= 2
        ? Math.min(Math.max(sampleMedian, Math.min(...sameWeekday)), Math.max(...sameWeekday))
        : sampleMedian;
    // Noise is taken as multiplicative: the spread scales with the level when the weekday moved it.
    const spread = robustSd(samples, sampleMedian) * (sampleMedian > 0 ? level / sampleMedian : 1);
    const typicalHour = median(dailyTotals) / 24;
    const sd = Math.max(spread, REL_SD_FLOOR * level, LEVEL_SD_FLOOR * typicalHour, ABS_SD_FLOOR_USD);
    const zScore = (costs[i]! - level) / sd;
    scores.push({ baselineMeanUsd: level, baselineSdUsd: sd, zScore, anomaly: zScore > threshold });
  }
  return scores;
}
