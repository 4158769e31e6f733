import { computeCost, normaliseProvider, type Usage } from '@llmcost/pricing';
import type { CallRecord } from './call-record.js';

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
 * CostSpanProcessor for other instrumentations) keeps its `gen_ai.usage.cost` and status. A span with tokens but
 * neither cost nor status comes from an instrumentation that knows nothing of llmcost: it is priced here by the
 * same `computeCost` the recorder uses, so both are priced by one table. An unknown model stays `unpriced`:
 * never a silent $0.
 */
export function priceCall(call: CallRecord, span: SpanPricing): void {
  if (span.status === 'unpriced') {
    call.pricing = 'unpriced';
  } else if (span.cost !== undefined) {
    call.pricing = span.status === 'estimated' ? 'estimated' : 'priced';
    call.costUsd = span.cost;
  } else if (call.hasUsage) {
    const cost =
      call.model === undefined
        ? undefined
        : computeCost(usageOf(call, span), call.model, options(span.provider));
    if (cost?.status === 'priced') {
      call.pricedHere = true;
      call.pricing = 'priced';
      call.costUsd = cost.totalUsd;
      call.cacheSavingsUsd = cost.cacheSavingsUsd ?? 0;
      return;
    }
    call.pricing = 'unpriced';
    return;
  } else {
    // No usage: a failed call was not billed; any other call's cost is unknown.
    call.pricing = call.error ? 'none' : 'unpriced';
  }
  if (call.cacheReadTokens > 0 && call.model !== undefined && call.pricing !== 'unpriced') {
    // The savings are a property of the model's rates (input minus cache-read), so they come from the table
    // even for spans that carry their cost.
    const cost = computeCost(usageOf(call, span), call.model, options(span.provider));
    if (cost.status === 'priced') call.cacheSavingsUsd = cost.cacheSavingsUsd ?? 0;
  }
}

function usageOf(call: CallRecord, span: SpanPricing): Usage {
  const usage: Usage = { inputTokens: call.inputTokens, outputTokens: call.outputTokens };
  if (call.cacheReadTokens > 0) usage.cacheReadInputTokens = call.cacheReadTokens;
  if (span.cacheWrite !== undefined) usage.cacheCreationInputTokens = span.cacheWrite;
  if (span.reasoning !== undefined) usage.reasoningOutputTokens = span.reasoning;
  return usage;
}

function options(provider: string | undefined): { provider?: string } {
  return provider === undefined ? {} : { provider: normaliseProvider(provider) };
}
