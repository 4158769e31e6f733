import { createRequire } from 'node:module';
import type { EncodingName } from './model-encoding.js';

/** The part of a gpt-tokenizer encoding module we use. */
export interface Encoder {
  countTokens(text: string, options: { disallowedSpecial: Set<string> }): number;
}

// Synchronous lazy loading: the API is synchronous, so a dynamic import() cannot be used. createRequire works in
// both builds: the ESM build has import.meta.url; in the CJS build tsup turns `import.meta` into an empty object
// (hence its build warning) and the module's own __filename is used. import.meta.url comes first because an ESM
// module can see a GLOBAL __filename (`node -e` defines one as '[eval]'). A bare `require` must not appear: esbuild's
// ESM output turns it into a shim that throws.
const load = createRequire((import.meta as { url?: string }).url ?? __filename);

const loaded = new Map<EncodingName, Encoder>();

/**
 * The encoder of one encoding, loaded on first use (a rank table is ~2-4 MB of JS and tens of MB of heap,
 * so importing the package loads none). gpt-tokenizer's per-encoding entry point loads only that table.
 */
export function encoderFor(encoding: EncodingName): Encoder {
  let encoder = loaded.get(encoding);
  if (encoder === undefined) {
    encoder = load(`gpt-tokenizer/encoding/${encoding}`) as Encoder;
    loaded.set(encoding, encoder);
  }
  return encoder;
}

/** Encodings loaded so far, for tests and diagnostics. */
export function loadedEncodings(): EncodingName[] {
  return [...loaded.keys()];
}
