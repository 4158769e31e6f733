// Every PromQL query of the "LLM cost" dashboard, in one place: the dashboard code reads them from here, and
// the tests run each one against a real Prometheus. Names are the Prometheus names of DESIGN.md.

/** Label matchers of the dashboard variables (an "All" selection is `.*`, which also matches a missing label). */
export const SEL =
  'job=~"$service", llmcost_feature=~"$feature", gen_ai_request_model=~"$model", llmcost_tier=~"$tier"';
/** Budget metrics carry scope labels, not model ones. */
const BUDGET = 'job=~"$service"';
const RI = '$__rate_interval';
/** Finish reasons of a call cut at the output limit: OpenAI/semconv, Anthropic, the Responses API. */
const TRUNCATED = 'length|max_tokens|max_output_tokens';
const RANGE = '$__range';

const sumIncrease = (metric: string, by = '', extra = '') =>
  `sum${by ? ` by (${by})` : ''} (increase(${metric}{${SEL}${extra}}[${RANGE}]))`;
const perHour = (metric: string, by: string) => `sum by (${by}) (rate(${metric}{${SEL}}[${RI}])) * 3600`;
const quantile = (q: number, metric: string, by: string, extra = '', window = RI) =>
  `histogram_quantile(${q}, sum by (${by}le) (rate(${metric}{${SEL}${extra}}[${window}])))`;
const secondsLeftInMonth =
  'scalar(days_in_month() * 86400 - ((day_of_month() - 1) * 86400 + hour() * 3600 + minute() * 60))';

/**
 * `data`: `always` = returns data once any LLM call was recorded; the others only once that kind of event
 * happened: `cache` cached input, `budget` a budget guard (gauges, a rejected call), `errors` a failed call,
 * `unpriced` an unknown model, `baseline` the recording rules ran, `history` the recording rules have run
 * for 2 hours (the abnormal-hour baseline: cold start), `downgrade` a downgraded call.
 */
export type DataNeed =
  | 'always'
  | 'cache'
  | 'budget'
  | 'errors'
  | 'unpriced'
  | 'baseline'
  | 'history'
  | 'downgrade';
export interface Query {
  expr: string;
  legend?: string;
  data: DataNeed;
}

