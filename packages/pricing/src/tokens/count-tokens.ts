import { approximate, approximationFor, scriptBytes } from './approximation.js';
import { encoderFor } from './load-encoder.js';
import { type EncodingName, encodingForModel } from './model-encoding.js';
import type { TokenCount } from './types.js';

// Special-token text such as "<|endoftext|>" in user input is ordinary text to the API, so it is counted as plain
// text (tiktoken's encode(text, disallowed_special=())), never as one special token and never an error.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Exact token count of `text` in one encoding. */
export function countWithEncoding(text: string, encoding: EncodingName): number {
  if (text.length === 0) return 0;
  return encoderFor(encoding).countTokens(text, PLAIN_TEXT);
}

/** Tokens of `text` for `model`: exact for OpenAI models, an approximation (see approximation.ts) for others. */
export function countTokens(text: string, model: string): TokenCount {
  const encoding = encodingForModel(model);
  if (encoding !== undefined) return { tokens: countWithEncoding(text, encoding), exact: true, encoding };
  const tokens = approximate(
    countWithEncoding(text, 'o200k_base'),
    scriptBytes(text),
    approximationFor(model),
  );
  return { tokens, exact: false };
}
