import type { Usage } from '../types.js';
import { findUsage, nestedCount, tokenCount, withOptional } from './read-usage.js';

/**
 * OpenAI Responses API `usage` (on the response, and on the `response.completed` stream event's response).
 * `input_tokens` INCLUDES `input_tokens_details.cached_tokens`; `output_tokens` INCLUDES
 * `output_tokens_details.reasoning_tokens`.
 * https://platform.openai.com/docs/api-reference/responses/object#responses/object-usage
 */
export function convertOpenAIResponsesUsage(raw: unknown): Usage | undefined {
  const u = findUsage(raw, 'usage', (o) => 'input_tokens' in o || 'output_tokens' in o);
  if (!u) return undefined;
  const inputTokens = tokenCount(u.input_tokens);
  const outputTokens = tokenCount(u.output_tokens);
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  return withOptional<Usage>(
    { inputTokens, outputTokens },
    {
      cacheReadInputTokens: nestedCount(u, 'input_tokens_details', 'cached_tokens'),
      reasoningOutputTokens: nestedCount(u, 'output_tokens_details', 'reasoning_tokens'),
    },
  );
}
