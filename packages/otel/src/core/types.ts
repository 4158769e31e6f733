import type { Usage } from '@llmcost/pricing';
import type { Attributes } from '@opentelemetry/api';

/**
 * `gen_ai.provider.name`: the semconv registry's well-known values
 * (https://opentelemetry.io/docs/specs/semconv/registry/attributes/gen-ai/#gen-ai-provider-name), open to others
 * (a provider reached through an OpenAI-compatible host may have no registry value yet).
 */
export type ProviderName =
  | 'openai'
  | 'azure.ai.openai'
  | 'azure.ai.inference'
  | 'anthropic'
  | 'gcp.gemini'
  | 'gcp.vertex_ai'
  | 'gcp.gen_ai'
  | 'aws.bedrock'
  | 'mistral_ai'
  | 'cohere'
  | 'groq'
  | 'deepseek'
  | 'x_ai'
  | 'perplexity'
  | 'ibm.watsonx.ai'
  | (string & {});

/** `gen_ai.operation.name` values: `generate_content` is semconv's name for Gemini's multimodal generation. */
export type OperationName = 'chat' | 'embeddings' | 'generate_content' | 'text_completion' | (string & {});

/** A message in the semconv v1.41 `gen_ai.input.messages` / `gen_ai.output.messages` JSON shape. */
export interface GenAiMessage {
  role: string;
  parts: { type: 'text'; content: string }[];
  finish_reason?: string;
}

/** What an adapter learned from a response or from stream chunks. Filled in place, read once by the recorder. */
export interface ResponseState {
  responseModel?: string;
  responseId?: string;
  /** The service tier the provider says served the call (OpenAI `service_tier`): a price input. */
  serviceTier?: string;
  /** OpenAI `system_fingerprint`. */
  systemFingerprint?: string;
  finishReasons: string[];
  /** Complete usage reported by the provider. */
  usage?: Usage;
  /** The charged cost the provider reported with the response, in USD (OpenRouter `usage.cost`). */
  reportedCostUsd?: number;
  /** Provider-reported input side only (Anthropic `message_start`), while output tokens are not known yet. */
  inputUsage?: Usage;
  /** Output text per choice index, kept for streams (local estimate) and for content capture. */
  text: string[];
  /** Output messages of a non-streaming response, only when content capture is on. */
  outputMessages?: GenAiMessage[];
  /** A response or at least one chunk arrived: tokens may have been billed. */
  received: boolean;
  /** An error the provider reported inside a stream that did not fail (the AI SDK's `error` stream part): the
   * call's `error.type` when it ends without an error of its own. */
  failure?: unknown;
}

/** How the budget guard changed a request. */
export interface BudgetChange {
  model?: string;
  maxOutputTokens?: number;
}

/**
 * Everything that differs between one provider operation and another. The shared wrapper (core/) and the
 * recorder do the rest; adding an operation or a provider is one adapter, not a copied wrapper.
 * Every method is called inside try/catch by the caller: an adapter may throw on odd input.
 */
export interface OperationAdapter {
  readonly operation: OperationName;
  /** Request model as sent in the params. */
  model(params: any): string;
  isStream(params: any): boolean;
  maxOutputTokens(params: any): number | undefined;
  /** The request's own output-limit field exactly as given (undefined when not set), for operations that have
   * one: a value that is not a positive whole number is never rewritten by the budget (core/budget.ts). */
  maxOutputTokensParam?(params: any): unknown;
  /** Adds the request attributes beyond provider, operation and model (max_tokens, temperature, ...) to `attrs`. */
  requestAttributes(params: any, attrs: Attributes): void;
  /** The prompt as text, for the budget guard (lazy: only called when the guard needs it). */
  inputText(params: any): string;
  /** Local count of the prompt's tokens, for streams whose provider reported no usage. */
  countInputTokens(params: any, model: string): number;
  /** A copy of the request body with the guard's model / max-tokens applied. Never mutates `body`. */
  applyBudget(body: any, change: BudgetChange): any;
  /** A copy of params asking for stream usage, or undefined when nothing needs changing. */
  withStreamUsage?(params: any): any | undefined;
  readResult(result: any, state: ResponseState, capture: boolean): void;
  readChunk(chunk: any, state: ResponseState): void;
  /** Prompt messages for content capture. */
  inputMessages(params: any): GenAiMessage[];
  /**
   * For SDKs whose stream can only be stopped through a request option (an `AbortSignal`): a copy of params
   * carrying `signal`, so `LlmCall.abortStream` stops the provider stream (and its billing). Never mutates.
   */
  withAbortSignal?(params: any, signal: AbortSignal): any;
}

/** Who the client of a patched method is: provider name, the model the request is for (Azure: the deployment),
 * base URL (for `server.address` / `server.port`). `target` is the patched method's `this`. */
export type ClientInfo = (
  target: any,
  params: any,
) => { provider: ProviderName; model?: string; baseURL?: unknown };
