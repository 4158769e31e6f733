import { approximate, approximationFor, scriptBytes } from './approximation.js';
import { countWithEncoding } from './count-tokens.js';
import { imageTokensFor } from './image-tokens.js';
import { type WalkTarget, walkMessages } from './message-walk.js';
import { baseModelName, encodingForModel } from './model-encoding.js';
import type { ChatMessageLike, CountMessageOptions, TokenCount } from './types.js';

// The cookbook checked its chat formula against the API's prompt_tokens for gpt-3.5-turbo-0125, gpt-4-0613 and
// gpt-4o / gpt-4o-mini; for the other OpenAI models (gpt-4.1, gpt-5, o-series) the same formula is applied but the
// result is not claimed exact.
const COOKBOOK_VERIFIED = /^(gpt-3\.5-turbo|gpt-4o|gpt-4(?![.\d]))/;

function targetOf(model: string, image: 'typical' | 'max'): WalkTarget & { approximated: boolean } {
  const encoding = encodingForModel(model);
  return {
    encoding: encoding ?? 'o200k_base',
    approximated: encoding === undefined,
    imageTokens: imageTokensFor(model, encoding !== undefined)[image],
    claude: encoding === undefined && /claude/.test(baseModelName(model)),
  };
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
  const target = targetOf(model, 'typical');
  if (!target.approximated) {
    const encoding = target.encoding;
    const tally = walkMessages(messages, options, target, (text) => countWithEncoding(text, encoding));
    const exact = tally.exact && COOKBOOK_VERIFIED.test(baseModelName(model));
    return { tokens: tally.tokens + tally.fixed, exact, encoding };
  }
  let script = 0;
  const tally = walkMessages(messages, options, target, (text) => {
    script += scriptBytes(text);
    return countWithEncoding(text, 'o200k_base');
  });
  return { tokens: approximate(tally.tokens, script, approximationFor(model)) + tally.fixed, exact: false };
}

/**
 * A bound never below countMessageTokens for the same request, without tokenizing (no encoder is loaded): the same
 * walk with each text measured by its UTF-8 byte length, which no BPE count exceeds; for approximated models the
 * bytes are scaled by factor + scriptFactor (see upperBoundTokens), and images count their maximum (see
 * image-tokens.ts). For the budget guard's cheap first check.
 */
export function upperBoundMessageTokens(
  messages: readonly ChatMessageLike[],
  model: string,
  options: CountMessageOptions = {},
): number {
  const target = targetOf(model, 'max');
  const tally = walkMessages(messages, options, target, (text) => Buffer.byteLength(text, 'utf8'));
  if (!target.approximated) return tally.tokens + tally.fixed;
  const { factor, scriptFactor } = approximationFor(model);
  return Math.ceil(((factor + scriptFactor) * tally.tokens) / 100) + tally.fixed;
}
