import type { BudgetPricing } from '@llmcost/budget';
import { countTokens } from '@llmcost/pricing';

/** USD per million tokens; round numbers so the tests' arithmetic is readable. */
export const PRICES: Record<string, { input: number; output: number; maxOutput: number }> = {
  'gpt-4o': { input: 2.5, output: 10, maxOutput: 16_384 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, maxOutput: 16_384 },
};

/**
 * A fixed price table (the guard's `pricing` option) with a counter of exact tokenizations, so tests can
 * show the prompt is tokenized only when the upper bound does not fit.
 */
export function fixedPricing(): BudgetPricing & { exactCounts: number } {
  const pricing = {
    exactCounts: 0,
    upperBoundTokens: (text: string) => Buffer.byteLength(text, 'utf8'),
    countTokens(text: string, model: string) {
      pricing.exactCounts++;
      return countTokens(text, model).tokens;
    },
    costUsd({
      model,
      inputTokens,
      outputTokens,
    }: {
      model: string;
      inputTokens: number;
      outputTokens: number;
    }) {
      const p = PRICES[model];
      return p ? (inputTokens * p.input + outputTokens * p.output) / 1e6 : undefined;
    },
    maxOutputTokens: (_provider: string, model: string) => PRICES[model]?.maxOutput,
  };
  return pricing;
}

/** A request whose worst case with `fixedPricing` is `bytes` input tokens plus `maxOutputTokens`. */
export function request(over: Partial<import('@llmcost/budget').BudgetRequest> & { bytes?: number } = {}) {
  const { bytes = 1000, ...rest } = over;
  const text = 'x'.repeat(bytes);
  return { provider: 'openai', model: 'gpt-4o', inputText: () => text, maxOutputTokens: 1000, ...rest };
}
