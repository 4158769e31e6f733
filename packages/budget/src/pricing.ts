import { computeCost, countTokens, findPrice, getModelLimits, upperBoundTokens } from '@llmcost/pricing';

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
  /** Whether two model ids are the same model (a dated snapshot matches its alias), for downgrade rules. */
  sameModel?(a: string, b: string): boolean;
}

export const defaultPricing: BudgetPricing = {
  upperBoundTokens: (text, model) => upperBoundTokens(text, model),
  countTokens: (text, model) => countTokens(text, model).tokens,
  costUsd({ provider, model, inputTokens, outputTokens }) {
    const result = computeCost({ inputTokens, outputTokens }, model, { provider });
    return result.status === 'priced' ? result.totalUsd : undefined;
  },
  maxOutputTokens: (provider, model) => getModelLimits(model, { provider })?.maxOutputTokens,
  sameModel(a, b) {
    if (a === b) return true;
    const pa = findPrice(a);
    return pa !== undefined && pa === findPrice(b);
  },
};
