import * as pricingModule from '@llmcost/pricing';

/**
 * What the guard needs from a price table. The default reads @llmcost/pricing; pass your own (negotiated
 * rates, a fixed table in tests) through `createBudgetGuard(config, { pricing })`.
 */
export interface BudgetPricing {
  /** Never below the real token count of `text`, and cheap (no tokenization). */
  upperBoundTokens(text: string, model: string): number;
  /** The real (or best-estimate) token count of `text`; only called when the upper bound does not fit. */
  countTokens(text: string, model: string): number;
  /** USD of a call with these token counts; `undefined` when the model has no price. */
  costUsd(request: {
    provider: string;
    model: string;
    inputTokens: number;
    outputTokens: number;
  }): number | undefined;
  /** The model's output-token limit, used as the worst case when a request sets no `max_tokens`. */
  maxOutputTokens(provider: string, model: string): number | undefined;
}

// The pricing package is built beside this one; the names it exports are read at run time so this
// package keeps working (with a byte-length bound and no prices) while a function is missing.
type Fn = (...args: any[]) => any;
const p = pricingModule as unknown as Record<string, Fn | undefined>;

export const defaultPricing: BudgetPricing = {
  upperBoundTokens(text, model) {
    return p.upperBoundTokens ? p.upperBoundTokens(text, model) : Buffer.byteLength(text, 'utf8');
  },
  countTokens(text, model) {
    if (!p.countTokens) return Buffer.byteLength(text, 'utf8');
    const counted = p.countTokens(text, model);
    return typeof counted === 'number' ? counted : counted.tokens;
  },
  costUsd({ provider, model, inputTokens, outputTokens }) {
    if (!p.computeCost) return undefined;
    const result = p.computeCost(model, { inputTokens, outputTokens }, { provider });
    return result?.status === 'priced' ? result.totalUsd : undefined;
  },
  maxOutputTokens(provider, model) {
    if (!p.getModelLimits) return undefined;
    const limits = p.getModelLimits(model, provider);
    return typeof limits?.maxOutputTokens === 'number' ? limits.maxOutputTokens : undefined;
  },
};
