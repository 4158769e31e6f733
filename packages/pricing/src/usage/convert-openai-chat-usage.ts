import type { Usage } from '../types.js';
import { findUsage, nestedCount, tokenCount, withOptional } from './read-usage.js';

/**
 * OpenAI Chat Completions `usage` (also streamed in the last chunk with `stream_options.include_usage`).
 * `prompt_tokens` INCLUDES `prompt_tokens_details.cached_tokens`, and `completion_tokens` INCLUDES
 * `completion_tokens_details.reasoning_tokens`: the semantic-convention meaning already, so no arithmetic.
 * https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 * OpenAI-compatible DeepSeek reports its cache hits as `prompt_cache_hit_tokens` (also inside `prompt_tokens`).
 * https://api-docs.deepseek.com/api/create-chat-completion
 */
export function convertOpenAIChatUsage(raw: unknown): Usage | undefined {
  const u = findUsage(raw, 'usage', (o) => 'prompt_tokens' in o || 'completion_tokens' in o);
  if (!u) return undefined;
  const inputTokens = tokenCount(u.prompt_tokens);
  if (inputTokens === undefined) return undefined;
  const outputTokens =
    u.completion_tokens === undefined || u.completion_tokens === null ? 0 : tokenCount(u.completion_tokens);
  if (outputTokens === undefined) return undefined;
  return withOptional<Usage>(
    { inputTokens, outputTokens },
    {
      cacheReadInputTokens:
        nestedCount(u, 'prompt_tokens_details', 'cached_tokens') ?? tokenCount(u.prompt_cache_hit_tokens),
      reasoningOutputTokens: nestedCount(u, 'completion_tokens_details', 'reasoning_tokens'),
    },
  );
}
