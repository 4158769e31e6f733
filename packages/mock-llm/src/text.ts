import { countText } from './tokens.js';

// Plain English words that are one token each in o200k_base and cl100k_base, so a requested length is
// usually hit exactly; the count is always re-checked with the real tokenizer.
const WORDS = (
  'the mock model answers with plain words so that every token is counted the same way by the client ' +
  'and the server while the cost of each call stays easy to check in tests and in the demo'
).split(' ');

export interface GeneratedText {
  text: string;
  /** Real token count of `text` for the model. */
  tokens: number;
  /** Pieces whose concatenation is `text`, one per word: the stream deltas. */
  pieces: string[];
}

const cache = new Map<string, GeneratedText>();
const CACHE_LIMIT = 1000;

function words(count: number, variant: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const word = WORDS[(i + variant * 7) % WORDS.length] as string;
    out.push(i === 0 ? word[0]?.toUpperCase() + word.slice(1) : word);
  }
  return out;
}

/**
 * Deterministic text of at most `maxTokens` tokens for `model` (as many as fit), and its real count.
 * `variant` gives each of `n` choices a different text.
 */
export function generateText(model: string, maxTokens: number, variant = 0): GeneratedText {
  const key = `${model}\u0000${maxTokens}\u0000${variant}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // Every word is at least one token, so at most maxTokens words fit; binary search the longest prefix that fits.
  const all = words(Math.max(0, maxTokens), variant);
  let lo = 0;
  let hi = all.length;
  const count = (k: number) => countText(all.slice(0, k).join(' '), model);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(mid) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  const chosen = all.slice(0, lo);
  const pieces = chosen.map((w, i) => (i === 0 ? w : ` ${w}`));
  const text = pieces.join('');
  const result = { text, tokens: countText(text, model), pieces };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}

/**
 * A given reply (answer mode) of at most `maxTokens` tokens: whole when it fits, otherwise its longest
 * word prefix that does (`truncated`). Pieces split before each whitespace, so they concatenate to `text`.
 */
export function fixedText(
  model: string,
  reply: string,
  maxTokens: number,
): GeneratedText & { truncated: boolean } {
  const all = reply.split(/(?=\s)/).filter((p) => p.length > 0);
  const whole = countText(reply, model);
  if (whole <= maxTokens) return { text: reply, tokens: whole, pieces: all, truncated: false };
  let lo = 0;
  let hi = all.length;
  const count = (k: number) => countText(all.slice(0, k).join(''), model);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(mid) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  const pieces = all.slice(0, lo);
  const text = pieces.join('');
  return { text, tokens: countText(text, model), pieces, truncated: true };
}
