import { afterEach, describe, expect, it } from 'vitest';
import { loadPricingData } from '../table/load-pricing.js';
import { PRICING_VERSION, resetPricing } from '../table/pricing-state.js';
import { computeCost } from './compute-cost.js';

afterEach(() => resetPricing());

/** Exact expected USD from tokens and a USD-per-1M rate, via integers (rates here have <= 4 decimals). */
const usd = (...parts: Array<[tokens: number, perMillion: number]>) =>
  Number(parts.reduce((sum, [t, r]) => sum + BigInt(t) * BigInt(Math.round(r * 10_000)), 0n)) / 1e10;

describe('computeCost: the basics', () => {
  it('prices input and output at the table rates, exactly', () => {
    const c = computeCost({ inputTokens: 1_000_000, outputTokens: 1_000_000 }, 'gpt-4o-mini');
    expect(c).toMatchObject({
      status: 'priced',
      inputUsd: 0.15,
      outputUsd: 0.6,
      totalUsd: 0.75,
      cacheReadUsd: 0,
      cacheWriteUsd: 0,
      pricingModel: 'gpt-4o-mini',
      pricingVersion: PRICING_VERSION,
      totalUsdExact: '0.75',
      totalFemtoUsd: 750_000_000_000_000n,
    });
  });

  it('keeps sub-cent amounts exact: one token of gpt-4o-mini cached input is $0.000000075', () => {
    const c = computeCost({ inputTokens: 1, outputTokens: 0, cacheReadInputTokens: 1 }, 'gpt-4o-mini');
    expect(c.totalUsdExact).toBe('0.000000075');
    expect(c.totalFemtoUsd).toBe(75_000_000n);
  });

  it('an unknown model is unpriced with no dollar figure, never 0', () => {
    const c = computeCost({ inputTokens: 100, outputTokens: 100 }, 'my-local-llama');
    expect(c).toEqual({ status: 'unpriced', pricingVersion: PRICING_VERSION });
    expect(c.totalUsd).toBeUndefined();
    expect(computeCost({ inputTokens: 1, outputTokens: 1 }, '')).toMatchObject({ status: 'unpriced' });
  });

  it('returns unpriced, never a silent $0, for usage that is not valid token counts', () => {
    const unpriced = { status: 'unpriced', pricingVersion: PRICING_VERSION };
    const bad: unknown[] = [
      null,
      undefined,
      'x',
      42,
      {},
      { inputTokens: Number.NaN, outputTokens: 1 },
      { inputTokens: 1, outputTokens: Number.POSITIVE_INFINITY },
      { inputTokens: 1, outputTokens: -5 },
      { inputTokens: '10', outputTokens: 1 },
      { inputTokens: 10, outputTokens: 1, cacheReadInputTokens: 'x' },
      { inputTokens: 10, outputTokens: 1, reasoningOutputTokens: Number.NaN },
      { inputTokens: 10, outputTokens: 1, cacheCreationInputTokens: -1 },
    ];
    for (const usage of bad) {
      const c = computeCost(usage as { inputTokens: number; outputTokens: number }, 'gpt-4o');
      expect(c, JSON.stringify(usage) ?? String(usage)).toEqual(unpriced);
      expect(c.totalUsd).toBeUndefined();
    }
  });

  it('still prices valid usage of zero tokens at $0', () => {
    expect(computeCost({ inputTokens: 0, outputTokens: 0 }, 'gpt-4o')).toMatchObject({
      status: 'priced',
      totalUsd: 0,
    });
  });
});

