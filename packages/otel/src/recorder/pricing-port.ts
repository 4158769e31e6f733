import {
  convertAiSdkUsage as aiSdk,
  convertAiSdkEmbeddingUsage as aiSdkEmbedding,
  convertAnthropicUsage as anthropic,
  mergeAnthropicUsage as anthropicMerge,
  convertBedrockUsage as bedrock,
  convertBedrockBodyUsage as bedrockBody,
  convertBedrockInvocationMetrics as bedrockMetrics,
  convertGeminiUsage as gemini,
  convertMistralUsage as mistral,
  convertOpenAIChatUsage as openAIChat,
  convertOpenAIEmbeddingsUsage as openAIEmbeddings,
  convertOpenAIResponsesUsage as openAIResponses,
  type Usage,
} from '@llmcost/pricing';

export {
  computeCost,
  countMessageTokens,
  countTokens,
  getPricingVersion,
  normaliseProvider,
  providerReportedCost,
  readOpenRouterCost,
} from '@llmcost/pricing';

/** A provider usage converter made total: undefined (never a throw) for absent or unreadable usage. */
function safe<A extends unknown[]>(
  convert: (...raw: A) => Usage | undefined,
): (...raw: A) => Usage | undefined {
  return (...raw) => {
    try {
      return sanitizeUsage(convert(...raw));
    } catch {
      return undefined;
    }
  };
}

export const convertOpenAIChatUsage = safe(openAIChat);
export const convertOpenAIResponsesUsage = safe(openAIResponses);
export const convertOpenAIEmbeddingsUsage = safe(openAIEmbeddings);
export const convertAnthropicUsage = safe(anthropic);
export const mergeAnthropicUsage = safe(anthropicMerge);
export const convertGeminiUsage = safe(gemini);
export const convertBedrockUsage = safe(bedrock);
export const convertBedrockInvocationMetrics = safe(bedrockMetrics);
export const convertBedrockBodyUsage = safe(bedrockBody);
export const convertMistralUsage = safe(mistral);
export const convertAiSdkUsage = safe(aiSdk);
export const convertAiSdkEmbeddingUsage = safe(aiSdkEmbedding);

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

/**
 * A provider can send usage with strings or negative numbers (proxies, gateways, bugs): such a field is dropped;
 * usage without readable input or output counts is no usage at all, so the recorder estimates instead.
 */
export function sanitizeUsage(usage: Usage | undefined): Usage | undefined {
  if (!usage) return undefined;
  const inputTokens = count(usage.inputTokens);
  const outputTokens = count(usage.outputTokens);
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  const out: Usage = { inputTokens, outputTokens };
  const cacheRead = count(usage.cacheReadInputTokens);
  const cacheCreation = count(usage.cacheCreationInputTokens);
  const cache1h = count(usage.cacheCreation1hInputTokens);
  const reasoning = count(usage.reasoningOutputTokens);
  if (cacheRead !== undefined) out.cacheReadInputTokens = cacheRead;
  if (cacheCreation !== undefined) out.cacheCreationInputTokens = cacheCreation;
  if (cache1h !== undefined) out.cacheCreation1hInputTokens = cache1h;
  if (reasoning !== undefined) out.reasoningOutputTokens = reasoning;
  return out;
}
