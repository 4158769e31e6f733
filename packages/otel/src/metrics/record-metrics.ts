import type { CostResult, Usage } from '@llmcost/pricing';
import type { Attributes } from '@opentelemetry/api';
import type { LlmCall } from '../core/call.js';
import { ATTR } from '../recorder/attributes.js';
import type { CallPricingStatus } from '../recorder/call-record.js';
import { instrumentsFor } from './instruments.js';
import type { SummedCounter } from './summed-counter.js';

/**
 * The metric points of one finished call (names: DESIGN.md "Metrics" and the canonical metrics list). Attributes stay low-cardinality:
 * provider, operation, models, feature, tier, pricing status, error type; `user.id` only when opted in, capped.
 */
export function recordMetrics(
  call: LlmCall,
  usage: Usage | undefined,
  cost: CostResult | undefined,
  status: CallPricingStatus | undefined,
  errorType: string | undefined,
  durationS: number,
  ttfc: number | undefined,
): void {
  const m = instrumentsFor(call.host.llmMeter());
  const { feature, tier } = call.attribution;
  const base: Attributes = {
    [ATTR.providerName]: call.provider,
    [ATTR.operationName]: call.adapter.operation,
    [ATTR.requestModel]: call.requestModel,
  };
  if (call.state.responseModel !== undefined) base[ATTR.responseModel] = call.state.responseModel;
  if (feature !== undefined) base[ATTR.feature] = feature;
  if (tier !== undefined) base[ATTR.tier] = tier;
  if (status !== undefined) base[ATTR.pricingStatus] = status;
  if (errorType !== undefined) base[ATTR.errorType] = errorType;
  const limiter = call.host.userIdLimiter();
  // Opt-in, capped; pseudonymised like the span when a hash key is set (the raw id never reaches metrics then).
  if (limiter !== undefined && call.userLabel !== undefined)
    base[ATTR.userId] = limiter.label(call.userLabel);

  // One string that identifies `base`, for the in-process summed counters (see summed-counter.ts).
  const key = `${call.provider}\u0000${call.adapter.operation}\u0000${call.requestModel}\u0000${call.state.responseModel}\u0000${feature}\u0000${tier}\u0000${status}\u0000${errorType}\u0000${base[ATTR.userId]}`;
  const finishReason = call.state.finishReasons.find((r) => r !== undefined) ?? 'none';

  m.duration.record(durationS, base);
  m.calls.add(`${key}\u0000${finishReason}`, 1, () => ({
    ...base,
    [ATTR.responseFinishReason]: finishReason,
  }));
  if (ttfc !== undefined) m.timeToFirstChunk.record(ttfc, base);
  if (usage !== undefined) {
    m.tokenUsage.record(usage.inputTokens, { ...base, [ATTR.tokenType]: 'input' });
    m.tokenUsage.record(usage.outputTokens, { ...base, [ATTR.tokenType]: 'output' });
    addTokens(m.tokens, key, base, 'input', usage.inputTokens);
    addTokens(m.tokens, key, base, 'output', usage.outputTokens);
    addTokens(m.tokens, key, base, 'cache_read', usage.cacheReadInputTokens);
    addTokens(m.tokens, key, base, 'cache_creation', usage.cacheCreationInputTokens);
    addTokens(m.tokens, key, base, 'reasoning', usage.reasoningOutputTokens);
  }
  if (cost?.status === 'priced') {
    m.cost.record(cost.totalUsd, base);
    if (cost.cacheSavingsUsd !== undefined && cost.cacheSavingsUsd > 0) {
      m.cacheSavings.add(key, cost.cacheSavingsUsd, () => ({ ...base }));
    }
  }
}

function addTokens(counter: SummedCounter, key: string, base: Attributes, type: string, n?: number) {
  if (n !== undefined && n > 0)
    counter.add(`${key}\u0000${type}`, n, () => ({ ...base, [ATTR.tokenType]: type }));
}
