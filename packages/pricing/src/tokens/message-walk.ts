import { countContent } from './content-parts.js';
import type { EncodingName } from './model-encoding.js';
import { countToolDefinitionTokens } from './tool-definitions.js';
import type { ChatMessageLike, CountMessageOptions } from './types.js';

// OpenAI cookbook, "How to count tokens with tiktoken", section 6
// (https://github.com/openai/openai-cookbook/blob/main/examples/How_to_count_tokens_with_tiktoken.ipynb):
// every message costs 3 tokens of framing plus its encoded role and content, a `name` costs its tokens plus 1,
// and every reply is primed with <|start|>assistant<|message|> (3 tokens).
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMING = 3;

// A tool_calls entry is rendered by the server in a format the cookbook does not document; its name and arguments
// are counted plus the per-call framing gpt-tokenizer uses for function_call (3 tokens).
const TOOL_CALL_OVERHEAD = 3;

// Anthropic adds a tool-use system prompt when `tools` are present: 346 tokens with tool_choice auto/none on the
// Claude 4 family (https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/overview#pricing).
const ANTHROPIC_TOOL_SYSTEM_PROMPT = 346;

export interface MessageTally {
  /** Tokens from text (through `count`) and the formula's framing constants, in the counting encoding's tokens. */
  tokens: number;
  /** Estimates already in the target model's tokens (images, Anthropic's tool prompt): never scaled. */
  fixed: number;
  /** false once anything the cookbook does not reproduce exactly was counted. */
  exact: boolean;
}

export interface WalkTarget {
  /** The encoding whose tool-definition constants apply (o200k_base for models counted by approximation). */
  encoding: EncodingName;
  /** Tokens per image part (see image-tokens.ts). */
  imageTokens: number;
  /** Claude: Anthropic's tool-use system prompt is added when tools are present. */
  claude: boolean;
}

function countToolCalls(toolCalls: readonly unknown[], count: (text: string) => number): number {
  let tokens = 0;
  for (const raw of toolCalls) {
    const call = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const fn = (typeof call.function === 'object' && call.function !== null ? call.function : call) as Record<
      string,
      unknown
    >;
    const args =
      typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? fn.input ?? {});
    tokens += TOOL_CALL_OVERHEAD + count(String(fn.name ?? '')) + count(args);
  }
  return tokens;
}

/**
 * The cookbook's chat formula over OpenAI and Anthropic message shapes, with the text measure passed in: the
 * encoder's count for countMessageTokens, the UTF-8 byte length (never below it) for upperBoundMessageTokens.
 * Every constant is added the same way in both, so the byte-length walk bounds the counting walk.
 */
export function walkMessages(
  messages: readonly ChatMessageLike[],
  options: CountMessageOptions,
  target: WalkTarget,
  count: (text: string) => number,
): MessageTally {
  let tokens = REPLY_PRIMING;
  let fixed = 0;
  let exact = true;
  const all: readonly ChatMessageLike[] =
    options.system === undefined ? messages : [{ role: 'system', content: options.system }, ...messages];
  for (const message of all) {
    tokens += TOKENS_PER_MESSAGE + count(message.role ?? '');
    if (typeof message.name === 'string') tokens += count(message.name) + TOKENS_PER_NAME;
    const content = countContent(message.content, count, target.imageTokens);
    tokens += content.tokens;
    fixed += content.fixed;
    exact &&= content.exact;
    if (Array.isArray(message.tool_calls) && message.tool_calls.length > 0) {
      tokens += countToolCalls(message.tool_calls, count);
      exact = false;
    }
    if (typeof message.tool_call_id === 'string') {
      // The cookbook's loop encodes every string field, the id included; the server's rendering is undocumented.
      tokens += count(message.tool_call_id);
      exact = false;
    }
  }
  if (options.tools !== undefined && options.tools.length > 0) {
    tokens += countToolDefinitionTokens(options.tools, target.encoding, count);
    if (target.claude) fixed += ANTHROPIC_TOOL_SYSTEM_PROMPT;
    exact = false;
  }
  return { tokens, fixed, exact };
}