describe('computeCost: cache reads and writes', () => {
  it('bills cached reads at the read rate and takes them out of the full-rate input', () => {
    // OpenAI gpt-4.1: $2 input, $0.50 cached, $8 output.
    const c = computeCost({ inputTokens: 2006, outputTokens: 300, cacheReadInputTokens: 1920 }, 'gpt-4.1');
    expect(c.inputUsd).toBe(usd([86, 2]));
    expect(c.cacheReadUsd).toBe(usd([1920, 0.5]));
    expect(c.outputUsd).toBe(usd([300, 8]));
    expect(c.totalUsd).toBe(usd([86, 2], [1920, 0.5], [300, 8]));
  });

  it('reports the cache savings against the full input rate', () => {
    const c = computeCost({ inputTokens: 2006, outputTokens: 300, cacheReadInputTokens: 1920 }, 'gpt-4.1');
    expect(c.cacheSavingsUsd).toBe(usd([1920, 1.5]));
    expect(computeCost({ inputTokens: 10, outputTokens: 1 }, 'gpt-4.1').cacheSavingsUsd).toBe(0);
  });

  it('bills Anthropic 5-minute writes at 1.25x and 1-hour writes at 2x input', () => {
    // claude-sonnet-4-5: $3 input, $3.75 5m write, $6 1h write, $0.30 read, $15 output.
    const c = computeCost(
      {
        inputTokens: 50 + 8000 + 2051,
        outputTokens: 503,
        cacheReadInputTokens: 8000,
        cacheCreationInputTokens: 2051,
        cacheCreation1hInputTokens: 2000,
      },
      'claude-sonnet-4-5-20250929',
    );
    expect(c.inputUsd).toBe(usd([50, 3]));
    expect(c.cacheReadUsd).toBe(usd([8000, 0.3]));
    expect(c.cacheWriteUsd).toBe(usd([51, 3.75], [2000, 6]));
    expect(c.totalUsd).toBe(usd([50, 3], [8000, 0.3], [51, 3.75], [2000, 6], [503, 15]));
  });

  it('bills cache writes at the input rate for a model without a write price (OpenAI)', () => {
    const c = computeCost({ inputTokens: 100, outputTokens: 0, cacheCreationInputTokens: 100 }, 'gpt-4o');
    expect(c.cacheWriteUsd).toBe(usd([100, 2.5]));
    expect(c.inputUsd).toBe(0);
  });
});

describe('computeCost: reasoning', () => {
  it('bills reasoning tokens as output when the model has no reasoning rate', () => {
    const c = computeCost({ inputTokens: 0, outputTokens: 1186, reasoningOutputTokens: 1024 }, 'o3');
    expect(c.outputUsd).toBe(usd([1186, 8]));
  });

  it('bills reasoning tokens at the reasoning rate when the model has one', () => {
    loadPricingData({
      entries: [{ provider: 'openai', model: 'thinker-1', input: 1, output: 4, reasoning: 2 }],
    });
    const c = computeCost({ inputTokens: 0, outputTokens: 1000, reasoningOutputTokens: 600 }, 'thinker-1');
    expect(c.outputUsd).toBe(usd([400, 4], [600, 2]));
  });
});

describe('computeCost: long-context tiers', () => {
  it('bills the whole Claude Sonnet 4.5 request at the long-context rates above 200K input tokens', () => {
    const under = computeCost({ inputTokens: 200_000, outputTokens: 1000 }, 'claude-sonnet-4-5');
    expect(under.totalUsd).toBe(usd([200_000, 3], [1000, 15]));
    const over = computeCost(
      { inputTokens: 200_001, outputTokens: 1000, cacheReadInputTokens: 100_000 },
      'claude-sonnet-4-5',
    );
    expect(over.totalUsd).toBe(usd([100_001, 6], [100_000, 0.6], [1000, 22.5]));
  });

  it('counts cached tokens toward the Gemini 2.5 Pro 200K threshold', () => {
    const c = computeCost(
      { inputTokens: 250_000, outputTokens: 10, cacheReadInputTokens: 240_000 },
      'gemini-2.5-pro',
    );
    expect(c.totalUsd).toBe(usd([10_000, 2.5], [240_000, 0.25], [10, 15]));
    expect(computeCost({ inputTokens: 150_000, outputTokens: 10 }, 'gemini-2.5-pro').totalUsd).toBe(
      usd([150_000, 1.25], [10, 10]),
    );
  });

  it('uses the 128K tier of Gemini 1.5 and the 100K band of Claude Haiku 5.5', () => {
    expect(computeCost({ inputTokens: 128_001, outputTokens: 0 }, 'gemini-1.5-flash-002').inputUsd).toBe(
      usd([128_001, 0.15]),
    );
    expect(computeCost({ inputTokens: 100_001, outputTokens: 1 }, 'claude-haiku-5-5').totalUsd).toBe(
      usd([100_001, 0.5], [1, 2.5]),
    );
    expect(computeCost({ inputTokens: 100_000, outputTokens: 1 }, 'claude-haiku-5-5').totalUsd).toBe(
      usd([100_000, 0.1], [1, 0.5]),
    );
  });

  it('bills gpt-5.4 above 272K input at 2x input and 1.5x output', () => {
    expect(computeCost({ inputTokens: 272_001, outputTokens: 100 }, 'gpt-5.4').totalUsd).toBe(
      usd([272_001, 5], [100, 22.5]),
    );
  });
});

