import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/**
 * Options of the llmcost instrumentations (`OpenAIInstrumentation`, `AnthropicInstrumentation`).
 * Each field names the environment variable that sets it when `@llmcost/otel/register` is used.
 */
export interface LlmcostInstrumentationConfig extends InstrumentationConfig {
  /** Record prompt and completion content (`gen_ai.input.messages` / `gen_ai.output.messages`). Off by default.
   * Env: `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`. */
  captureMessageContent?: boolean;
  /** Maximum characters of captured content per attribute. Env: `LLMCOST_CONTENT_MAX_CHARS` (default 16384). */
  contentMaxChars?: number;
  /** Add `stream_options.include_usage` to OpenAI streaming requests that lack it, so cost comes from the
   * provider instead of a local estimate. Off by default: the extra final chunk has empty `choices`, which
   * breaks consumers that read `chunk.choices[0]` unguarded. Env: `LLMCOST_OPENAI_INCLUDE_STREAM_USAGE=true`. */
  injectStreamUsage?: boolean;
  /**
   * Write locally counted usage (a stream without usage, a cut stream, an API that reports none) under the
   * GenAI names (`gen_ai.usage.input_tokens` / `output_tokens`, `gen_ai.client.token.usage`) as if the provider
   * had reported it. Off by default: the estimates go to `llmcost.estimated.input_tokens` / `output_tokens`, since
   * backends read the gen_ai names as billed usage (semconv wants provider-reported usage there unless the user
   * opts in to local counting). Env: `LLMCOST_ESTIMATED_USAGE_AS_GENAI=true`.
   */
  estimatedUsageAsGenAi?: boolean;
  /**
   * Emit the names of the GenAI conventions' main branch (semantic-conventions-genai) instead of semconv v1.41.1:
   * `gen_ai.usage.cache_write.input_tokens`, the `gen_ai.client.inference.*` / `gen_ai.client.embeddings.*`
   * metrics (see the telemetry reference in the README). Env: `OTEL_SEMCONV_STABILITY_OPT_IN` containing
   * `gen_ai_latest_experimental` (read by the instrumentation itself when this is undefined, as OpenTelemetry's
   * instrumentations do).
   */
  genAiLatestConventions?: boolean;
  /** Key for pseudonymising user ids (HMAC-SHA256): spans get `user.hash` instead of `user.id`.
   * Env: `LLMCOST_USER_ID_HASH` (the key). */
  userIdHashKey?: string;
  /** Put `user.id` on metrics too (off by default), with at most this many distinct values; later users
   * are recorded as `other`. Env: `LLMCOST_METRICS_USER_ID_LIMIT`. */
  metricsUserIdLimit?: number;
  /** Provider behind an OpenAI-compatible `baseURL`, by host (`host`, `host:port` or `*.domain`), before the
   * known hosts: `{ "127.0.0.1:8000": "vllm", "llm.internal.example.com": "openai" }`.
   * Env: `LLMCOST_PROVIDER_BY_HOST=host=provider,...`. */
  providerByHost?: Readonly<Record<string, string>>;
  /**
   * Which attribution keys the budget may take from W3C baggage that came from outside the process (an incoming
   * request's `baggage` header): `user.id`, `user.hash`, `llmcost.feature`, `llmcost.tier`. Default: none, since any
   * client can send that header (a claimed `llmcost.tier=enterprise`, a new `user.id` per call). Values set with
   * `withLlmContext` in this process are always used. Spans and metrics still show baggage attribution.
   * List keys here only when your edge strips or overwrites client baggage (e.g. between your own services).
   * Env: `LLMCOST_BUDGET_TRUSTED_BAGGAGE` (comma-separated).
   */
  budgetTrustedBaggage?: readonly string[];
  /** Budget guard consulted before each call (see @llmcost/budget). Env: `LLMCOST_BUDGET_FILE`. */
  budgetGuard?: import('@llmcost/budget').BudgetGuardLike;
}
