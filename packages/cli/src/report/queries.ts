/**
 * Prometheus names of the llmcost metrics (see DESIGN.md "Public contract"), and the PromQL the report runs.
 * Counters are read with increase() over the period; Prometheus extrapolates to the window edges, so a
 * window that does not start on a sample is an estimate, as in any Prometheus dashboard.
 */
export const METRIC = {
  costSum: 'gen_ai_usage_cost_USD_sum',
  costCount: 'gen_ai_usage_cost_USD_count',
  calls: 'llmcost_calls_total',
  tokenSum: 'gen_ai_client_token_usage_sum',
  tokenCount: 'gen_ai_client_token_usage_count',
  cacheSavings: 'llmcost_cache_savings_USD_total',
  budgetSpent: 'llmcost_budget_spent_USD',
  budgetLimit: 'llmcost_budget_limit_USD',
} as const;

export const LABEL = {
  feature: 'llmcost_feature',
  model: 'gen_ai_request_model',
  tier: 'llmcost_tier',
  tokenType: 'gen_ai_token_type',
  finishReason: 'gen_ai_response_finish_reason',
  pricingStatus: 'llmcost_pricing_status',
  budgetScope: 'llmcost_budget_scope',
  budgetWindow: 'llmcost_budget_window',
} as const;

/** Finish reasons that mean "cut off by the output limit": OpenAI `length`, Anthropic `max_tokens`. */
export const TRUNCATED_REASONS = ['length', 'max_tokens'];

/** `sum by (labels) (increase(metric{selector}[range]))`. */
export function sumIncrease(
  metric: string,
  rangeSeconds: number,
  by: readonly string[] = [],
  selector = '',
): string {
  const grouping = by.length > 0 ? ` by (${by.join(', ')})` : '';
  return `sum${grouping} (increase(${metric}${selector ? `{${selector}}` : ''}[${rangeSeconds}s]))`;
}

/**
 * Latest value of a budget gauge per budget. `max`, not `sum`: every instance sharing a Redis store reports
 * the same spent amount, so summing would count it once per instance.
 */
export function budgetGauge(metric: string): string {
  const by = [LABEL.budgetScope, LABEL.budgetWindow, LABEL.feature, LABEL.tier].join(', ');
  return `max by (${by}) (last_over_time(${metric}[1h]))`;
}
