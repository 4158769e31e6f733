import type { Usage } from '../types.js';
import { isObject, tokenCount, withOptional } from './read-usage.js';

/**
 * Amazon Bedrock Converse / ConverseStream `usage` (TokenUsage), also the `usage` of Amazon Nova's InvokeModel body.
 * `inputTokens` counts only the tokens NOT read from or written to the prompt cache: a recorded Claude response
 * reports `{inputTokens: 2, cacheWriteInputTokens: 1322, outputTokens: 5, totalTokens: 1329}` (and Nova the same
 * way), so the semantic-convention input is the sum of the three. Bedrock sends the cache counts as
 * `cacheReadInputTokens` / `cacheWriteInputTokens` and, in the same responses and in Nova's InvokeModel body, as
 * `cacheReadInputTokenCount` / `cacheWriteInputTokenCount`. `cacheDetails` splits the writes by TTL (`5m`, `1h`);
 * 1-hour writes are billed at their own rate.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html
 * Accepts the usage object, a Converse response, or a ConverseStream `metadata` event (`{metadata: {usage}}`).
 */
export function convertBedrockUsage(raw: unknown): Usage | undefined {
  const u = converseUsage(raw);
  if (!u) return undefined;
  const base = tokenCount(u.inputTokens);
  const outputTokens = tokenCount(u.outputTokens);
  if (base === undefined || outputTokens === undefined) return undefined;
  const read = tokenCount(u.cacheReadInputTokens) ?? tokenCount(u.cacheReadInputTokenCount) ?? 0;
  const write = tokenCount(u.cacheWriteInputTokens) ?? tokenCount(u.cacheWriteInputTokenCount) ?? 0;
  let write1h = 0;
  if (Array.isArray(u.cacheDetails)) {
    for (const d of u.cacheDetails)
      if (isObject(d) && d.ttl === '1h') write1h += tokenCount(d.inputTokens) ?? 0;
  }
  return withOptional<Usage>(
    { inputTokens: base + read + write, outputTokens },
    {
      cacheReadInputTokens: read,
      cacheCreationInputTokens: write,
      cacheCreation1hInputTokens: Math.min(write1h, write),
    },
  );
}

function converseUsage(raw: unknown): Record<string, unknown> | undefined {
  if (!isObject(raw)) return undefined;
  if ('inputTokens' in raw || 'outputTokens' in raw) return raw;
  const holder = isObject(raw.metadata) ? raw.metadata : raw;
  return isObject(holder.usage) ? holder.usage : undefined;
}

/**
 * `amazon-bedrock-invocationMetrics`, which Bedrock adds to the last chunk of every InvokeModelWithResponseStream
 * whatever the model: `{inputTokenCount, outputTokenCount, invocationLatency, firstByteLatency}`, and for models with
 * prompt caching `cacheReadInputTokenCount` / `cacheWriteInputTokenCount`, which (as in Anthropic's own usage) are
 * not inside `inputTokenCount`.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-invoke.html
 * Accepts the metrics object or the chunk that carries it.
 */
export function convertBedrockInvocationMetrics(raw: unknown): Usage | undefined {
  if (!isObject(raw)) return undefined;
  const m = isObject(raw['amazon-bedrock-invocationMetrics']) ? raw['amazon-bedrock-invocationMetrics'] : raw;
  const base = tokenCount(m.inputTokenCount);
  const outputTokens = tokenCount(m.outputTokenCount);
  if (base === undefined || outputTokens === undefined) return undefined;
  const read = tokenCount(m.cacheReadInputTokenCount) ?? 0;
  const write = tokenCount(m.cacheWriteInputTokenCount) ?? 0;
  return withOptional<Usage>(
    { inputTokens: base + read + write, outputTokens },
    { cacheReadInputTokens: read, cacheCreationInputTokens: write },
  );
}

/**
 * The usage in an InvokeModel response body of the models whose vendor format reports tokens in the body:
 * Meta Llama `{prompt_token_count, generation_token_count}` and Amazon Titan Text `{inputTextTokenCount,
 * results: [{tokenCount}]}`, Titan Text Embeddings `{inputTextTokenCount}` (input only).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-text.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 * (Anthropic bodies carry Anthropic's usage: convertAnthropicUsage; Nova bodies Converse's: convertBedrockUsage.)
 */
export function convertBedrockBodyUsage(raw: unknown): Usage | undefined {
  if (!isObject(raw)) return undefined;
  const prompt = tokenCount(raw.prompt_token_count);
  const generation = tokenCount(raw.generation_token_count);
  if (prompt !== undefined && generation !== undefined)
    return { inputTokens: prompt, outputTokens: generation };
  const input = tokenCount(raw.inputTextTokenCount);
  if (input === undefined) return undefined;
  if (!Array.isArray(raw.results))
    return 'embedding' in raw ? { inputTokens: input, outputTokens: 0 } : undefined;
  let output = 0;
  for (const r of raw.results) {
    const n = isObject(r) ? tokenCount(r.tokenCount) : undefined;
    if (n === undefined) return undefined;
    output += n;
  }
  return { inputTokens: input, outputTokens: output };
}
