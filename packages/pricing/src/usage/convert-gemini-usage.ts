import type { Usage } from '../types.js';
import { findUsage, tokenCount, withOptional } from './read-usage.js';

/**
 * Gemini `usageMetadata` (generateContent, each streamed chunk carries the running totals; Vertex AI the same).
 * `promptTokenCount` INCLUDES `cachedContentTokenCount`; `thoughtsTokenCount` is NOT included in
 * `candidatesTokenCount` (thinking is billed as output), so output = candidates + thoughts.
 * `toolUsePromptTokenCount` (prompts built by tools such as search) is billed as input and not in
 * `promptTokenCount`.
 * https://ai.google.dev/api/generate-content#UsageMetadata
 */
export function convertGeminiUsage(raw: unknown): Usage | undefined {
  const u = findUsage(raw, 'usageMetadata', (o) => 'promptTokenCount' in o || 'candidatesTokenCount' in o);
  if (!u) return undefined;
  const prompt = tokenCount(u.promptTokenCount);
  if (prompt === undefined) return undefined;
  const optional = (v: unknown) => (v === undefined || v === null ? 0 : tokenCount(v));
  const candidates = optional(u.candidatesTokenCount);
  const thoughts = optional(u.thoughtsTokenCount);
  const toolPrompt = optional(u.toolUsePromptTokenCount);
  const cached = optional(u.cachedContentTokenCount);
  if (candidates === undefined || thoughts === undefined || toolPrompt === undefined || cached === undefined)
    return undefined;
  return withOptional<Usage>(
    { inputTokens: prompt + toolPrompt, outputTokens: candidates + thoughts },
    { cacheReadInputTokens: cached, reasoningOutputTokens: thoughts },
  );
}
