import type { EncodingName } from './model-encoding.js';

export interface TokenCount {
  tokens: number;
  /**
   * true when `tokens` is what the provider's own tokenizer gives (OpenAI models, counted with tiktoken-compatible
   * BPE and, for chats, the OpenAI cookbook's message overhead); false for approximations.
   */
  exact: boolean;
  /** The OpenAI encoding the model uses; absent for models counted by approximation. */
  encoding?: EncodingName;
}

/**
 * A chat message as the OpenAI Chat Completions API (role, content string or parts, name, tool_calls) or the
 * Anthropic Messages API (role, content string or blocks) takes it. Deliberately loose so both SDKs' message
 * types are assignable; unknown parts are counted from their JSON.
 */
export interface ChatMessageLike {
  role: string;
  content?: string | readonly unknown[] | null;
  name?: string;
  tool_calls?: readonly unknown[] | null;
  tool_call_id?: string;
}

export interface CountMessageOptions {
  /** Tool (function) definitions sent with the request: OpenAI `tools` or Anthropic `tools`. */
  tools?: readonly unknown[];
  /** Anthropic's top-level `system` parameter (a string or text blocks). */
  system?: string | readonly unknown[];
}
