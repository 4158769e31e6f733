import { describe, expect, it } from 'vitest';
import type { CostResult } from '../types.js';
import { computeCost } from './compute-cost.js';
import { addCosts, createCostAccumulator } from './cost-accumulator.js';
import {
  femtoToDecimalString,
  femtoToUsd,
  formatScaled,
  ratePerMillionToFemto,
  scaleDecimal,
  usdToFemto,
} from './money.js';

describe('exact decimals', () => {
  it.each([
    [0.075, 9, 75_000_000n, true],
    ['0.01875', 9, 18_750_000n, true],
    [3.3e-7, 15, 330_000_000n, true],
    [1.875e-8, 15, 18_750_000n, true],
    ['2.5', 0, 3n, false],
    ['0.0000000004', 9, 0n, false],
    ['0.0000000005', 9, 1n, false],
    [150, 9, 150_000_000_000n, true],
  ])('%s x 10^%i = %s', (value, scale, expected, exact) => {
    expect(scaleDecimal(value, scale)).toEqual({ value: expected, exact });
  });

  it('rejects what is not a decimal', () => {
    for (const bad of ['abc', '', '.', '1.2.3', Number.NaN, Number.POSITIVE_INFINITY])
      expect(scaleDecimal(bad, 9)).toBeUndefined();
  });

  it('turns USD per 1M tokens into femto-USD per token', () => {
    expect(ratePerMillionToFemto(0.075)).toBe(75_000_000n);
    expect(ratePerMillionToFemto(15)).toBe(15_000_000_000n);
  });

  it('formats femto-USD exactly and rounds to the nearest double', () => {
    expect(formatScaled(123375n, 9)).toBe('0.000123375');
    expect(femtoToDecimalString(1_000_000_000_000_000n)).toBe('1');
    expect(femtoToDecimalString(-5n)).toBe('-0.000000000000005');
    expect(femtoToUsd(75_000_000n)).toBe(7.5e-8);
    expect(femtoToUsd(100_000_000_000_000n * 3n)).toBe(0.3);
    expect(usdToFemto(0.1)).toBe(100_000_000_000_000n);
  });
});

describe('cost accumulator', () => {
  it('sums exactly where floats drift', () => {
    const dime: CostResult = {
      status: 'priced',
      totalUsd: 0.1,
      inputUsd: 0.1,
      outputUsd: 0,
      cacheReadUsd: 0,
      cacheWriteUsd: 0,
      pricingModel: 'x',
      pricingVersion: 'v',
    };
    let float = 0;
    const acc = createCostAccumulator();
    for (let i = 0; i < 10; i++) {
      float += dime.totalUsd;
      acc.add(dime);
    }
    expect(float).not.toBe(1); // 0.9999999999999999
    expect(acc.totalUsd).toBe(1);
    expect(acc.totalUsdExact).toBe('1');
  });

  it('stays exact through JSON: the BigInt fields are hidden from JSON.stringify, the exact string is not', () => {
    const cost = computeCost({ inputTokens: 3, outputTokens: 0, cacheReadInputTokens: 3 }, 'gpt-4o-mini');
    const roundTripped = JSON.parse(JSON.stringify(cost));
    expect(roundTripped.totalFemtoUsd).toBeUndefined();
    expect(roundTripped.totalUsdExact).toBe('0.000000225');
    expect(addCosts([roundTripped, { ...cost }, cost]).totalUsdExact).toBe('0.000000675');
  });

  it('counts unpriced calls without summing them, and takes exact amounts', () => {
    const priced = computeCost({ inputTokens: 1, outputTokens: 0, cacheReadInputTokens: 1 }, 'gpt-4o-mini');
    const acc = addCosts([
      priced,
      priced,
      computeCost({ inputTokens: 5, outputTokens: 5 }, 'unknown'),
      undefined,
      25_000_000n,
    ]);
    expect(acc.totalUsdExact).toBe('0.000000175');
    expect(acc.totalFemtoUsd).toBe(175_000_000n);
    expect(acc.pricedCalls).toBe(2);
    expect(acc.unpricedCalls).toBe(1);
  });
});
