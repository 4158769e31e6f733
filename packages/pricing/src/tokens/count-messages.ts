import { approximate, approximationFor, scriptBytes } from './approximation.js';
import { ANTHROPIC_IMAGE_TOKENS, countContent, OPENAI_IMAGE_TOKENS } from './content-parts.js';
import { countWithEncoding } from './count-tokens.js';
import { baseModelName, encodingForModel } from './model-encoding.js';
import { countToolDefinitionTokens } from './tool-definitions.js';
import type { ChatMessageLike, CountMessageOptions, TokenCount } from './types.js';

// OpenAI cookbook, "How to count tokens with tiktoken", section 6
// (https://github.com/openai/openai-cookbook/blob/main/examples/How_to_count_tokens_with_tiktoken.ipynb):
// every message costs 3 tokens of framing plus its encoded role and content, a `name` costs its tokens plus 1,
// and every reply is primed with <|start|>assistant<|message|> (3 tokens). The cookbook checked this against the
// API's prompt_tokens for gpt-3.5-turbo-0125, gpt-4-0613 and gpt-4o / gpt-4o-mini; for the other OpenAI models
// (gpt-4.1, gpt-5, o-series) the same formula is applied but the result is not claimed exact.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMING = 3;
const COOKBOOK_VERIFIED = /^(gpt-3\.5-turbo|gpt-4o|gpt-4(?![.\d]))/;

// A tool_calls entry is rendered by the server in a format the cookbook does not document; its name and arguments
// are counted plus the per-call framing gpt-tokenizer uses for function_call (3 tokens).
const TOOL_CALL_OVERHEAD = 3;

// Anthropic adds a tool-use system prompt when `tools` are present: 346 tokens with tool_choice auto/none on the
// Claude 4 family (https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/overview#pricing).
const ANTHROPIC_TOOL_SYSTEM_PROMPT = 346;

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
 * Prompt tokens of a chat request: OpenAI Chat Completions messages, or Anthropic Messages (content blocks,
 * `system` as an option or a system-role message). Exact (tiktoken-compatible, cookbook framing) for plain-text
 * messages to the OpenAI models the cookbook verified; tools, tool calls, images and other models give
 * `exact: false`. Models without a public tokenizer get the same formula in o200k_base tokens, scaled as in
 * approximation.ts; image and tool-prompt estimates are already in their tokens and are added unscaled.
 */
export function countMessageTokens(
  messages: readonly ChatMessageLike[],
  model: string,
  options: CountMessageOptions = {},
): TokenCount {
  const encoding = encodingForModel(model);
  const counted = encoding ?? 'o200k_base';
  let script = 0;
  const count =
    encoding !== undefined
      ? (text: string) => countWithEncoding(text, encoding)
      : (text: string) => {
          script += scriptBytes(text);
          return countWithEncoding(text, 'o200k_base');
        };
  let exact = encoding !== undefined && COOKBOOK_VERIFIED.test(baseModelName(model));
  let tokens = REPLY_PRIMING;
  let fixed = 0;

  const all: readonly ChatMessageLike[] =
    options.system === undefined ? messages : [{ role: 'system', content: options.system }, ...messages];
  for (const message of all) {
    tokens += TOKENS_PER_MESSAGE + count(message.role ?? '');
    if (typeof message.name === 'string') tokens += count(message.name) + TOKENS_PER_NAME;
    const content = countContent(
      message.content,
      count,
      encoding === undefined ? ANTHROPIC_IMAGE_TOKENS : OPENAI_IMAGE_TOKENS,
    );
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
    tokens += countToolDefinitionTokens(options.tools, counted, count);
    if (encoding === undefined && /claude/.test(baseModelName(model))) fixed += ANTHROPIC_TOOL_SYSTEM_PROMPT;
    exact = false;
  }

  if (encoding === undefined)
    return { tokens: approximate(tokens, script, approximationFor(model)) + fixed, exact: false };
  return { tokens: tokens + fixed, exact, encoding };
}
