// Public surface of the package: re-exports only.

export { computeCost } from './cost/compute-cost.js';
export { addCosts, type CostAccumulator, createCostAccumulator } from './cost/cost-accumulator.js';
export { FEMTO_PER_USD, femtoToDecimalString, femtoToUsd, usdToFemto } from './cost/money.js';
export { providerReportedCost } from './cost/reported-cost.js';
export { providerForHost } from './hosts/provider-by-host.js';
export { createProviderResolver, parseProviderByHost } from './hosts/provider-resolver.js';
export { findPrice, getModelLimits } from './table/find-price.js';
export { type LoadPricingResult, loadPricing, loadPricingData } from './table/load-pricing.js';
export { PricingFileError } from './table/pricing-file-error.js';
export { getPricingVersion, listPrices, PRICING_VERSION, resetPricing } from './table/pricing-state.js';
export { normaliseProvider } from './table/provider-name.js';
export {
  LOCAL_PROVIDERS,
  OWN_ROWS_ONLY,
  type ProviderPolicy,
  providerPolicy,
} from './table/provider-order.js';
export * from './tokens/index.js';
export type {
  CostOptions,
  CostResult,
  LongContextTier,
  ModelLimits,
  PriceEntry,
  PriceTableFile,
  PricingStatus,
  TokenRates,
  Usage,
} from './types.js';
export {
  type AiSdkUsageContext,
  convertAiSdkEmbeddingUsage,
  convertAiSdkUsage,
} from './usage/convert-ai-sdk-usage.js';
export { convertAnthropicUsage, mergeAnthropicUsage } from './usage/convert-anthropic-usage.js';
export {
  convertBedrockBodyUsage,
  convertBedrockInvocationMetrics,
  convertBedrockUsage,
} from './usage/convert-bedrock-usage.js';
export { convertGeminiUsage } from './usage/convert-gemini-usage.js';
export { convertMistralUsage } from './usage/convert-mistral-usage.js';
export { convertOpenAIChatUsage } from './usage/convert-openai-chat-usage.js';
export { convertOpenAIEmbeddingsUsage } from './usage/convert-openai-embeddings-usage.js';
export { convertOpenAIResponsesUsage } from './usage/convert-openai-responses-usage.js';
export {
  GENAI_SPAN_KEYS,
  type GenAiSpanField,
  genAiOperationOf,
  INPUT_EXCLUDES_CACHE_SCOPES,
} from './usage/genai-span-keys.js';
export { type GenAiSpanCall, readGenAiOperation, readGenAiSpan } from './usage/read-genai-span.js';
export { readOpenRouterCost } from './usage/read-openrouter-cost.js';
