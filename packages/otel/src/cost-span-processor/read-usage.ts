import { normaliseProvider, type Usage } from '@llmcost/pricing';

export { normaliseProvider };

import type { Attributes, AttributeValue } from '@opentelemetry/api';

/** Token usage and model of a GenAI span made by another instrumentation, in neutral form. */
export interface ForeignGenAiCall {
  provider: string | undefined;
  model: string;
  usage: Usage;
}

const num = (v: AttributeValue | undefined): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
const str = (v: AttributeValue | undefined): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;

/**
 * Reads usage from the attribute names other instrumentations use:
 * - `@opentelemetry/instrumentation-openai` 0.21: `gen_ai.system` (chat) or `gen_ai.provider.name`
 *   (responses), `gen_ai.request.model`, `gen_ai.response.model`, `gen_ai.usage.input_tokens` /
 *   `output_tokens` (OpenAI's prompt_tokens, which include cached input; no cache breakdown).
 * - Vercel AI SDK (`ai` 6) `ai.*.doGenerate` / `doStream` spans: `gen_ai.system` = `ai.model.provider`
 *   such as `openai.chat`, `ai.model.id`, `gen_ai.usage.*` plus `ai.usage.inputTokenDetails.cacheReadTokens`
 *   / `cacheWriteTokens` and `ai.usage.outputTokenDetails.reasoningTokens`. Its outer `ai.generateText`
 *   span carries only `ai.usage.*` totals of the steps below it and is deliberately not priced, so a sum
 *   of `gen_ai.usage.cost` over a trace counts each call once.
 * - current semconv: `gen_ai.usage.cache_read.input_tokens`, `gen_ai.usage.cache_creation.input_tokens`,
 *   `gen_ai.usage.reasoning.output_tokens`.
 * - `@anthropic-ai/sdk` 1.x's own tracing (scope `com.anthropic.sdk.typescript`) writes cache writes as
 *   `gen_ai.usage.cache_write.input_tokens`.
 * Returns undefined when the span reports no token usage.
 */
export function readForeignGenAiCall(attributes: Attributes): ForeignGenAiCall | undefined {
  const inputTokens =
    num(attributes['gen_ai.usage.input_tokens']) ?? num(attributes['gen_ai.usage.prompt_tokens']);
  const outputTokens =
    num(attributes['gen_ai.usage.output_tokens']) ?? num(attributes['gen_ai.usage.completion_tokens']);
  if (inputTokens === undefined && outputTokens === undefined) return undefined;
  const model =
    str(attributes['gen_ai.response.model']) ??
    str(attributes['gen_ai.request.model']) ??
    str(attributes['ai.response.model']) ??
    str(attributes['ai.model.id']);
  if (model === undefined) return undefined;

  const rawProvider =
    str(attributes['gen_ai.provider.name']) ??
    str(attributes['gen_ai.system']) ??
    str(attributes['ai.model.provider']);
  const provider = rawProvider === undefined ? undefined : normaliseProvider(rawProvider);

  const usage: Usage = { inputTokens: inputTokens ?? 0, outputTokens: outputTokens ?? 0 };
  const cacheRead =
    num(attributes['gen_ai.usage.cache_read.input_tokens']) ??
    num(attributes['ai.usage.inputTokenDetails.cacheReadTokens']) ??
    num(attributes['ai.usage.cachedInputTokens']);
  const cacheWrite =
    num(attributes['gen_ai.usage.cache_creation.input_tokens']) ??
    num(attributes['gen_ai.usage.cache_write.input_tokens']) ??
    num(attributes['ai.usage.inputTokenDetails.cacheWriteTokens']);
  const reasoning =
    num(attributes['gen_ai.usage.reasoning.output_tokens']) ??
    num(attributes['ai.usage.outputTokenDetails.reasoningTokens']) ??
    num(attributes['ai.usage.reasoningTokens']);
  if (cacheRead !== undefined) usage.cacheReadInputTokens = cacheRead;
  if (cacheWrite !== undefined) usage.cacheCreationInputTokens = cacheWrite;
  if (reasoning !== undefined) usage.reasoningOutputTokens = reasoning;
  return { provider, model, usage };
}
