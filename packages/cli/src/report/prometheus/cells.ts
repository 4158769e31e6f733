import type { Breakdown, BreakdownRow, Dimension } from '../model.js';
import type { Sample } from './client.js';
import { LABEL } from './queries.js';

export const NONE = '(none)';

/**
 * The Prometheus label of each report dimension. `user_id` exists only when the app opted in to users on
 * metrics (`user.id`, capped; ARCHITECTURE.md "The public contract"): without it there is no user breakdown from Prometheus.
 */
export const DIMENSION_LABEL: Record<Dimension, string> = {
  feature: LABEL.feature,
  model: LABEL.model,
  tier: LABEL.tier,
  user: LABEL.user,
};

/** Label value of a sample; series without the label group under "(none)", as span files do. */
export function labelOf(sample: Sample, label: string): string {
  const value = sample.labels[label];
  return value === undefined || value === '' ? NONE : value;
}

/** Sum of sample values per label value. */
export function sumBy(samples: readonly Sample[], label: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const s of samples) {
    const key = labelOf(s, label);
    map.set(key, (map.get(key) ?? 0) + s.value);
  }
  return map;
}

export function total(samples: readonly Sample[]): number {
  return samples.reduce((sum, s) => sum + s.value, 0);
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** The window's metric samples that breakdowns are made from, each grouped by feature, model and tier. */
export interface GroupedSamples {
  costSum: Sample[];
  costCount: Sample[];
  calls: Sample[];
  /** `gen_ai_client_token_usage_sum` / `_count` with `gen_ai_token_type` input or output. */
  tokenSum: Sample[];
  tokenCount: Sample[];
}

/**
 * One dimension's rows: cost, calls (all calls, failed and unpriced included), mean cost per priced call
 * and mean input/output tokens per call. No p95: a histogram gives buckets, not the calls' own costs.
 */
export function breakdownOf(
  samples: GroupedSamples,
  dimension: Dimension,
  label: string,
  limit: number,
): Breakdown {
  const cost = sumBy(samples.costSum, label);
  const priced = sumBy(samples.costCount, label);
  const calls = sumBy(samples.calls, label);
  const tokens = (from: Sample[], type: string) =>
    sumBy(
      from.filter((s) => s.labels[LABEL.tokenType] === type),
      label,
    );
  const inSum = tokens(samples.tokenSum, 'input');
  const inCount = tokens(samples.tokenCount, 'input');
  const outSum = tokens(samples.tokenSum, 'output');
  const outCount = tokens(samples.tokenCount, 'output');
  const totalCost = [...cost.values()].reduce((a, b) => a + b, 0);

  const rows: BreakdownRow[] = [...new Set([...cost.keys(), ...calls.keys()])]
    .map((key) => {
      const costUsd = cost.get(key) ?? 0;
      return {
        key,
        costUsd,
        share: totalCost > 0 ? costUsd / totalCost : 0,
        calls: calls.get(key) ?? 0,
        meanCostUsd: ratio(costUsd, priced.get(key) ?? 0),
        p95CostUsd: null,
        meanInputTokens: ratio(inSum.get(key) ?? 0, inCount.get(key) ?? 0),
        meanOutputTokens: ratio(outSum.get(key) ?? 0, outCount.get(key) ?? 0),
      };
    })
    .filter((r) => r.costUsd > 0 || r.calls > 0)
    .sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls || a.key.localeCompare(b.key));
  const kept = rows.slice(0, limit);
  const rest = rows.slice(limit);
  return {
    dimension,
    rows: kept,
    rest: {
      keys: rest.length,
      costUsd: rest.reduce((s, r) => s + r.costUsd, 0),
      calls: rest.reduce((s, r) => s + r.calls, 0),
    },
    approximate: false,
  };
}
