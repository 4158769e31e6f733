/**
 * The span attribute names under which GenAI instrumentations report a call's model and token usage, per
 * neutral field, most authoritative first. The one list read by CostSpanProcessor (@llmcost/otel), `llmcost
 * report` and the collector's generated cost transform, so the three never disagree on what a span cost.
 *
 * - GenAI semantic conventions v1.41 (`gen_ai.usage.cache_read.input_tokens`, ...): llmcost's own spans, the
 *   contrib `@opentelemetry/instrumentation-openai`, `@traceloop/instrumentation-*` 0.2x, the Vercel AI SDK's
 *   `ai.*.do*` spans, `@anthropic-ai/sdk` 1.x's own tracing.
 * - Older semconv and OpenLLMetry: `gen_ai.system`, `gen_ai.usage.prompt_tokens` / `completion_tokens`,
 *   `gen_ai.usage.cache_read_input_tokens` / `cache_creation_input_tokens` / `reasoning_tokens`
 *   (@traceloop/ai-semantic-conventions SpanAttributes), `llm.request.type`.
 * - `@anthropic-ai/sdk` 1.x writes cache writes as `gen_ai.usage.cache_write.input_tokens`.
 * - OpenInference (`@arizeai/openinference-*`): `llm.model_name`, `llm.provider`, `llm.system`,
 *   `llm.token_count.prompt` / `completion` and their `prompt_details.cache_read` / `cache_write`,
 *   `completion_details.reasoning` (openinference-semantic-conventions SemanticConventions.ts).
 * - Vercel AI SDK telemetry: `ai.model.provider`, `ai.model.id`, `ai.response.model`, and the token details
 *   `ai.usage.inputTokenDetails.*` / `ai.usage.outputTokenDetails.*` (ai 6) or `ai.usage.cachedInputTokens` /
 *   `reasoningTokens` (ai 5). Its `ai.usage.inputTokens` / `outputTokens` totals are deliberately NOT read as
 *   usage: the outer `ai.generateText` span carries the sum of its steps there, and pricing it would count each
 *   step twice; the `do*` spans below it carry `gen_ai.usage.*` as well.
 *
 * Input counts include cached input (semconv; OpenInference defines `prompt_details.*` as parts of
 * `llm.token_count.prompt`; the Anthropic SDK adds the cache counts into `gen_ai.usage.input_tokens`), except for
 * the scopes in INPUT_EXCLUDES_CACHE_SCOPES.
 */
export const GENAI_SPAN_KEYS = {
  // Last: @llmcost/otel's local counts of an `estimated` call, kept out of gen_ai.usage.* (billed usage to backends).
  inputTokens: [
    'gen_ai.usage.input_tokens',
    'gen_ai.usage.prompt_tokens',
    'llm.token_count.prompt',
    'llmcost.estimated.input_tokens',
  ],
  outputTokens: [
    'gen_ai.usage.output_tokens',
    'gen_ai.usage.completion_tokens',
    'llm.token_count.completion',
    'llmcost.estimated.output_tokens',
  ],
  cacheReadInputTokens: [
    'gen_ai.usage.cache_read.input_tokens',
    'gen_ai.usage.cache_read_input_tokens',
    'llm.token_count.prompt_details.cache_read',
    'ai.usage.inputTokenDetails.cacheReadTokens',
    'ai.usage.cachedInputTokens',
  ],
  cacheCreationInputTokens: [
    'gen_ai.usage.cache_creation.input_tokens',
    'gen_ai.usage.cache_write.input_tokens',
    'gen_ai.usage.cache_creation_input_tokens',
    'llm.token_count.prompt_details.cache_write',
    'ai.usage.inputTokenDetails.cacheWriteTokens',
  ],
  reasoningOutputTokens: [
    'gen_ai.usage.reasoning.output_tokens',
    'gen_ai.usage.reasoning_tokens',
    'llm.token_count.completion_details.reasoning',
    'ai.usage.outputTokenDetails.reasoningTokens',
    'ai.usage.reasoningTokens',
  ],
  responseModel: ['gen_ai.response.model', 'llm.response.model_name', 'ai.response.model'],
  requestModel: ['gen_ai.request.model', 'llm.request.model_name', 'llm.model_name', 'ai.model.id'],
  provider: ['gen_ai.provider.name', 'gen_ai.system', 'llm.provider', 'llm.system', 'ai.model.provider'],
  finishReasons: [
    'gen_ai.response.finish_reasons',
    'gen_ai.response.finish_reason',
    'llm.finish_reason',
    'ai.response.finishReason',
  ],
  operation: ['gen_ai.operation.name', 'llm.request.type', 'openinference.span.kind', 'ai.operationId'],
} as const satisfies Record<string, readonly string[]>;

export type GenAiSpanField = keyof typeof GENAI_SPAN_KEYS;

/**
 * Instrumentation scopes whose input count leaves cached input out: `@traceloop/instrumentation-anthropic` 0.27
 * writes Anthropic's own `usage.input_tokens` (which excludes cache reads and writes,
 * https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance) as
 * `gen_ai.usage.input_tokens`, next to the cache counts.
 */
export const INPUT_EXCLUDES_CACHE_SCOPES: ReadonlySet<string> = new Set([
  '@traceloop/instrumentation-anthropic',
]);

/**
 * The semconv operation name of another convention's value: OpenLLMetry's `llm.request.type`, OpenInference's
 * `openinference.span.kind`, the AI SDK's `ai.operationId`. Undefined for a value that names no model call
 * (an OpenInference CHAIN or TOOL span, the AI SDK's outer `ai.generateText`).
 */
export function genAiOperationOf(key: string, value: string): string | undefined {
  switch (key) {
    case 'gen_ai.operation.name':
      return value;
    case 'llm.request.type':
      return value === 'completion' ? 'text_completion' : value === 'embedding' ? 'embeddings' : value;
    case 'openinference.span.kind':
      return value === 'LLM' ? 'chat' : value === 'EMBEDDING' ? 'embeddings' : undefined;
    case 'ai.operationId':
      if (!/\.do(Generate|Stream|Embed)$/.test(value)) return undefined;
      return value.endsWith('.doEmbed') ? 'embeddings' : 'chat';
    default:
      return undefined;
  }
}
