import { describe, expect, it } from 'vitest';
import { readOpenRouterCost } from './read-openrouter-cost.js';

describe('readOpenRouterCost', () => {
  // The usage block of an OpenRouter chat completion with usage accounting
  // (https://openrouter.ai/docs/use-cases/usage-accounting).
  const usage = {
    prompt_tokens: 194,
    completion_tokens: 2,
    total_tokens: 196,
    cost: 0.000597,
    is_byok: false,
    cost_details: { upstream_inference_cost: null },
  };

  it('reads usage.cost from the usage object, the response, or the last stream chunk', () => {
    expect(readOpenRouterCost(usage)).toBe(0.000597);
    expect(readOpenRouterCost({ id: 'gen-1', choices: [], usage })).toBe(0.000597);
    expect(readOpenRouterCost({ ...usage, cost: 0 })).toBe(0);
  });

  it.each([undefined, null, 'x', {}, { usage: null }, { cost: '0.1' }, { cost: -1 }, { cost: Number.NaN }])(
    '%j -> undefined',
    (raw) => {
      expect(readOpenRouterCost(raw)).toBeUndefined();
    },
  );
});
