import type { CostResult, Usage } from '@llmcost/pricing';
import type { Attributes } from '@opentelemetry/api';
import type { LlmCall } from '../core/call.js';
import { ATTR } from '../recorder/attributes.js';
import type { CallPricingStatus } from '../recorder/call-record.js';
import { instrumentsFor } from './instruments.js';

/**
 * The metric points of one finished call (names: /work/brief/metrics.md). Attributes stay low-cardinality:
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

  m.duration.record(durationS, base);
  m.calls.add(1, {
    ...base,
    [ATTR.responseFinishReason]: call.state.finishReasons.find((r) => r !== undefined) ?? 'none',
  });
  if (ttfc !== undefined) m.timeToFirstChunk.record(ttfc, base);
  if (usage !== undefined) {
    m.tokenUsage.record(usage.inputTokens, { ...base, [ATTR.tokenType]: 'input' });
    m.tokenUsage.record(usage.outputTokens, { ...base, [ATTR.tokenType]: 'output' });
    addTokens(m.tokens, base, 'input', usage.inputTokens);
    addTokens(m.tokens, base, 'output', usage.outputTokens);
    addTokens(m.tokens, base, 'cache_read', usage.cacheReadInputTokens);
    addTokens(m.tokens, base, 'cache_creation', usage.cacheCreationInputTokens);
    addTokens(m.tokens, base, 'reasoning', usage.reasoningOutputTokens);
  }
  if (cost?.status === 'priced') {
    m.cost.record(cost.totalUsd, base);
    if (cost.cacheSavingsUsd !== undefined && cost.cacheSavingsUsd > 0)
      m.cacheSavings.add(cost.cacheSavingsUsd, base);
  }
}

function addTokens(
  counter: { add(n: number, a: Attributes): void },
  base: Attributes,
  type: string,
  n?: number,
) {
  if (n !== undefined && n > 0) counter.add(n, { ...base, [ATTR.tokenType]: type });
}
