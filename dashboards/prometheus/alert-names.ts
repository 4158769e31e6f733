/** The alert names of llmcost-rules.yml: a public contract (routing, silences, Grafana twins). */
export const ALERT_NAMES = [
  'LLMCostSpike',
  'LLMUserSpendSpike',
  'LLMBudgetWarning',
  'LLMBudgetCritical',
  'LLMBudgetExceeded',
  'LLMBudgetExhaustionForecast',
  'LLMCostGrowthWeekOverWeek',
  'LLMTruncationRateHigh',
  'LLMUnpricedCalls',
];
