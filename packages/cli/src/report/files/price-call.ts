import type { Usage } from '@llmcost/pricing';
import { pricing } from '../../cjs.js';
import type { CallRecord } from './call-record.js';
import { costIsPlausible } from './value-checks.js';

export interface SpanPricing {
  /** `llmcost.pricing.status` */
  status: string | undefined;
  /** `gen_ai.usage.cost` */
  cost: number | undefined;
  /** `gen_ai.provider.name` (or the older `gen_ai.system`) */
  provider: string | undefined;
  cacheWrite: number | undefined;
  reasoning: number | undefined;
}

/**
 * Sets the call's pricing, cost and cache savings. A span priced at the source (llmcost's recorder, or
 * CostSpanProcessor for other instrumentations) keeps its `gen_ai.usage.cost` and status, unless that cost
 * cannot be right for its tokens (value-checks.ts: more than 10x away from the table's price): then the call is
 * counted at the table's price and the span gets an `issue`, so one corrupt span cannot swamp the totals
 * unseen. A span with tokens but neither cost nor status comes from an instrumentation that knows nothing of
 * llmcost: it is priced here by the same `computeCost` the recorder uses, so both are priced by one table. An
 * unknown model stays `unpriced`: never a silent $0.
 */
export function priceCall(call: CallRecord, span: SpanPricing): void {
  const table =
    call.hasUsage && call.model !== undefined && span.status !== 'unpriced'
      ? pricing.computeCost(usageOf(call, span), call.model, options(span.provider))
      : undefined;
  const tableUsd = table?.status === 'priced' ? table.totalUsd : undefined;
  if (span.status === 'unpriced') {
    call.pricing = 'unpriced';
    return;
  }
  if (span.cost !== undefined) {
    call.pricing = span.status === 'estimated' ? 'estimated' : 'priced';
    call.costUsd = span.cost;
    if (tableUsd !== undefined && !costIsPlausible(span.cost, tableUsd)) {
      call.costUsd = tableUsd;
      call.issue ??=
        `gen_ai.usage.cost $${span.cost} for ${call.inputTokens} input + ${call.outputTokens} output tokens of ` +
        `${call.model}, where the price table gives $${tableUsd.toPrecision(3)}: counted at the table's price`;
    }
  } else if (call.hasUsage) {
    if (tableUsd === undefined) {
      call.pricing = 'unpriced';
      return;
    }
    call.pricedHere = true;
    call.pricing = 'priced';
    call.costUsd = tableUsd;
  } else {
    // No usage: a failed call was not billed; any other call's cost is unknown.
    call.pricing = call.error ? 'none' : 'unpriced';
    return;
  }
  // The savings are a property of the model's rates (input minus cache-read), so they come from the table
  // even for spans that carry their cost.
  if (call.cacheReadTokens > 0 && table?.status === 'priced')
    call.cacheSavingsUsd = table.cacheSavingsUsd ?? 0;
}

function usageOf(call: CallRecord, span: SpanPricing): Usage {
  const usage: Usage = { inputTokens: call.inputTokens, outputTokens: call.outputTokens };
  if (call.cacheReadTokens > 0) usage.cacheReadInputTokens = call.cacheReadTokens;
  if (span.cacheWrite !== undefined) usage.cacheCreationInputTokens = span.cacheWrite;
  if (span.reasoning !== undefined) usage.reasoningOutputTokens = span.reasoning;
  return usage;
}

function options(provider: string | undefined): { provider?: string } {
  return provider === undefined ? {} : { provider: pricing.normaliseProvider(provider) };
}
