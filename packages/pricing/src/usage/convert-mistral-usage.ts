import type { Usage } from '../types.js';
import { findUsage, isObject, nestedCount, tokenCount, withOptional } from './read-usage.js';

const isMistralUsage = (o: Record<string, unknown>) =>
  'prompt_tokens' in o || 'promptTokens' in o || 'completion_tokens' in o || 'completionTokens' in o;

/** The first readable count among `keys` ([field] or [object, field]) of `u`. */
function firstCount(u: Record<string, unknown>, keys: readonly (readonly string[])[]): number | undefined {
  for (const [key, field] of keys) {
    const n = field === undefined ? tokenCount(u[key as string]) : nestedCount(u, key as string, field);
    if (n !== undefined) return n;
  }
  return undefined;
}

// Where Mistral has put its cached prompt tokens: `num_cached_tokens` first, then `prompt_tokens_details` and its
// older misspelling `prompt_token_details` (and the camelCase forms a future SDK may map them to).
const CACHED = [
  ['num_cached_tokens'],
  ['prompt_tokens_details', 'cached_tokens'],
  ['prompt_token_details', 'cached_tokens'],
  ['numCachedTokens'],
  ['promptTokensDetails', 'cachedTokens'],
] as const;
const REASONING = [
  ['completion_tokens_details', 'reasoning_tokens'],
  ['completionTokensDetails', 'reasoningTokens'],
] as const;

/**
 * Mistral chat and embeddings `usage` (https://docs.mistral.ai/api/#tag/chat: `UsageInfo`), as the API sends it
 * (snake_case) or as `@mistralai/mistralai` returns it: the SDK renames the fields it knows (`promptTokens`,
 * `completionTokens`) and keeps the others under their wire names, at the top level (2.x) or in
 * `additionalProperties` (1.x). OpenAI's meaning: `prompt_tokens` INCLUDES the cached tokens (billed at the
 * cache-read rate), `completion_tokens` includes any reasoning; a reasoning model's thinking is text inside the
 * answer and is not reported apart, so it is output like the rest. A stream reports usage on its last chunk.
 */
export function convertMistralUsage(raw: unknown): Usage | undefined {
  // An SDK stream event is `{ data: chunk }`.
  const u = findUsage(isObject(raw) && isObject(raw.data) ? raw.data : raw, 'usage', isMistralUsage);
  if (!u) return undefined;
  const inputTokens = tokenCount(u.promptTokens ?? u.prompt_tokens);
  if (inputTokens === undefined) return undefined;
  const completion = u.completionTokens ?? u.completion_tokens;
  const outputTokens = completion === undefined || completion === null ? 0 : tokenCount(completion);
  if (outputTokens === undefined) return undefined;
  const extra = isObject(u.additionalProperties) ? { ...u.additionalProperties, ...u } : u;
  const cached = firstCount(extra, CACHED);
  return withOptional<Usage>(
    { inputTokens, outputTokens },
    {
      cacheReadInputTokens: cached === undefined ? undefined : Math.min(cached, inputTokens),
      reasoningOutputTokens: firstCount(extra, REASONING),
    },
  );
}