describe('computeCost: batch and service tiers', () => {
  it('halves every rate for a batch request, cache rates included', () => {
    const c = computeCost({ inputTokens: 1000, outputTokens: 1000, cacheReadInputTokens: 400 }, 'gpt-4o', {
      batch: true,
    });
    expect(c.totalUsd).toBe(usd([600, 1.25], [400, 0.625], [1000, 5]));
  });

  it('stacks the batch discount on the long-context tier (Anthropic)', () => {
    const c = computeCost({ inputTokens: 300_000, outputTokens: 100 }, 'claude-sonnet-4', { batch: true });
    expect(c.totalUsd).toBe(usd([300_000, 3], [100, 11.25]));
  });

  it('ignores batch for a model without batch pricing', () => {
    const c = computeCost({ inputTokens: 1000, outputTokens: 0 }, 'deepseek-chat', { batch: true });
    expect(c.totalUsd).toBe(usd([1000, 0.14]));
  });

  it('uses OpenAI flex and priority rates', () => {
    const u = { inputTokens: 10_000, outputTokens: 2000, cacheReadInputTokens: 8000 };
    expect(computeCost(u, 'gpt-5', { serviceTier: 'flex' }).totalUsd).toBe(
      usd([2000, 0.625], [8000, 0.0625], [2000, 5]),
    );
    expect(computeCost(u, 'gpt-5', { serviceTier: 'priority' }).totalUsd).toBe(
      usd([2000, 2.5], [8000, 0.25], [2000, 20]),
    );
    expect(computeCost(u, 'o4-mini', { serviceTier: 'FLEX' }).totalUsd).toBe(
      usd([2000, 0.55], [8000, 0.1375], [2000, 2.2]),
    );
  });

  it('uses the standard rates for default / auto tiers and for a tier the model does not have', () => {
    const u = { inputTokens: 1000, outputTokens: 1000 };
    const standard = computeCost(u, 'gpt-5-nano').totalUsd;
    expect(computeCost(u, 'gpt-5-nano', { serviceTier: 'default' }).totalUsd).toBe(standard);
    expect(computeCost(u, 'gpt-5-nano', { serviceTier: 'auto' }).totalUsd).toBe(standard);
    expect(computeCost(u, 'gpt-5-nano', { serviceTier: 'priority' }).totalUsd).toBe(standard);
  });
});

describe('computeCost: fine-tunes and providers', () => {
  it('prices an OpenAI fine-tune at the fine-tune rates and names it', () => {
    const c = computeCost(
      { inputTokens: 1_000_000, outputTokens: 1_000_000 },
      'ft:gpt-4o-mini-2024-07-18:org::abc',
    );
    expect(c).toMatchObject({ pricingModel: 'ft:gpt-4o-mini', totalUsd: 1.5 });
  });

  it('prices an Azure OpenAI deployment through the deployment map', () => {
    loadPricingData({ entries: [], azureDeployments: { 'prod-gpt4o': 'gpt-4o' } });
    const c = computeCost({ inputTokens: 1_000_000, outputTokens: 0 }, 'prod-gpt4o', {
      provider: 'azure.ai.openai',
    });
    expect(c).toMatchObject({ status: 'priced', pricingModel: 'gpt-4o', inputUsd: 2.5 });
    expect(
      computeCost({ inputTokens: 1, outputTokens: 0 }, 'prod-gpt4o', { provider: 'openai' }).status,
    ).toBe('unpriced');
  });
});
