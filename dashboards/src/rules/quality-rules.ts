// LLMTruncationRateHigh, LLMUnpricedCalls and LLMUserSpendSpike: alerts on counters, with minimum volumes
// and no reading of a gap in the data as something new.
import { LABELS, runbook } from './common.js';
import type { Rule } from './emit.js';

/** LLMTruncationRateHigh: the truncated share, how sure the rule must be it is above it, the fewest truncated calls. */
export const TRUNCATION = { share: 0.05, standardErrors: 2, minTruncated: 10 };
/** LLMUnpricedCalls: the fewest calls of one unpriced model in the last hour. */
export const UNPRICED_MIN_CALLS = 10;

const TRUNCATED_REASONS = 'length|max_tokens|max_output_tokens';
const CALLS = 'llmcost_feature_model:calls:increase1h';
const TRUNCATED = 'llmcost_feature_model:calls_truncated:increase1h';
const SHARE = `(${TRUNCATED} / ${CALLS})`;

/** Rules of the 5-minute group. */
export function truncationRules(): Rule[] {
  return [
    {
      comment:
        'Calls, and calls that ended on the output token limit, per feature and model, in the last hour.',
      record: CALLS,
      expr: 'sum by (llmcost_feature, gen_ai_request_model) (increase(llmcost_calls_total[1h]))',
    },
    {
      record: TRUNCATED,
      expr: `sum by (llmcost_feature, gen_ai_request_model) (increase(llmcost_calls_total{llmcost_finish_reason=~"${TRUNCATED_REASONS}"}[1h]))`,
    },
    {
      comment:
        'See RUNBOOK.md#llmtruncationratehigh. "length" is the semconv/OpenAI finish reason, Anthropic\'s "max_tokens",\n' +
        `the Responses API's "max_output_tokens". Fires when the truncated share of the last hour is above ${TRUNCATION.share * 100}%\n` +
        `by ${TRUNCATION.standardErrors} standard errors (share - ${TRUNCATION.standardErrors} x sqrt(share x (1 - share) / calls) > ${TRUNCATION.share}) ` +
        `and ${TRUNCATION.minTruncated} calls at least were truncated:\n` +
        'a handful of calls, or the noise of a quiet night, cannot page.',
      alert: 'LLMTruncationRateHigh',
      expr: [
        `${SHARE} - ${TRUNCATION.standardErrors} * sqrt(${SHARE} * (1 - ${SHARE}) / ${CALLS}) > ${TRUNCATION.share}`,
        `and ${TRUNCATED} >= ${TRUNCATION.minTruncated}`,
      ].join('\n'),
      for: '10m',
      labels: { severity: 'warning', ...LABELS },
      annotations: {
        summary:
          'Calls of feature {{ $labels.llmcost_feature }} to {{ $labels.gen_ai_request_model }} are being truncated',
        description:
          'At least {{ $value | humanizePercentage }} of the calls of feature {{ $labels.llmcost_feature }} to ' +
          '{{ $labels.gen_ai_request_model }} in the last hour ended on the output token limit ' +
          `(the share less ${TRUNCATION.standardErrors} standard errors; threshold ${TRUNCATION.share * 100}%).`,
        runbook: runbook('LLMTruncationRateHigh'),
      },
    },
  ];
}

/**
 * A counter's growth over the last hour, counting a series that appeared within the hour at its whole value
 * (its first sample is its first count, which increase() cannot see). "Appeared" means: no sample in the day
 * before the last hour. The earlier form, "no sample exactly an hour ago", read every series as new an hour
 * after a scrape gap.
 */
function hourlyGrowth(selector: string): string {
  const before = `last_over_time(${selector}[1d] offset 1h)`;
  return `(increase(${selector}[1h]) and ${before})\n  or (${selector} unless ${before})`;
}

const UNPRICED = 'llmcost_calls_total{llmcost_pricing_status="unpriced"}';
const USER_ALERTS = 'llmcost_user_spend_alerts_total';

/** Rules of the 1-minute group: they read raw counters only, and a minute counts. */
export function counterRules(): Rule[] {
  return [
    {
      comment:
        'See RUNBOOK.md#llmuserspendspike. The budget guard counts a user spending at the spike rate (within 10\n' +
        'minutes, or within the hour), once per user and hour, on the process that saw it.',
      alert: 'LLMUserSpendSpike',
      expr: `sum by (user_id) (\n  ${hourlyGrowth(USER_ALERTS)}\n) > 0`,
      labels: { severity: 'warning', ...LABELS },
      annotations: {
        summary: 'User {{ $labels.user_id }} is spending at the per-user spike rate',
        description:
          'User {{ $labels.user_id }} crossed the per-user spend spike rate (userSpike in the budget file) ' +
          '{{ $value | printf "%.0f" }} time(s) in the last hour.',
        runbook: runbook('LLMUserSpendSpike'),
      },
    },
    {
      comment:
        'See RUNBOOK.md#llmunpricedcalls. A model missing from the price table: its calls carry no cost at all.\n' +
        `At least ${UNPRICED_MIN_CALLS} such calls in the last hour: a handful of test calls does not page (the report lists them all).`,
      alert: 'LLMUnpricedCalls',
      expr: `sum by (gen_ai_provider_name, gen_ai_request_model) (\n  ${hourlyGrowth(UNPRICED)}\n) >= ${UNPRICED_MIN_CALLS}`,
      labels: { severity: 'warning', ...LABELS },
      annotations: {
        summary: 'Calls to {{ $labels.gen_ai_request_model }} could not be priced',
        description:
          'About {{ $value | printf "%.0f" }} call(s) to {{ $labels.gen_ai_provider_name }} model ' +
          '{{ $labels.gen_ai_request_model }} in the last hour had no price: their cost is missing from every dashboard. ' +
          'The price table is stale.',
        runbook: runbook('LLMUnpricedCalls'),
      },
    },
  ];
}
