// The recording rules of the abnormal-hour definition that `llmcost report` uses too (ABNORMAL_HOUR, in
// packages/cli/src/report/analytics/abnormal-hour.ts): the same numbers, written as PromQL over the recorded
// hourly cost. dashboards/prometheus/abnormal-hour.test.ts runs both on the same data.
import { ABNORMAL_HOUR as S } from '../../../packages/cli/src/report/analytics/abnormal-hour.js';
import type { Rule } from './emit.js';

/** Cost of the last hour (sliding), all services. */
export const HOURLY = 'llmcost:cost_usd:increase1h';
/** Cost series present at an evaluation (recorded by the cost rules). */
export const SERIES = 'llmcost:cost_usd:series';
/** Cost of the last 24 hours (sliding). */
export const DAILY = 'llmcost:cost_usd:increase1d';
export const SAME_HOUR = `${HOURLY}:same_hour`;
export const SAME_HOUR_DAYS = `${DAILY}:same_hour`;
export const HISTORY_DAYS = `${HOURLY}:history_days`;
export const MEDIAN = `${HOURLY}:same_hour_median`;
export const SPREAD = `${HOURLY}:same_hour_sd`;
export const RECENT_MAX = `${HOURLY}:recent_max`;
/** The hour's baseline level (seasonal, or cold start). */
export const BASELINE = `${HOURLY}:baseline`;
export const BASELINE_SD = `${HOURLY}:baseline_sd`;
/** Above this, the last hour is abnormal. */
export const THRESHOLD = `${HOURLY}:threshold`;

const days = Array.from({ length: S.baselineDays }, (_, i) => i + 1);
const union = (terms: string[]) => terms.join('\n  or ');
const seasonal = `${HISTORY_DAYS} >= ${S.minHistoryDays}`;
const tolerance = `clamp_min(${SPREAD}, scalar(${S.relSdFloor} * ${MEDIAN}))`;
const week = `${SAME_HOUR}{days_ago=~"${S.sameWeekdayDaysAgo.join('|')}"}`;
const bothWeeks = `count(${week}) == ${S.sameWeekdayDaysAgo.length}`;
const typicalHour = `quantile(0.5, ${SAME_HOUR_DAYS}) / 24`;

export function abnormalHourRules(): Rule[] {
  return [
    {
      comment:
        'The abnormal-hour definition shared with `llmcost report` (ABNORMAL_HOUR in\n' +
        'packages/cli/src/report/analytics/abnormal-hour.ts; generated from it). Seasonal samples: the\n' +
        `last hour's cost at the same time on each of the previous ${S.baselineDays} days.`,
      record: SAME_HOUR,
      expr: union(days.map((k) => `label_replace(${HOURLY} offset ${k}d, "days_ago", "${k}", "", "")`)),
    },
    {
      comment: 'Days of history behind the seasonal baseline.',
      record: HISTORY_DAYS,
      expr: `count(${SAME_HOUR})`,
    },
    {
      comment: 'Their median: one past incident (one sample in 14) barely moves it.',
      record: MEDIAN,
      expr: `quantile(0.5, ${SAME_HOUR})`,
    },
    {
      comment: `Their spread: ${S.madToSd} x the median absolute deviation (a robust standard deviation).`,
      record: SPREAD,
      expr: `${S.madToSd} * quantile(0.5, abs(${SAME_HOUR} - on () group_left () ${MEDIAN}))`,
    },
    {
      comment: "The 24 hours before each sample's hour, for the typical hour (their median / 24).",
      record: SAME_HOUR_DAYS,
      expr: `(\n  ${union(
        days.map((k) => `label_replace(${DAILY} offset ${1 + (k - 1) * 24}h, "days_ago", "${k}", "", "")`),
      )}\n)\nand on (days_ago) ${SAME_HOUR}`,
    },
    {
      comment:
        `Cold start (under ${S.minHistoryDays} days of history): the busiest hour of the ${S.coldRecentHours} before the last one. The\n` +
        'hours are sliding (a value every 5 minutes), so the nearest one ends where the last hour begins; on hourly\n' +
        'data they are exactly the calendar hours the report compares. The nearest must be a whole hour of data\n' +
        '(cost series present two hours ago): the windows of the first hour of data are partial.',
      record: RECENT_MAX,
      expr: `max_over_time(${HOURLY}[${S.coldRecentHours - 1}h] offset 1h) and on () (${SERIES} offset 2h)`,
    },
    {
      comment:
        'The level: the median, or the same weekday one and two weeks back when both lie beyond the\n' +
        'tolerance on the same side of it (a quieter weekend, a busier Monday); the busiest recent hour\n' +
        'before the seasonal samples suffice.',
      record: BASELINE,
      expr: [
        '(',
        `  (min(${week}) > ${MEDIAN} + ${tolerance} and on () ${bothWeeks})`,
        `  or (max(${week}) < ${MEDIAN} - ${tolerance} and on () ${bothWeeks})`,
        `  or ${MEDIAN}`,
        `) and on () ${seasonal}`,
        `or ${RECENT_MAX}`,
      ].join('\n'),
    },
    {
      comment:
        `The spread, scaled with the level when the weekday moved it, floored at ${S.relSdFloor * 100}% of the level, ` +
        `${S.levelSdFloor * 100}% of a\n` +
        `typical hour and ${S.absSdFloorUsd} USD; in cold start, what puts the threshold at ${S.coldMultiple}x the level.`,
      record: BASELINE_SD,
      expr: [
        'clamp_min(',
        '  clamp_min(',
        '    clamp_min(',
        `      (${SPREAD} * ${BASELINE} / (${MEDIAN} > 0) or ${SPREAD}),`,
        `      scalar(${S.relSdFloor} * ${BASELINE})`,
        '    ),',
        `    scalar(${S.levelSdFloor} * ${typicalHour})`,
        `  ) and on () ${seasonal}`,
        `  or ${S.coldMultiple - 1} * ${RECENT_MAX} / ${S.thresholdSd},`,
        `  ${S.absSdFloorUsd}`,
        ')',
      ].join('\n'),
    },
    {
      comment: `Abnormal above this: ${S.thresholdSd} standard deviations above the level.`,
      record: THRESHOLD,
      expr: `${BASELINE} + ${S.thresholdSd} * ${BASELINE_SD}`,
    },
  ];
}
