import { describe, expect, it } from 'vitest';
import { computeCost } from './compute-cost.js';
import { createCostAccumulator } from './cost-accumulator.js';
import { providerReportedCost } from './reported-cost.js';

describe('providerReportedCost', () => {
  it('is a priced result with the provider total, the matched row, and exact femto-USD for sums', () => {
    const table = computeCost({ inputTokens: 194, outputTokens: 2 }, 'anthropic/claude-sonnet-4.5', {
      provider: 'openrouter',
    });
    const cost = providerReportedCost(0.000597, 'v1', table);
    expect(cost).toMatchObject({
      status: 'priced',
      source: 'provider',
      totalUsd: 0.000597,
      totalUsdExact: '0.000597',
      pricingModel: 'claude-sonnet-4-5',
      pricingVersion: 'v1',
    });
    expect(cost.totalFemtoUsd).toBe(597_000_000_000n);
    expect(JSON.parse(JSON.stringify(cost)).totalFemtoUsd).toBeUndefined();
    const sum = createCostAccumulator();
    sum.add(cost);
    sum.add(cost);
    expect(sum.totalUsdExact).toBe('0.001194');
  });

  it('names no row when the table has no price for the model', () => {
    const table = computeCost({ inputTokens: 1, outputTokens: 1 }, 'meta-llama/llama-3.3-70b-instruct', {
      provider: 'openrouter',
    });
    expect(table.status).toBe('unpriced');
    expect(providerReportedCost(0.01, 'v1', table).pricingModel).toBe('');
  });
});
