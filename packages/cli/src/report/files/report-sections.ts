import type { DDSketch } from '@datadog/sketches-js';
import type { Breakdown, BreakdownRow, Dimension, Efficiency } from '../model.js';
import type { ReportAggregator } from './aggregate.js';
import type { HeavyHitters } from './heavy-hitters.js';
import type { KeyStats } from './key-stats.js';

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/**
 * The 95th percentile by the nearest-rank definition (the value at rank ceil(0.95 n), 1-based), as a reader
 * expects it: the p95 of 3 calls is the largest. DDSketch's own `getValueAtQuantile(q)` takes the value at
 * 0-based rank floor(q (n - 1)), which for small n is the middle value; asking it for the quantile that lands
 * on the nearest rank (plus a quarter rank, so float rounding cannot drop below it) gives the definition above,
 * within the sketch's relative accuracy.
 */
export function p95(sketch: DDSketch | null): number | null {
  if (sketch === null || sketch.count === 0) return null;
  const n = sketch.count;
  const rank = Math.ceil(0.95 * n) - 1;
  // The sketch keeps the exact min and max: with 19 calls or fewer the nearest rank IS the max, and no
  // estimate may leave [min, max] (a single call's p95 printed below its own cost reads as a bug).
  if (rank >= n - 1) return sketch.max;
  const estimate = sketch.getValueAtQuantile(Math.min(1, (rank + 0.25) / (n - 1)));
  return Math.min(sketch.max, Math.max(sketch.min, estimate));
}

function keysOf(agg: ReportAggregator, dimension: Dimension): HeavyHitters<KeyStats> {
  switch (dimension) {
    case 'feature':
      return agg.features;
    case 'user':
      return agg.users;
    case 'model':
      return agg.models;
    case 'tier':
      return agg.tiers;
  }
}

/** The `top` most expensive keys of a dimension, and what the others add up to. */
export function breakdownOf(agg: ReportAggregator, dimension: Dimension, top: number): Breakdown {
  const keys = keysOf(agg, dimension);
  // Features seen only in the history before `since` have no window calls.
  const entries = keys.entries().filter((e) => e.stats.calls > 0);
  const total = agg.totals.costUsd;
  const rows: BreakdownRow[] = entries.slice(0, Math.max(0, top)).map(({ key, stats }) => ({
    key,
    costUsd: stats.costUsd,
    share: total > 0 ? stats.costUsd / total : 0,
    calls: stats.calls,
    meanCostUsd: ratio(stats.costUsd, stats.costedCalls),
    p95CostUsd: p95(stats.costSketch),
    meanInputTokens: ratio(stats.inputTokens, stats.usageCalls),
    meanOutputTokens: ratio(stats.outputTokens, stats.usageCalls),
    unpricedCalls: stats.unpricedCalls,
  }));
  const distinct =
    dimension === 'user' && keys.approximate
      ? Math.max(agg.userCount.estimate(), entries.length)
      : entries.length;
  const restEntries = entries.slice(rows.length);
  // Exact rows: the rest is summed from its own keys. Approximate rows are upper bounds, so the rest can only be
  // estimated from the totals, and from below: clamped at 0.
  const rowCost = rows.reduce((n, r) => n + r.costUsd, 0);
  const rowCalls = rows.reduce((n, r) => n + r.calls, 0);
  const rest = keys.approximate
    ? {
        keys: Math.max(0, distinct - rows.length),
        costUsd: Math.max(0, total - rowCost),
        calls: Math.max(0, agg.totals.calls - rowCalls),
      }
    : {
        keys: restEntries.length,
        costUsd: restEntries.reduce((n, e) => n + e.stats.costUsd, 0),
        calls: restEntries.reduce((n, e) => n + e.stats.calls, 0),
      };
  return {
    dimension,
    rows,
    rest,
    approximate: keys.approximate,
  };
}

export function efficiencyOf(agg: ReportAggregator): Efficiency {
  const t = agg.totals;
  return {
    inputTokens: { mean: ratio(t.inputTokens, t.usageCalls), p95: p95(agg.inputTokenSketch) },
    outputTokens: { mean: ratio(t.outputTokens, t.usageCalls), p95: p95(agg.outputTokenSketch) },
    outputInputRatio: ratio(t.outputTokens, t.inputTokens),
    // Shares of all the window's calls: failed calls report no reason and a call with several choices counts
    // once per distinct reason, so the shares need not add up to 1.
    finishReasons: shareRows(agg.finishReasons).map((r) => ({
      reason: r.key,
      calls: r.calls,
      share: t.calls > 0 ? r.calls / t.calls : 0,
    })),
    truncationRate: ratio(t.truncatedCalls, t.calls),
    cacheHitRate: ratio(t.cacheReadTokens, t.inputTokens),
    cacheSavingsUsd: t.cacheSavingsUsd,
  };
}

/** A tally as rows, by count descending then key. */
export function shareRows(tally: ReadonlyMap<string, number>): Array<{ key: string; calls: number }> {
  return [...tally]
    .map(([key, calls]) => ({ key, calls }))
    .sort((a, b) => b.calls - a.calls || (a.key < b.key ? -1 : 1));
}
