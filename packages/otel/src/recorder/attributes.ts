import type { CostResult } from '@llmcost/pricing';
import type { Span } from '@opentelemetry/api';

/**
 * Attribute names of the public contract (DESIGN.md): GenAI semantic conventions v1.41 plus llmcost's own.
 * Plain strings rather than imports from the incubating semconv entry, which is large and unstable.
 */
export const ATTR = {
  providerName: 'gen_ai.provider.name',
  operationName: 'gen_ai.operation.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  requestTopP: 'gen_ai.request.top_p',
  requestTopK: 'gen_ai.request.top_k',
  requestFrequencyPenalty: 'gen_ai.request.frequency_penalty',
  requestPresencePenalty: 'gen_ai.request.presence_penalty',
  requestStopSequences: 'gen_ai.request.stop_sequences',
  requestSeed: 'gen_ai.request.seed',
  requestChoiceCount: 'gen_ai.request.choice.count',
  requestEncodingFormats: 'gen_ai.request.encoding_formats',
  requestStream: 'gen_ai.request.stream',
  embeddingsDimensionCount: 'gen_ai.embeddings.dimension.count',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  responseTimeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  openaiApiType: 'openai.api.type',
  openaiRequestServiceTier: 'openai.request.service_tier',
  openaiResponseServiceTier: 'openai.response.service_tier',
  openaiResponseSystemFingerprint: 'openai.response.system_fingerprint',
  outputType: 'gen_ai.output.type',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
  tokenType: 'gen_ai.token.type',
  /** `llmcost.calls`: the first finish reason (semconv has only the span's array `gen_ai.response.finish_reasons`). */
  finishReason: 'llmcost.finish_reason',
  /** `llmcost.tokens`: input, output, cache_read, cache_creation, reasoning (semconv's `gen_ai.token.type` has only
   * input and output). */
  llmcostTokenType: 'llmcost.token.type',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  usageCacheCreationInputTokens: 'gen_ai.usage.cache_creation.input_tokens',
  /** Under OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental, instead of cache_creation. */
  usageCacheWriteInputTokens: 'gen_ai.usage.cache_write.input_tokens',
  usageReasoningOutputTokens: 'gen_ai.usage.reasoning.output_tokens',
  usageCost: 'gen_ai.usage.cost',
  /** Locally counted tokens of an `estimated` call (the provider reported none for that side). */
  estimatedInputTokens: 'llmcost.estimated.input_tokens',
  estimatedOutputTokens: 'llmcost.estimated.output_tokens',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  costInputUsd: 'llmcost.cost.input_usd',
  costOutputUsd: 'llmcost.cost.output_usd',
  costCacheReadUsd: 'llmcost.cost.cache_read_usd',
  costCacheWriteUsd: 'llmcost.cost.cache_write_usd',
  costSource: 'llmcost.cost.source',
  pricingStatus: 'llmcost.pricing.status',
  pricingModel: 'llmcost.pricing.model',
  pricingVersion: 'llmcost.pricing.version',
  feature: 'llmcost.feature',
  tier: 'llmcost.tier',
  userId: 'user.id',
  userHash: 'user.hash',
  sessionId: 'session.id',
  budgetDecision: 'llmcost.budget.decision',
  budgetReservedUsd: 'llmcost.budget.reserved_usd',
  budgetDowngradedFrom: 'llmcost.budget.downgraded_from',
} as const;

/** The cost attributes of a span: the table version always, dollars and the matched entry when priced.
 * Shared by the recorder (our spans) and CostSpanProcessor (spans of other instrumentations). */
export function setCostAttributes(span: Pick<Span, 'setAttribute'>, cost: CostResult): void {
  span.setAttribute(ATTR.pricingVersion, cost.pricingVersion);
  if (cost.status !== 'priced') return;
  span.setAttribute(ATTR.usageCost, cost.totalUsd);
  if (cost.source === 'provider') {
    // The provider's own figure (OpenRouter usage.cost): no split by token type is known, none is invented.
    span.setAttribute(ATTR.costSource, 'provider');
    if (cost.pricingModel !== '') span.setAttribute(ATTR.pricingModel, cost.pricingModel);
    return;
  }
  span.setAttribute(ATTR.costInputUsd, cost.inputUsd);
  span.setAttribute(ATTR.costOutputUsd, cost.outputUsd);
  span.setAttribute(ATTR.costCacheReadUsd, cost.cacheReadUsd);
  span.setAttribute(ATTR.costCacheWriteUsd, cost.cacheWriteUsd);
  span.setAttribute(ATTR.pricingModel, cost.pricingModel);
}
