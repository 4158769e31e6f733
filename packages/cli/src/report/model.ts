/**
 * The cost report: what `llmcost report` computes from OTLP span files and/or Prometheus, and what every
 * renderer (text, markdown, json, html) prints. `--format json` prints this object as is, so it is a public
 * shape: add fields, do not rename them. Money in USD (numbers), times in ISO 8601 UTC.
 *
 * A section a source cannot provide is `null` (e.g. per-call p95 and top users need span data; Prometheus
 * has no `user.id` label) and the renderers say so instead of printing zeros.
 */

export type Dimension = 'feature' | 'user' | 'model' | 'tier';
export const DIMENSIONS: readonly Dimension[] = ['feature', 'user', 'model', 'tier'];

/** One line read from an input, as the pipeline records it. */
export interface SkippedLine {
  file: string;
  /** 1-based line number in the (decompressed) file. */
  line: number;
  reason: string;
}

export interface ReportSources {
  files: null | {
    /** The files read, after glob expansion, in reading order. */
    paths: string[];
    bytes: number;
    lines: number;
    /** Every span seen in the window, LLM or not: an LLM span once however often it was read, other spans
     * (which only this count uses) as often as they were read. */
    spans: number;
    /** Spans recognised as LLM calls (carry `gen_ai.operation.name` or `gen_ai.usage.*`). */
    llmSpans: number;
    /** LLM spans outside the window (not counted). */
    outOfWindow: number;
    /**
     * LLM spans read more than once (same trace id and span id: collector retries, overlapping exports, a file
     * given twice), counted once. `llmSpans` = calls + outOfWindow + duplicateSpans + sameCallSpans.
     * Added after schemaVersion 1 was first published, like every optional field: absent in older reports.
     */
    duplicateSpans?: number;
    /** Second spans of a call already counted, in the window: a GenAI span nested in another (the Anthropic
     * SDK's own span inside llmcost's), or the same trace and `gen_ai.response.id`. */
    sameCallSpans?: number;
  };
  prometheus: null | { url: string };
  /**
   * Lines that could not be used, and malformed spans skipped inside lines that were read (`spans`; absent in
   * older reports), with the first examples of both (file and line number).
   */
  skipped: { lines: number; spans?: number; examples: SkippedLine[] };
  /**
   * Where each section's numbers came from. With both sources, aggregates come from Prometheus (it counts
   * every call; span files are often sampled) and per-call parts (p95, users, token distributions) from the
   * files. Absent in reports built by one source alone (then everything came from that source).
   */
  sections?: SectionSources;
}

/** `prometheus+files`: the section's aggregates from Prometheus, its per-call parts (p95, users) from files. */
export type SectionSource = 'files' | 'prometheus' | 'prometheus+files';

export interface SectionSources {
  totals: SectionSource;
  projection: SectionSource;
  breakdowns: SectionSource;
  efficiency: SectionSource;
  hourly: SectionSource;
  anomalies: SectionSource;
  trends: SectionSource;
  pricingQuality: SectionSource;
}

export interface Totals {
  costUsd: number;
  calls: number;
  /** Calls with `llmcost.pricing.status = priced`. */
  pricedCalls: number;
  /** Priced from locally counted tokens (`estimated`). */
  estimatedCalls: number;
  /** No price known: not in `costUsd`, listed in `pricingQuality`. */
  unpricedCalls: number;
  /** Calls that ended with `error.type`. */
  errorCalls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
}

export interface BreakdownRow {
  /** The feature, user (id or hash), model or tier; `(none)` when the call carried none. */
  key: string;
  costUsd: number;
  /** Of the window's total cost, 0..1. */
  share: number;
  calls: number;
  meanCostUsd: number | null;
  /** 95th percentile of cost per call; null when the source has no per-call data (Prometheus). */
  p95CostUsd: number | null;
  meanInputTokens: number | null;
  meanOutputTokens: number | null;
  /** Calls of this key with no known price: counted in `calls`, not in `costUsd` (so a row of only unpriced
   * calls shows $0 and must say so). Absent when the source cannot tell. */
  unpricedCalls?: number;
}

