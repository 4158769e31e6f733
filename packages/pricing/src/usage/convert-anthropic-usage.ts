import type { Usage } from '../types.js';
import { findUsage, isObject, nestedCount, tokenCount, withOptional } from './read-usage.js';

const isAnthropicUsage = (o: Record<string, unknown>) =>
  'input_tokens' in o ||
  'output_tokens' in o ||
  'cache_read_input_tokens' in o ||
  'cache_creation_input_tokens' in o;

/**
 * Anthropic Messages `usage`. Anthropic reports `cache_read_input_tokens` and `cache_creation_input_tokens`
 * ON TOP of `input_tokens` (which counts only the tokens after the last cache breakpoint), so the
 * semantic-convention input is their sum. `cache_creation.ephemeral_5m_input_tokens` /
 * `ephemeral_1h_input_tokens` split the writes by TTL (1h writes cost 2x input, 5m writes 1.25x).
 * Extended-thinking tokens are inside `output_tokens` and not reported apart.
 * https://docs.anthropic.com/en/api/messages#response-usage
 * https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 * Accepts the usage object, a Message, or a `message_start` / `message_delta` stream event.
 */
export function convertAnthropicUsage(raw: unknown): Usage | undefined {
  const u = findUsage(raw, 'usage', isAnthropicUsage);
  if (!u) return undefined;
  const base = tokenCount(u.input_tokens);
  if (base === undefined) return undefined;
  const outputTokens =
    u.output_tokens === undefined || u.output_tokens === null ? 0 : tokenCount(u.output_tokens);
  if (outputTokens === undefined) return undefined;
  const read = tokenCount(u.cache_read_input_tokens) ?? 0;
  const write5m = nestedCount(u, 'cache_creation', 'ephemeral_5m_input_tokens');
  const write1h = nestedCount(u, 'cache_creation', 'ephemeral_1h_input_tokens');
  const write = tokenCount(u.cache_creation_input_tokens) ?? (write5m ?? 0) + (write1h ?? 0);
  return withOptional<Usage>(
    { inputTokens: base + read + write, outputTokens },
    {
      cacheReadInputTokens: read,
      cacheCreationInputTokens: write,
      cacheCreation1hInputTokens: write1h === undefined ? undefined : Math.min(write1h, write),
    },
  );
}

/**
 * Merges the usage of an Anthropic stream: `message_start` carries the input and cache counts (and an
 * output count of 1 or so); each `message_delta` carries the CUMULATIVE output count, and newer API versions
 * repeat the input and cache counts there. A later non-null field wins over an earlier one, then the result
 * is converted. Pass the events (or their usage objects) in stream order.
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types
 */
export function mergeAnthropicUsage(...parts: unknown[]): Usage | undefined {
  const merged: Record<string, unknown> = {};
  for (const part of parts) {
    const u = findUsage(part, 'usage', isAnthropicUsage);
    if (!u) continue;
    for (const [k, v] of Object.entries(u)) {
      if (v === null || v === undefined) continue;
      if (k === 'cache_creation' && isObject(v) && isObject(merged[k]))
        merged[k] = { ...(merged[k] as object), ...v };
      else merged[k] = v;
    }
  }
  return Object.keys(merged).length === 0 ? undefined : convertAnthropicUsage(merged);
}
