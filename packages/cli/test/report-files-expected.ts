// The independent computation the span-file report is checked against: plain arrays, filters and sorts over the
// generated calls, written without the report's code (no sketches, no heavy hitters, no hourly arrays).
import { findPrice } from '@llmcost/pricing';
import type { GenCall } from './report-files-spans.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface PricedCall extends GenCall {
  pricing: 'priced' | 'estimated' | 'unpriced' | 'none';
  cost: number;
  savings: number;
}

/** How the report must price each call, from the price table's published rates (USD per 1M tokens). */
export function priceOf(c: GenCall): PricedCall {
  const entry = findPrice(c.model, { provider: c.provider });
  const savingsFor = () =>
    entry && c.cacheReadTokens
      ? (c.cacheReadTokens * (entry.input - (entry.cacheRead ?? entry.input))) / 1e6
      : 0;
  if (c.status === 'unpriced') return { ...c, pricing: 'unpriced', cost: 0, savings: 0 };
  if (c.costUsd !== undefined) {
    return {
      ...c,
      pricing: c.status === 'estimated' ? 'estimated' : 'priced',
      cost: c.costUsd,
      savings: savingsFor(),
    };
  }
  if (c.inputTokens === undefined && c.outputTokens === undefined) {
    return { ...c, pricing: c.error ? 'none' : 'unpriced', cost: 0, savings: 0 };
  }
  if (!entry) return { ...c, pricing: 'unpriced', cost: 0, savings: 0 };
  const read = c.cacheReadTokens ?? 0;
  const cost =
    ((c.inputTokens ?? 0) - read) * entry.input +
    read * (entry.cacheRead ?? entry.input) +
    (c.outputTokens ?? 0) * entry.output;
  return { ...c, pricing: 'priced', cost: cost / 1e6, savings: savingsFor() };
}

/** The calls counted once: a foreign span with the traceId and response id of an llmcost span is the same call. */
export function distinctCalls(calls: readonly GenCall[]): GenCall[] {
  const own = new Set(
    calls.filter((c) => !c.foreign && c.responseId).map((c) => `${c.traceId}/${c.responseId}`),
  );
  const seen = new Set<string>();
  return calls.filter((c) => {
    if (!c.responseId) return true;
    const key = `${c.traceId}/${c.responseId}`;
    if (c.foreign && own.has(key)) return false;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
export const mean = (xs: readonly number[]) => (xs.length === 0 ? null : sum(xs) / xs.length);
/** Nearest-rank 95th percentile. */
export function p95(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1]!;
}

export const hasCost = (c: PricedCall) => c.pricing === 'priced' || c.pricing === 'estimated';
export const hasUsage = (c: GenCall) => c.inputTokens !== undefined || c.outputTokens !== undefined;

export interface ExpectedRow {
  key: string;
  costUsd: number;
  calls: number;
  meanCostUsd: number | null;
  p95CostUsd: number | null;
  meanInputTokens: number | null;
  meanOutputTokens: number | null;
  unpricedCalls: number;
}

export function expectedRows(
  calls: readonly PricedCall[],
  keyOf: (c: PricedCall) => string | undefined,
): ExpectedRow[] {
  const groups = new Map<string, PricedCall[]>();
  for (const c of calls) {
    const key = keyOf(c) ?? '(none)';
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups]
    .map(([key, cs]) => {
      const costs = cs.filter(hasCost).map((c) => c.cost);
      const used = cs.filter(hasUsage);
      return {
        key,
        costUsd: sum(costs),
        calls: cs.length,
        meanCostUsd: mean(costs),
        p95CostUsd: p95(costs),
        meanInputTokens: mean(used.map((c) => c.inputTokens ?? 0)),
        meanOutputTokens: mean(used.map((c) => c.outputTokens ?? 0)),
        unpricedCalls: cs.filter((c) => c.pricing === 'unpriced').length,
      };
    })
    .sort((a, b) => b.costUsd - a.costUsd || (a.key < b.key ? -1 : 1));
}
