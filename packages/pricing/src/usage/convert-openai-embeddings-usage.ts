import type { Usage } from '../types.js';
import { findUsage, tokenCount } from './read-usage.js';

/**
 * OpenAI Embeddings `usage`: `{ prompt_tokens, total_tokens }`. Embeddings produce no output tokens.
 * https://platform.openai.com/docs/api-reference/embeddings/object
 */
export function convertOpenAIEmbeddingsUsage(raw: unknown): Usage | undefined {
  const u = findUsage(raw, 'usage', (o) => 'prompt_tokens' in o);
  if (!u) return undefined;
  const inputTokens = tokenCount(u.prompt_tokens) ?? tokenCount(u.total_tokens);
  return inputTokens === undefined ? undefined : { inputTokens, outputTokens: 0 };
}
