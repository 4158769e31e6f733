import { describe, expect, it } from 'vitest';
import { match } from '../table/pricing-state.js';
import type { Usage } from '../types.js';
import { computeCost, costInBigInts, ratesFor } from './compute-cost.js';

/** Deterministic pseudo-random counts (xorshift), so a failure reproduces. */
function* counts(seed: number, n: number): Generator<number> {
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    // Spread over magnitudes: 0, small, large, past 2^40 tokens.
    const magnitude = [0, 10, 1e4, 1e6, 2e8, 3e12][Math.abs(x) % 6]!;
    yield Math.floor((Math.abs(x) / 2 ** 31) * magnitude);
  }
}

function reference(usage: Usage, model: string) {
  const found = match(model, undefined)!;
  const r = ratesFor(found.entry, found.fineTuned, usage.inputTokens, {});
  const name = found.fineTuned ? `ft:${found.entry.entry.model}` : found.entry.entry.model;
  return costInBigInts(usage, r, name, computeCost(usage, model).pricingVersion);
}

describe('computeCost: the double-precision path gives the BigInt result exactly', () => {
  // Models with cache read/write, 1-hour writes, reasoning rates and long-context tiers.
  const models = ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-5', 'claude-opus-4-1', 'gemini-2.5-pro', 'o3'];
  it.each(models)('%s, over random usage including sizes past 2^53 femto-USD', (model) => {
    expect(match(model, undefined)).toBeDefined();
    const c = counts(model.length * 7919 + 1, 6 * 400);
    for (let i = 0; i < 400; i++) {
      const [input, output, read, write, write1h, reasoning] = Array.from(
        { length: 6 },
        () => c.next().value!,
      );
      const usage: Usage = {
        inputTokens: input + read + write,
        outputTokens: output + reasoning,
        cacheReadInputTokens: read,
        cacheCreationInputTokens: write,
        cacheCreation1hInputTokens: write1h,
        reasoningOutputTokens: reasoning,
      };
      const got = computeCost(usage, model);
      const want = reference(usage, model);
      expect(got).toEqual(want);
      expect(got.totalFemtoUsd).toBe(want.totalFemtoUsd);
      expect(got.cacheSavingsFemtoUsd).toBe(want.cacheSavingsFemtoUsd);
    }
  });

  it('an amount past 2^53 femto-USD stays exact (BigInt path)', () => {
    // 10^10 output tokens of gpt-4o at $10/1M = $100,000 = 1e20 femto-USD.
    const c = computeCost({ inputTokens: 0, outputTokens: 1e10 }, 'gpt-4o');
    expect(c.totalFemtoUsd).toBe(100_000n * 10n ** 15n);
    expect(c.totalUsdExact).toBe('100000');
  });
});
