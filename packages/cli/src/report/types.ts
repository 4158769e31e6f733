/** Everything `llmcost report` computes; `--format json` prints it as is. Money in USD. */
export interface ReportData {
  prometheus: string;
  from: string;
  to: string;
  /** Version of the local price table, shown next to the unpriced-calls warning. */
  pricingVersion: string;
  total: { costUsd: number; calls: number; pricedCalls: number };
  /** One entry per day (or shorter last interval) of the period, `start` in ISO. */
  daily: Array<{ start: string; end: string; costUsd: number }>;
  byFeature: BreakdownRow[];
  byModel: BreakdownRow[];
  byTier: BreakdownRow[];
  /** Last 7 days of the period against the 7 days before, per feature. */
  weekOverWeek: Array<{ feature: string; thisWeekUsd: number; lastWeekUsd: number; change: number | null }>;
  cacheSavingsUsd: number;
  truncation: { truncatedCalls: number; calls: number; rate: number | null };
  unpriced: { calls: number; models: Array<{ model: string; calls: number }> };
  budgets: BudgetRow[];
  projection: {
    month: string;
    monthToDateUsd: number;
    /** Average daily spend over the last 7 days of the period. */
    dailyRateUsd: number;
    remainingDays: number;
    projectedMonthEndUsd: number;
    /** The global monthly limit, from the budget gauges or `--budget`. */
    monthlyLimitUsd?: number;
  };
  /** Features and models whose cost changed most against the previous period of the same length. */
  movers: Array<{
    dimension: 'feature' | 'model';
    name: string;
    currentUsd: number;
    previousUsd: number;
    deltaUsd: number;
  }>;
  /** Limits configured in the `--budget` file, when given. */
  configuredLimits?: ConfiguredLimit[];
  warnings: string[];
}

export interface BreakdownRow {
  name: string;
  costUsd: number;
  /** All calls, including errors and unpriced ones (llmcost_calls_total). */
  calls: number;
  /** Calls that carried a cost (gen_ai_usage_cost_USD_count). */
  pricedCalls: number;
  meanCostUsd: number | null;
  meanInputTokens: number | null;
  meanOutputTokens: number | null;
  share: number | null;
}

export interface BudgetRow {
  scope: string;
  window: string;
  /** The feature or tier the budget applies to, for those scopes. */
  target?: string;
  spentUsd: number;
  limitUsd: number | null;
  utilisation: number | null;
}

/** A USD cap from the `--budget` file that applies to a total (global or one feature), not per user. */
export interface ConfiguredLimit {
  scope: 'global' | 'feature';
  window: 'hour' | 'day' | 'month';
  target?: string;
  limitUsd: number;
}
