import type { Usage } from '../types.js';
import { isObject, nestedCount, tokenCount, withOptional } from './read-usage.js';

export interface AiSdkUsageContext {
  /** Semconv provider name of the model (`normaliseProvider(model.provider)`): the v2 mapping differs by vendor. */
  provider?: string | undefined;
  /** The call's `providerMetadata` (v2 Anthropic reports cache writes only there). */
  providerMetadata?: unknown;
}

/**
 * The usage a Vercel AI SDK language model reports (the `doGenerate` result's `usage`, or the `finish` stream
 * part's), in semantic-convention form. Two shapes exist:
 *
 * - LanguageModelV3 / V4 (`ai` 6 and 7 with @ai-sdk/* 3.x and 4.x): `inputTokens: {total, noCache, cacheRead,
 *   cacheWrite}`, `outputTokens: {total, text, reasoning}`, `raw` (the vendor's own usage object). Every @ai-sdk
 *   provider fills `total` the semconv way: input includes cache reads and writes (Anthropic's are added to its
 *   `input_tokens`), output includes reasoning (Gemini's `thoughtsTokenCount` is added to candidates).
 *   https://github.com/vercel/ai/blob/main/packages/provider/src/language-model/v3/language-model-v3-usage.ts
 * - LanguageModelV2 (`ai` 5 with @ai-sdk/* 2.x): flat numbers `inputTokens`, `outputTokens`, `cachedInputTokens`,
 *   `reasoningTokens`, passed through from the vendor, so their meaning is the vendor's: @ai-sdk/anthropic 2.x
 *   reports Anthropic's `input_tokens` (cache reads and writes NOT included; writes only as
 *   `providerMetadata.anthropic.cacheCreationInputTokens`), @ai-sdk/google 2.x `candidatesTokenCount` as output
 *   (thinking NOT included), @ai-sdk/openai 2.x `prompt_tokens` / `completion_tokens` (semconv already).
 *
 * Anthropic 1-hour cache writes (billed at 2x input, 5-minute ones at 1.25x) are only in the raw usage
 * (`cache_creation.ephemeral_1h_input_tokens`): read from `raw` (V3/V4) or `providerMetadata.anthropic.usage` (V2).
 * Undefined when the model reported no input or output count (the AI SDK fills NaN or undefined then).
 */
export function convertAiSdkUsage(usage: unknown, context: AiSdkUsageContext = {}): Usage | undefined {
  if (!isObject(usage)) return undefined;
  return isObject(usage.inputTokens) || isObject(usage.outputTokens) ? fromV3(usage) : fromV2(usage, context);
}

function fromV3(usage: Record<string, unknown>): Usage | undefined {
  const input = isObject(usage.inputTokens) ? usage.inputTokens : {};
  const output = isObject(usage.outputTokens) ? usage.outputTokens : {};
  const cacheRead = tokenCount(input.cacheRead);
  const cacheWrite = tokenCount(input.cacheWrite);
  const reasoning = tokenCount(output.reasoning);
  const noCache = tokenCount(input.noCache);
  const text = tokenCount(output.text);
  const inputTokens =
    tokenCount(input.total) ??
    (noCache === undefined ? undefined : noCache + (cacheRead ?? 0) + (cacheWrite ?? 0));
  const outputTokens = tokenCount(output.total) ?? (text === undefined ? undefined : text + (reasoning ?? 0));
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  return withOptional<Usage>(
    { inputTokens, outputTokens },
    {
      cacheReadInputTokens: cacheRead,
      cacheCreationInputTokens: cacheWrite,
      cacheCreation1hInputTokens: oneHourWrites(usage.raw, cacheWrite),
      reasoningOutputTokens: reasoning,
    },
  );
}

function fromV2(usage: Record<string, unknown>, context: AiSdkUsageContext): Usage | undefined {
  let inputTokens = tokenCount(usage.inputTokens);
  let outputTokens = tokenCount(usage.outputTokens);
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  const cacheRead = tokenCount(usage.cachedInputTokens);
  const reasoning = tokenCount(usage.reasoningTokens);
  let cacheWrite: number | undefined;
  let rawUsage: unknown;
  const anthropic = vendorMetadata(context.providerMetadata, 'anthropic');
  switch (v2Vendor(context, anthropic)) {
    case 'anthropic':
      cacheWrite = tokenCount(anthropic?.cacheCreationInputTokens);
      rawUsage = anthropic?.usage;
      inputTokens += (cacheRead ?? 0) + (cacheWrite ?? 0);
      break;
    case 'gemini':
      outputTokens += reasoning ?? 0;
      break;
  }
  return withOptional<Usage>(
    { inputTokens, outputTokens },
    {
      cacheReadInputTokens: cacheRead,
      cacheCreationInputTokens: cacheWrite,
      cacheCreation1hInputTokens: oneHourWrites(rawUsage, cacheWrite),
      reasoningOutputTokens: reasoning,
    },
  );
}

/**
 * Whose flat V2 numbers these are: the provider metadata's key says it even for Claude or Gemini reached through
 * another host (Vertex), the provider name otherwise.
 */
function v2Vendor(
  context: AiSdkUsageContext,
  anthropic: Record<string, unknown> | undefined,
): 'anthropic' | 'gemini' | undefined {
  if (anthropic !== undefined) return 'anthropic';
  const metadata = context.providerMetadata;
  if (vendorMetadata(metadata, 'google') !== undefined || vendorMetadata(metadata, 'vertex') !== undefined)
    return 'gemini';
  if (context.provider === 'anthropic') return 'anthropic';
  if (context.provider === 'gcp.gemini' || context.provider === 'gcp.vertex_ai') return 'gemini';
  return undefined;
}

/** Anthropic's `cache_creation.ephemeral_1h_input_tokens` (only Anthropic's usage has it), at most the writes. */
function oneHourWrites(raw: unknown, cacheWrite: number | undefined): number | undefined {
  if (cacheWrite === undefined || !isObject(raw)) return undefined;
  const oneHour = nestedCount(raw, 'cache_creation', 'ephemeral_1h_input_tokens');
  return oneHour === undefined ? undefined : Math.min(oneHour, cacheWrite);
}

function vendorMetadata(metadata: unknown, vendor: string): Record<string, unknown> | undefined {
  const entry = isObject(metadata) ? metadata[vendor] : undefined;
  return isObject(entry) ? entry : undefined;
}

/**
 * An AI SDK embedding model's usage (`doEmbed` result: `{ tokens }`, the same in every major): all input.
 * Undefined when the provider reported none (the AI SDK then fills `NaN`).
 */
export function convertAiSdkEmbeddingUsage(usage: unknown): Usage | undefined {
  const tokens = isObject(usage) ? tokenCount(usage.tokens) : undefined;
  return tokens === undefined ? undefined : { inputTokens: tokens, outputTokens: 0 };
}
