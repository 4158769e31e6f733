/**
 * The definition of an abnormal hour of spend, shared by `llmcost report` (`scoreHours`, baseline.ts) and the
 * `LLMCostSpike` alert: dashboards/src/rules generates the Prometheus recording rules from these numbers, and
 * dashboards/prometheus/abnormal-hour.test.ts checks on the same data that both mark the same hours.
 *
 * For the hour h (its cost c), with the history of the service (hours since its first spend):
 *
 * Seasonal path, once `minHistoryDays` days of history exist:
 * - samples: the cost of the same hour on each of the previous `baselineDays` days (those with history);
 * - median m of the samples, spread s = `madToSd` x the median absolute deviation from m;
 * - level: m, or the same weekday's value when the samples of `sameWeekdayDaysAgo` (one and two weeks back)
 *   both exist and both lie more than max(s, `relSdFloor` x m) on the same side of m (the nearer one to m);
 *   the spread is then scaled by level / m;
 * - sd: the largest of the (scaled) spread, `relSdFloor` x level, `levelSdFloor` x typical hour (the median
 *   total of the samples' days, the 24 hours before each sample's hour... ending with the hour before h, / 24),
 *   and `absSdFloorUsd`.
 *
 * Cold-start path, before that (a new service, or history shorter than `minHistoryDays` days; a week, so that
 * the samples hold weekdays and weekend days in their usual proportion):
 * - level: the highest hourly cost of the `coldRecentHours` hours before h (those with history, at least one);
 * - sd: (`coldMultiple` - 1) x level / `thresholdSd`, at least `absSdFloorUsd`: the threshold is then
 *   `coldMultiple` x the busiest recent hour, so a new deployment's retry loop is caught while the day's ramp
 *   from night to noon (at most about 2x an hour) is not.
 *
 * Abnormal when c > level + `thresholdSd` x sd (z = (c - level) / sd > thresholdSd).
 */
export const ABNORMAL_HOUR = {
  baselineDays: 14,
  minHistoryDays: 7,
  thresholdSd: 3,
  /** 1.4826 x MAD estimates sigma for normal data, and a few outliers (past incidents) barely move it. */
  madToSd: 1.4826,
  relSdFloor: 0.2,
  levelSdFloor: 0.05,
  absSdFloorUsd: 0.001,
  sameWeekdayDaysAgo: [7, 14],
  coldRecentHours: 24,
  coldMultiple: 3,
} as const;