export interface Breakdown {
  dimension: Dimension;
  /** Sorted by cost, descending; at most `limit` rows (users: top 10 by default). */
  rows: BreakdownRow[];
  /** What the rows beyond the limit add up to. */
  rest: { keys: number; costUsd: number; calls: number };
  /** True when the key count exceeded the exact-tracking cap and rows are approximate (heavy hitters). */
  approximate: boolean;
}

export interface Quantiles {
  mean: number | null;
  p95: number | null;
}

export interface Efficiency {
  inputTokens: Quantiles;
  outputTokens: Quantiles;
  /** Total output tokens / total input tokens. */
  outputInputRatio: number | null;
  /** Sorted by calls, descending; a call with several choices counts each reason once. */
  finishReasons: Array<{ reason: string; calls: number; share: number }>;
  /** Calls that stopped on the token limit (`length`, `max_tokens`, `max_output_tokens`) / calls. */
  truncationRate: number | null;
  /** Cache-read input tokens / input tokens. */
  cacheHitRate: number | null;
  /** What the cached input would have cost at the uncached input rate, minus what it cost. */
  cacheSavingsUsd: number;
}

export interface HourPoint {
  /** Start of the UTC hour, ISO. */
  hour: string;
  costUsd: number;
  calls: number;
  /** Rolling 14-day baseline for this hour; null while there is not enough history. */
  baselineMeanUsd: number | null;
  baselineSdUsd: number | null;
  anomaly: boolean;
}

export interface Anomaly {
  hour: string;
  costUsd: number;
  baselineMeanUsd: number;
  baselineSdUsd: number;
  /** (cost - mean) / sd. */
  zScore: number;
  /** Top contributors of that hour (empty for users when the source has no user data). */
  topUsers: Array<{ key: string; costUsd: number }>;
  topFeatures: Array<{ key: string; costUsd: number }>;
}

export interface FeatureTrend {
  feature: string;
  thisWeekUsd: number;
  lastWeekUsd: number;
  /** (this - last) / last; null when last week had no spend. */
  growth: number | null;
}

export interface Projection {
  /** The UTC month of the window's end, `YYYY-MM`. */
  month: string;
  monthToDateUsd: number;
  /** Mean daily spend over the last 7 days of the window (or the window, if shorter). */
  dailyRateUsd: number;
  projectedMonthUsd: number;
  budgetMonthUsd: number | null;
  /** monthToDate / budget and projected / budget. */
  utilisation: { monthToDate: number; projected: number } | null;
}

export interface BudgetRunOut {
  budgetMonthUsd: number;
  /** Week-over-week growth of total spend used for the extrapolation (0 when unknown). */
  weeklyGrowth: number;
  /** The UTC date (YYYY-MM-DD) the month's spend reaches the budget at that growth; null if not this month. */
  date: string | null;
  /** Already over budget at the window's end. */
  exceeded: boolean;
}

export interface Trends {
  weekOverWeek: FeatureTrend[];
  /** Total spend, last 7 days against the 7 before. */
  totalGrowth: number | null;
  budgetRunOut: BudgetRunOut | null;
}

export interface PricingQuality {
  unpricedCalls: number;
  estimatedCalls: number;
  /** Models with unpriced calls, by calls descending. */
  unpricedModels: Array<{ model: string; calls: number }>;
  pricingVersion: string;
}

export interface CostReport {
  schemaVersion: 1;
  generatedAt: string;
  window: { since: string; until: string };
  sources: ReportSources;
  totals: Totals;
  projection: Projection;
  /** In the order of `--by`. */
  breakdowns: Breakdown[];
  /** Null when the source cannot provide it. */
  efficiency: Efficiency | null;
  /** Every UTC hour of the window, zeros included. */
  hourly: HourPoint[];
  anomalies: Anomaly[];
  trends: Trends;
  pricingQuality: PricingQuality;
  warnings: string[];
}
