import { createCostAccumulator, usdToFemto } from '@llmcost/pricing';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { ModelTarget } from './call-model.js';
import type { CompareCase } from './dataset.js';
import type { CallResult } from './run-calls.js';

/** One row of the comparison table (also the JSON output). */
export interface ModelSummary {
  model: string;
  provider: string;
  pricingModel: string;
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  /** Sum of the calls' `gen_ai.usage.cost`, as our instrumentation recorded it. */
  totalCostUsd: number;
  /** totalCostUsd over the calls that have a cost. */
  costPerCallUsd: number | null;
  /** Span durations of the successful calls, nearest-rank percentiles. */
  latencyMsP50: number | null;
  latencyMsP95: number | null;
  /** Right answers among the scored cases (a failed call counts as wrong). */
  correct: number;
  scored: number;
  accuracy: number | null;
  /** totalCostUsd over the most expensive model's (1 for that model). */
  relativeCost: number | null;
  /** Calls whose span says `llmcost.pricing.status` estimated / unpriced, or that have no span. */
  estimatedCalls: number;
  unpricedCalls: number;
  unobservedCalls: number;
  firstError?: string;
}

const attr = (span: ReadableSpan, key: string) => span.attributes[key];
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

export function summarise(
  targets: readonly ModelTarget[],
  cases: readonly CompareCase[],
  results: readonly CallResult[],
  spans: readonly ReadableSpan[],
): ModelSummary[] {
  const byResponseId = new Map<string, ReadableSpan>();
  for (const span of spans) {
    const id = attr(span, 'gen_ai.response.id');
    if (typeof id === 'string') byResponseId.set(id, span);
  }
  const rows = targets.map((t) => {
    const mine = results.filter((r) => r.model === t.model);
    const cost = createCostAccumulator();
    const latencies: number[] = [];
    const row: ModelSummary = {
      model: t.model,
      provider: t.provider,
      pricingModel: t.pricingModel,
      calls: mine.length,
      errors: 0,
      inputTokens: 0,
      outputTokens: 0,
      totalCostUsd: 0,
      costPerCallUsd: null,
      latencyMsP50: null,
      latencyMsP95: null,
      correct: 0,
      scored: 0,
      accuracy: null,
      relativeCost: null,
      estimatedCalls: 0,
      unpricedCalls: 0,
      unobservedCalls: 0,
    };
    let costedCalls = 0;
    for (const r of mine) {
      const c = cases[r.caseIndex]!;
      if (c.expected !== undefined || c.contains !== undefined) row.scored++;
      if (r.correct === true) row.correct++;
      if (r.error !== undefined) {
        row.errors++;
        row.firstError ??= `${c.id}: ${r.error}`;
        continue;
      }
      const span = r.reply?.responseId !== undefined ? byResponseId.get(r.reply.responseId) : undefined;
      if (!span) {
        row.unobservedCalls++;
        continue;
      }
      row.inputTokens += num(attr(span, 'gen_ai.usage.input_tokens'));
      row.outputTokens += num(attr(span, 'gen_ai.usage.output_tokens'));
      latencies.push(span.duration[0] * 1e3 + span.duration[1] / 1e6);
      const status = attr(span, 'llmcost.pricing.status');
      if (status === 'estimated') row.estimatedCalls++;
      const usd = attr(span, 'gen_ai.usage.cost');
      if (typeof usd === 'number') {
        cost.add(usdToFemto(usd));
        costedCalls++;
      } else row.unpricedCalls++;
    }
    row.totalCostUsd = cost.totalUsd;
    row.costPerCallUsd = costedCalls > 0 ? cost.totalUsd / costedCalls : null;
    row.latencyMsP50 = percentile(latencies, 0.5);
    row.latencyMsP95 = percentile(latencies, 0.95);
    row.accuracy = row.scored > 0 ? row.correct / row.scored : null;
    return row;
  });
  const priciest = Math.max(0, ...rows.map((r) => r.totalCostUsd));
  for (const row of rows) row.relativeCost = priciest > 0 ? row.totalCostUsd / priciest : null;
  return rows;
}

/** Nearest-rank percentile (the smallest value with at least p of the values at or below it). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}
