import { createRequire } from 'node:module';
import { bpeCoreOf, countByPieces } from './bpe-count.js';
import type { EncodingName } from './model-encoding.js';

/** Counts the tokens of a text as plain text in one encoding. */
export type Counter = (text: string) => number;

// Special-token text such as "<|endoftext|>" in user input is ordinary text to the API, so it is counted as plain
// text (tiktoken's encode(text, disallowed_special=())), never as one special token and never an error.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

interface EncodingModule {
  countTokens(text: string, options: typeof PLAIN_TEXT): number;
}

// Synchronous lazy loading: the API is synchronous, so a dynamic import() cannot be used. createRequire works in
// both builds: the ESM build has import.meta.url; in the CJS build tsup turns `import.meta` into an empty object
// (hence its build warning) and the module's own __filename is used. import.meta.url comes first because an ESM
// module can see a GLOBAL __filename (`node -e` defines one as '[eval]'). A bare `require` must not appear: esbuild's
// ESM output turns it into a shim that throws.
const load = createRequire((import.meta as { url?: string }).url ?? __filename);

const loaded = new Map<EncodingName, { count: Counter; linearLog: boolean }>();

function loadCounter(encoding: EncodingName): { count: Counter; linearLog: boolean } {
  const module = load(`gpt-tokenizer/encoding/${encoding}`) as EncodingModule;
  const core = bpeCoreOf(module);
  // If a gpt-tokenizer release moves its internals, its public countTokens is still exact, only quadratic on
  // very long pieces; bpe-count.test.ts fails on such a release so the regression is seen.
  if (core === undefined) return { count: (text) => module.countTokens(text, PLAIN_TEXT), linearLog: false };
  return { count: (text) => countByPieces(text, core), linearLog: true };
}

/**
 * The counter of one encoding, loaded on first use: the o200k_base table costs ~0.5 s, ~15 MB of heap and ~60 MB of
 * RSS (bench/tokens.bench.mjs), so importing the package loads none. gpt-tokenizer's per-encoding entry point
 * (`gpt-tokenizer/encoding/o200k_base`) loads only that table.
 */
export function counterFor(encoding: EncodingName): Counter {
  let counter = loaded.get(encoding);
  if (counter === undefined) {
    counter = loadCounter(encoding);
    loaded.set(encoding, counter);
  }
  return counter.count;
}

/** Whether the encoding counts through bpe-count.ts (O(n log n) on long pieces); loads the encoding. */
export function isLinearLog(encoding: EncodingName): boolean {
  counterFor(encoding);
  return loaded.get(encoding)?.linearLog === true;
}
