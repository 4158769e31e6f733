/** How a request should behave; set per request by `x-mock-*` headers or a `model::key=value` suffix. */
export interface MockScenario {
  /** Delay before the response headers are sent (`x-mock-latency-ms`). */
  latencyMs: number;
  /** Streaming only: delay between the response headers and the first chunk (`x-mock-ttfc-ms`). */
  ttfcMs: number;
  /** Streaming only: delay between two chunks (`x-mock-chunk-delay-ms`). */
  chunkDelayMs: number;
  /** Visible output tokens to generate before any `max_tokens` cap (`x-mock-output-tokens`). */
  outputTokens: number;
  /** Answer with this HTTP error status and the provider's error body (`x-mock-error`). */
  error?: number;
  /** Seconds sent in `retry-after` with a 429 or 529 (`x-mock-retry-after`). */
  retryAfterSeconds: number;
  /** Streaming only: destroy the socket after this many events (`x-mock-stream-drop-after`). */
  streamDropAfter?: number;
  /** Streaming only: after this many events send the provider's error event and end (`x-mock-stream-error-after`). */
  streamErrorAfter?: number;
  /** Leave usage out of the response / stream (`x-mock-no-usage`). */
  noUsage: boolean;
  /** OpenAI reasoning tokens; defaults to a fixed number for o-series and gpt-5 models (`x-mock-reasoning-tokens`). */
  reasoningTokens?: number;
  /** OpenAI cached prompt tokens, capped at the prompt size (`x-mock-cached-tokens`). */
  cachedTokens?: number;
  /** Force the finish reason: `stop` | `length` | `tool_calls` | `content_filter` (`x-mock-finish`). */
  finish?: string;
  /** Answer with a tool call: `true` for the first tool, or a tool name (`x-mock-tool-call`). */
  toolCall?: string | true;
  /** OpenRouter-style charged cost in USD credits, sent as chat `usage.cost` (`x-mock-cost`). */
  reportedCost?: number;
  /** Report this model instead of the requested one (`x-mock-response-model`). */
  responseModel?: string;
  /** Answer mode: the share of known prompts (`MockLlmOptions.answers`) this model answers right, 0 to 1;
   * default by model family (see answers.ts and the README) (`x-mock-skill`). */
  skill?: number;
}

/** A prompt the mock knows the right answer to (answer mode, for `llmcost compare --mock`). */
export interface MockAnswer {
  /** The text of the request's last user message (compared trimmed). */
  prompt: string;
  /** The reply of a model that gets it right. */
  answer: string;
}

export interface MockLlmOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Scenario values used when a request sets none. */
  defaults?: Partial<MockScenario>;
  /** Most requests kept in `requests` (oldest dropped first), so a long run stays bounded; default 10,000. */
  maxRecordedRequests?: number;
  /** Answer mode: known prompts and their right answers; each model answers them right or with
   * "I do not know." by a deterministic draw against its skill (README, "Answer mode"). */
  answers?: readonly MockAnswer[];
}

export type MockProvider = 'openai' | 'azure' | 'anthropic' | 'gemini' | 'vertex_ai' | 'bedrock';

/** One request as the server received it. Credentials are redacted. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, as sent (e.g. `/v1/chat/completions`). */
  path: string;
  /** Query parameters (e.g. Azure `api-version`). */
  query: Record<string, string>;
  provider: MockProvider;
  /** The operation served: `chat`, `responses`, `embeddings`, `models`, `messages`, `count_tokens`,
   * `generate_content`, `embed_content`, `converse`, `invoke` (Bedrock), or `unknown`. */
  operation: string;
  /** Requested model without the `::scenario` suffix (Azure: the deployment when the body has no model). */
  model?: string;
  /** A streaming request (`stream: true` in the body; Gemini: the `:streamGenerateContent` method; Bedrock:
   * `converse-stream`, `invoke-with-response-stream`). */
  stream: boolean;
  /** Lower-case header names; `authorization`, `x-api-key` and `api-key` are `[REDACTED]`. */
  headers: Record<string, string>;
  /** Parsed JSON body, untouched (including any model suffix); undefined for GET. */
  body?: unknown;
  /** Milliseconds since the epoch when the body was received. */
  receivedAt: number;
  /** The connection closed before the response ended: the client aborted (a stream cut off), or the mock
   * dropped it (`x-mock-stream-drop-after`). */
  clientAborted?: boolean;
}

export interface MockLlmServer {
  /** Base URL, e.g. `http://127.0.0.1:8787`. OpenAI clients use `${url}/v1`, Anthropic clients `url`. */
  url: string;
  port: number;
  /** Every request received since start or the last `resetRequests()`, oldest first. */
  readonly requests: readonly RecordedRequest[];
  resetRequests(): void;
  /** Forgets the Anthropic prompt-cache prefixes seen so far. */
  resetCache(): void;
  close(): Promise<void>;
}