export const Q = {
  spendInRange: { expr: sumIncrease('gen_ai_usage_cost_USD_sum'), data: 'always' },
  monthToDate: {
    expr: `max(llmcost_budget_spent_USD{${BUDGET}, llmcost_budget_scope="global", llmcost_budget_window="month"})`,
    data: 'budget',
  },
  projectedMonth: {
    expr:
      `max(llmcost_budget_spent_USD{${BUDGET}, llmcost_budget_scope="global", llmcost_budget_window="month"})` +
      ` + sum(rate(gen_ai_usage_cost_USD_sum{${BUDGET}}[6h])) * ${secondsLeftInMonth}`,
    legend: 'projected',
    data: 'budget',
  },
  monthBudget: {
    expr: `max(llmcost_budget_limit_USD{${BUDGET}, llmcost_budget_scope="global", llmcost_budget_window="month"})`,
    legend: 'budget',
    data: 'budget',
  },
  budgetUtilisation: {
    expr:
      `max without (instance) (llmcost_budget_spent_USD{${BUDGET}})` +
      ` / max without (instance) (llmcost_budget_limit_USD{${BUDGET}})`,
    legend: '{{llmcost_budget_scope}} {{llmcost_budget_window}} {{llmcost_feature}}{{llmcost_tier}}',
    data: 'budget',
  },
  featureTotal: { expr: sumIncrease('gen_ai_usage_cost_USD_sum', 'llmcost_feature'), data: 'always' },
  featureCalls: { expr: sumIncrease('llmcost_calls_total', 'llmcost_feature'), data: 'always' },
  featureMeanCost: {
    expr: `${sumIncrease('gen_ai_usage_cost_USD_sum', 'llmcost_feature')} / ${sumIncrease('gen_ai_usage_cost_USD_count', 'llmcost_feature')}`,
    data: 'always',
  },
  featureP95Cost: {
    expr: quantile(0.95, 'gen_ai_usage_cost_USD_bucket', 'llmcost_feature, ', '', RANGE).replace(
      'rate(',
      'increase(',
    ),
    data: 'always',
  },
  featureMeanInput: {
    expr: `${sumIncrease('gen_ai_client_token_usage_sum', 'llmcost_feature', ', gen_ai_token_type="input"')} / ${sumIncrease('gen_ai_client_token_usage_count', 'llmcost_feature', ', gen_ai_token_type="input"')}`,
    data: 'always',
  },
  featureMeanOutput: {
    expr: `${sumIncrease('gen_ai_client_token_usage_sum', 'llmcost_feature', ', gen_ai_token_type="output"')} / ${sumIncrease('gen_ai_client_token_usage_count', 'llmcost_feature', ', gen_ai_token_type="output"')}`,
    data: 'always',
  },
  costByModel: {
    expr: perHour('gen_ai_usage_cost_USD_sum', 'gen_ai_request_model'),
    legend: '{{gen_ai_request_model}}',
    data: 'always',
  },
  costByTier: {
    expr: perHour('gen_ai_usage_cost_USD_sum', 'llmcost_tier'),
    legend: '{{llmcost_tier}}',
    data: 'always',
  },
  costByFeature: {
    expr: perHour('gen_ai_usage_cost_USD_sum', 'llmcost_feature'),
    legend: '{{llmcost_feature}}',
    data: 'always',
  },
  hourlyCost: { expr: 'llmcost:cost_usd:increase1h', legend: 'last hour', data: 'baseline' },
  baseline: { expr: 'llmcost:cost_usd:increase1h:baseline', legend: 'usual for this hour', data: 'history' },
  abnormalAbove: {
    expr: 'llmcost:cost_usd:increase1h:threshold',
    legend: 'abnormal above',
    data: 'history',
  },
  meanTokens: {
    expr: `sum by (gen_ai_token_type) (rate(gen_ai_client_token_usage_sum{${SEL}}[${RI}])) / sum by (gen_ai_token_type) (rate(gen_ai_client_token_usage_count{${SEL}}[${RI}]))`,
    legend: 'mean {{gen_ai_token_type}}',
    data: 'always',
  },
  p95Tokens: {
    expr: quantile(0.95, 'gen_ai_client_token_usage_bucket', 'gen_ai_token_type, '),
    legend: 'p95 {{gen_ai_token_type}}',
    data: 'always',
  },
  outputInputRatio: {
    expr: `sum(rate(llmcost_tokens_total{${SEL}, llmcost_token_type="output"}[${RI}])) / sum(rate(llmcost_tokens_total{${SEL}, llmcost_token_type="input"}[${RI}]))`,
    legend: 'output / input',
    data: 'always',
  },
  finishReasons: {
    expr: `sum by (llmcost_finish_reason) (rate(llmcost_calls_total{${SEL}}[${RI}]))`,
    legend: '{{llmcost_finish_reason}}',
    data: 'always',
  },
  // `or vector(0)`: no truncated call (or no cached input) is a rate of 0, not "No data"
  truncationRate: {
    expr: `(sum(rate(llmcost_calls_total{${SEL}, llmcost_finish_reason=~"${TRUNCATED}"}[${RI}])) or vector(0)) / sum(rate(llmcost_calls_total{${SEL}}[${RI}])) or vector(0)`,
    legend: 'truncated',
    data: 'always',
  },
  cacheHitRate: {
    expr: `(sum(rate(llmcost_tokens_total{${SEL}, llmcost_token_type="cache_read"}[${RI}])) or vector(0)) / sum(rate(llmcost_tokens_total{${SEL}, llmcost_token_type="input"}[${RI}])) or vector(0)`,
    legend: 'cached share of input',
    data: 'always',
  },
  cacheSavings: { expr: sumIncrease('llmcost_cache_savings_USD_total'), data: 'cache' },
  latency: {
    expr: quantile(0.95, 'gen_ai_client_operation_duration_seconds_bucket', 'gen_ai_request_model, '),
    legend: 'p95 {{gen_ai_request_model}}',
    data: 'always',
  },
  timeToFirstChunk: {
    expr: quantile(
      0.95,
      'gen_ai_client_operation_time_to_first_chunk_seconds_bucket',
      'gen_ai_request_model, ',
    ),
    legend: 'p95 first chunk {{gen_ai_request_model}}',
    data: 'always',
  },
  errors: {
    expr: `sum by (error_type) (rate(gen_ai_client_operation_duration_seconds_count{${SEL}, error_type!=""}[${RI}]))`,
    legend: '{{error_type}}',
    data: 'errors',
  },
  rejections: {
    expr: `sum by (llmcost_budget_scope, llmcost_budget_reason) (rate(llmcost_budget_rejections_total{${BUDGET}}[${RI}]))`,
    legend: 'rejected: {{llmcost_budget_scope}} {{llmcost_budget_reason}}',
    data: 'budget',
  },
  downgrades: {
    expr: `sum by (llmcost_budget_scope, llmcost_budget_reason) (rate(llmcost_budget_downgrades_total{${BUDGET}}[${RI}]))`,
    legend: 'downgraded: {{llmcost_budget_scope}} {{llmcost_budget_reason}}',
    data: 'downgrade',
  },
  unpriced: {
    expr: `sum by (gen_ai_provider_name, gen_ai_request_model) (increase(llmcost_calls_total{${SEL}, llmcost_pricing_status="unpriced"}[${RANGE}]))`,
    data: 'unpriced',
  },
} satisfies Record<string, Query>;

/** The Prometheus annotation query: firing llmcost alerts drawn on the time series. */
export const ALERTS_ANNOTATION = 'ALERTS{alertstate="firing", team="llm-platform"}';

/** Tempo: the dearest calls, with the attributes that explain them. */
export const EXPENSIVE_CALLS_TRACEQL =
  '{ span.gen_ai.usage.cost > 0.1 } | select(span.gen_ai.usage.cost, span.gen_ai.request.model, span.llmcost.feature, span.user.id)';
