import type { ConfigChecker } from './check.js';
import type { ExpectedOutputConfig, MeteringConfig, ReservePolicy } from './types.js';

/**
 * Output tokens assumed for a model before its feature has `minSamples` observations. Reasoning families
 * spend hidden reasoning tokens on top of the visible answer (billed as output), hence the larger guess.
 * Keys are model-id prefixes; a budget file's `expectedOutput.defaultTokens` adds to and overrides these.
 */
export const DEFAULT_OUTPUT_TOKENS: Readonly<Record<string, number>> = Object.freeze({
  default: 1024,
  o1: 2048,
  o3: 2048,
  o4: 2048,
  'gpt-5': 2048,
  'deepseek-reasoner': 2048,
});

const MAX_WINDOW = 10_000;

export function parseReservePolicy(
  c: ConfigChecker,
  root: Record<string, unknown>,
): { reserve: ReservePolicy; expectedOutput: ExpectedOutputConfig; metering: MeteringConfig } {
  const reserve = c.oneOf(root.reserve, 'reserve', ['expected', 'worst-case'], 'expected');

  const e = c.object(root.expectedOutput ?? {}, 'expectedOutput');
  c.keys(e, 'expectedOutput', ['quantile', 'streamQuantile', 'window', 'minSamples', 'defaultTokens']);
  const quantile = e.quantile === undefined ? 0.95 : c.fraction(e.quantile, 'expectedOutput.quantile');
  const streamQuantile =
    e.streamQuantile === undefined ? 0.5 : c.fraction(e.streamQuantile, 'expectedOutput.streamQuantile');
  const window = count(c, e.window, 'expectedOutput.window', 500, MAX_WINDOW);
  const minSamples = count(
    c,
    e.minSamples,
    'expectedOutput.minSamples',
    Math.min(20, window),
    window,
    ' (at most expectedOutput.window)',
  );
  const defaults = c.object(e.defaultTokens ?? {}, 'expectedOutput.defaultTokens');
  const defaultTokens: Record<string, number> = { ...DEFAULT_OUTPUT_TOKENS };
  for (const [family, tokens] of Object.entries(defaults)) {
    const key = `expectedOutput.defaultTokens.${family}`;
    if (family.trim() === '') c.fail('expectedOutput.defaultTokens', 'has an empty model family name');
    defaultTokens[family] = c.tokens(tokens, key) ?? c.fail(key, 'must be a positive whole number of tokens');
  }

  const m = c.object(root.metering ?? {}, 'metering');
  c.keys(m, 'metering', ['everyTokens', 'everyMs', 'onCapMidStream']);
  const metering: MeteringConfig = {
    everyTokens: count(c, m.everyTokens, 'metering.everyTokens', 200, 1_000_000),
    everyMs: count(c, m.everyMs, 'metering.everyMs', 1000, 3_600_000),
    onCapMidStream: c.oneOf(m.onCapMidStream, 'metering.onCapMidStream', ['cut', 'finish'], 'cut'),
  };
  return {
    reserve,
    expectedOutput: { quantile, streamQuantile, window, minSamples, defaultTokens },
    metering,
  };
}

function count(
  c: ConfigChecker,
  value: unknown,
  key: string,
  fallback: number,
  max: number,
  why = '',
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    c.fail(key, `must be a whole number from 1 to ${max}${why}`, value);
  }
  return value;
}
