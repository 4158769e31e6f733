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

// gpt-tokenizer is an optional peer dependency (its tables are ~30 MB on disk): an app whose providers report usage
// never counts tokens. What counts locally (a usage estimate, a budget's exact prompt count) needs it installed.
const TOKENIZER = 'gpt-tokenizer';
const TOKENIZER_RANGE = '4';

/** Thrown when a count is asked for and gpt-tokenizer is not installed: one line with the command that adds it. */
export class TokenizerMissingError extends Error {
  constructor(neededBy = 'counting tokens locally') {
    super(
      `llmcost: ${neededBy} needs ${TOKENIZER}, which is not installed: npm install ${TOKENIZER}@${TOKENIZER_RANGE}`,
    );
    this.name = 'TokenizerMissingError';
  }
}

/** Whether gpt-tokenizer can be loaded (resolved only: its tables load on the first count). */
export function tokenizerInstalled(): boolean {
  try {
    load.resolve(`${TOKENIZER}/encoding/o200k_base`);
    return true;
  } catch {
    return false;
  }
}

function loadModule(encoding: EncodingName): EncodingModule {
  try {
    return load(`${TOKENIZER}/encoding/${encoding}`) as EncodingModule;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && !tokenizerInstalled()) {
      throw new TokenizerMissingError();
    }
    throw err;
  }
}

function loadCounter(encoding: EncodingName): { count: Counter; linearLog: boolean } {
  const module = loadModule(encoding);
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
