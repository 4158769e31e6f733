/**
 * Prometheus names of the llmcost metrics (ARCHITECTURE.md "The public contract": the names the collector stores and
 * direct scrape exposes), and the PromQL the report runs. Counters are read with increase(); Prometheus
 * extrapolates to the window edges, so a window that does not start on a sample is an estimate, as in any
 * Prometheus dashboard.
 */
export const METRIC = {
  costSum: 'gen_ai_usage_cost_USD_sum',
  costCount: 'gen_ai_usage_cost_USD_count',
  calls: 'llmcost_calls_total',
  tokenUsageSum: 'gen_ai_client_token_usage_sum',
  tokenUsageCount: 'gen_ai_client_token_usage_count',
  tokens: 'llmcost_tokens_total',
  cacheSavings: 'llmcost_cache_savings_USD_total',
} as const;

export const LABEL = {
  feature: 'llmcost_feature',
  model: 'gen_ai_request_model',
  tier: 'llmcost_tier',
  /** On `gen_ai_client_token_usage` (semconv): input or output. */
  tokenType: 'gen_ai_token_type',
  /** On `llmcost_tokens_total`: input, output, cache_read, cache_creation, reasoning. */
  llmcostTokenType: 'llmcost_token_type',
  finishReason: 'llmcost_finish_reason',
  pricingStatus: 'llmcost_pricing_status',
  errorType: 'error_type',
  /** Only when the app opted in to `user.id` on metrics. */
  user: 'user_id',
} as const;

/** The labels a breakdown row is keyed by; one query per metric returns all three, grouped locally. */
export const GROUP = [LABEL.feature, LABEL.model, LABEL.tier] as const;

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
