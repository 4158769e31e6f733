// Cost rollups (hourly, daily, weekly, by feature, model and tier), LLMCostSpike and LLMCostGrowthWeekOverWeek.
import { ABNORMAL_HOUR } from '../../../packages/cli/src/report/analytics/abnormal-hour.js';
import { abnormalHourRules, BASELINE, HOURLY, SERIES, THRESHOLD } from './abnormal-hour.js';
import { LABELS, runbook } from './common.js';
import type { Rule } from './emit.js';

/** LLMCostSpike pages only for an hour at least this far above its level (USD): less is not worth a page. */
export const SPIKE_MIN_EXCESS_USD = 1;
/** Evaluations of the 5-minute group in an hour; fewer (a gap in the data) and LLMCostSpike waits. */
const COMPLETE_HOUR_EVALUATIONS = 12;
/** LLMCostGrowthWeekOverWeek: growth of a feature's 7-day spend, and the smallest 7-day spend judged. */
export const GROWTH = { ratio: 1.15, minWeekUsd: 35 };

const COST = 'gen_ai_usage_cost_USD_sum';
const BY_ALL = 'llmcost_feature, gen_ai_request_model, llmcost_tier';

function costRollups(): Rule[] {
  const rules: Rule[] = [];
  for (const [window, what] of [
    ['1h', 'Hourly'],
    ['1d', 'Daily'],
  ] as const) {
    const base = `llmcost_feature_model_tier:cost_usd:increase${window}`;
    rules.push({
      comment: `${what} cost (sliding window), from the cost histogram's running sum, once per feature, model and tier;\nthe totals below add these up (one pass over the raw series).`,
      record: base,
      expr: `sum by (${BY_ALL}) (increase(${COST}[${window}]))`,
    });
    rules.push({ record: `llmcost:cost_usd:increase${window}`, expr: `sum(${base})` });
    for (const label of ['llmcost_feature', 'gen_ai_request_model', 'llmcost_tier'])
      rules.push({ record: `${label}:cost_usd:increase${window}`, expr: `sum by (${label}) (${base})` });
  }
  rules.push({
    comment:
      "A feature's last 7 days: seven consecutive daily windows (cheaper than a 7-day raw range, and the same).",
    record: 'llmcost_feature:cost_usd:increase7d',
    expr: Array.from(
      { length: 7 },
      (_, k) => `llmcost_feature:cost_usd:increase1d${k ? ` offset ${k}d` : ''}`,
    ).join('\n  + '),
  });
  rules.push({
    comment:
      'Cost series present at this evaluation: a Prometheus restart or a scrape gap leaves evaluations without\nit, and LLMCostSpike waits for a complete hour after one.',
    record: SERIES,
    expr: `count(${COST})`,
  });
  return rules;
}

const costSpike: Rule = {
  comment:
    `See RUNBOOK.md#llmcostspike. The last hour is abnormal (above ${THRESHOLD}), at least\n` +
    `${SPIKE_MIN_EXCESS_USD} USD above its level, and the hour behind it had no gap in the data.`,
  alert: 'LLMCostSpike',
  expr: [
    `${HOURLY} > ${THRESHOLD}`,
    `and ${HOURLY} - ${BASELINE} >= ${SPIKE_MIN_EXCESS_USD}`,
    `and on () count_over_time(${SERIES}[1h]) >= ${COMPLETE_HOUR_EVALUATIONS}`,
  ].join('\n'),
  for: '10m',
  labels: { severity: 'critical', ...LABELS },
  annotations: {
    summary: 'LLM spend in the last hour is abnormal for this time of day',
    description:
      'Spend over the last hour is {{ $value | printf "%.2f" }} USD; the usual for this hour is ' +
      `{{ with query "${BASELINE}" }}{{ . | first | value | printf "%.2f" }}{{ end }} USD ` +
      `and above {{ with query "${THRESHOLD}" }}{{ . | first | value | printf "%.2f" }}{{ end }} USD it is abnormal ` +
      `(same hour on the previous ${ABNORMAL_HOUR.baselineDays} days; ${ABNORMAL_HOUR.coldMultiple}x the busiest recent hour on a service younger than ${ABNORMAL_HOUR.minHistoryDays} days).`,
    runbook: runbook('LLMCostSpike'),
  },
};

const growth: Rule = {
  comment:
    "See RUNBOOK.md#llmcostgrowthweekoverweek. A feature's last 7 days against the 7 before: whole weeks cancel\n" +
    'the weekly shape and average out day-to-day noise. Judged once both weeks are complete (data 14 days back).',
  alert: 'LLMCostGrowthWeekOverWeek',
  expr: [
    `llmcost_feature:cost_usd:increase7d / (llmcost_feature:cost_usd:increase7d offset 7d) > ${GROWTH.ratio}`,
    `and llmcost_feature:cost_usd:increase7d > ${GROWTH.minWeekUsd}`,
    'and (llmcost_feature:cost_usd:increase1d offset 14d)',
  ].join('\n'),
  for: '3h',
  labels: { severity: 'info', ...LABELS },
  annotations: {
    summary: 'Spend of feature {{ $labels.llmcost_feature }} grew more than 15% week over week',
    description:
      'Feature {{ $labels.llmcost_feature }} spent {{ $value | humanizePercentage }} of what it spent in the 7 days before the last 7.',
    runbook: runbook('LLMCostGrowthWeekOverWeek'),
  },
};

/** The cost group's rules, in evaluation order (the alerts read the recordings of the same evaluation). */
export function costRules(): Rule[] {
  return [...costRollups(), ...abnormalHourRules(), costSpike, growth];
}
