import { approximate, approximationFor, scriptBytes } from './approximation.js';
import { counterFor } from './load-encoder.js';
import { type EncodingName, encodingForModel } from './model-encoding.js';
import type { TokenCount } from './types.js';

/** Exact token count of `text` in one encoding, special-token text counted as plain text. */
export function countWithEncoding(text: string, encoding: EncodingName): number {
  if (text.length === 0) return 0;
  return counterFor(encoding)(text);
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
