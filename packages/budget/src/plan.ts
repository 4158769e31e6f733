import type { BudgetConfig, DowngradeRule } from './config/types.js';
import type { BudgetExceededDetails } from './errors.js';
import { usdToNanosCeil } from './money.js';
import type { BudgetPricing } from './pricing.js';
import type { BudgetRequest } from './types.js';

// Worst case for a model whose output limit is unknown and whose request sets no max_tokens.
export const FALLBACK_MAX_OUTPUT_TOKENS = 16_384;

export interface CallPlan {
  inputTokens: number;
  /** true when `inputTokens` was counted, false when it is the cheap upper bound. */
  exact: boolean;
  /** The most output the call can produce: `max_tokens`, the cap, or the model's limit. */
  outputTokens: number;
  /** The output reserved: `outputTokens`, or less under the expected-cost policy. */
  reservedOutputTokens: number;
  /** Set when the request must be clamped to this many output tokens. */
  clampTo?: number;
  /** What is reserved. */
  amountNanos: number;
  /** The cost with `outputTokens`. */
  worstNanos: number;
  /** Whether the model has a price (otherwise `unpricedModelUsd` is reserved). */
  priced: boolean;
  /** Downgrade options for this call, highest threshold first. */
  variants: {
    threshold: number;
    amountNanos: number;
    worstNanos: number;
    rule: DowngradeRule;
    reservedOutputTokens: number;
  }[];
}

/** Output tokens a model is expected to produce for this request's feature; undefined: reserve the worst case. */
export type ExpectedOutputTokens = (model: string) => number | undefined;

export type PlanResult = { plan: CallPlan } | { rejected: BudgetExceededDetails };

/** A request's text, read at most once (serialising a long conversation is not free). */
export function lazyText(request: BudgetRequest): () => string {
  let text: string | undefined;
  return () => {
    text ??= request.inputText();
    return text;
  };
}

/**
 * Tokens and worst-case cost of a call. With `exact` false the input is the byte-length bound, which never
 * tokenizes; the guard asks for the exact count only when that bound does not fit a cap.
 */
export function planCall(
  config: BudgetConfig,
  pricing: BudgetPricing,
  request: BudgetRequest,
  text: () => string,
  exact: boolean,
  expected: ExpectedOutputTokens = () => undefined,
): PlanResult {
  const { maxInputTokens, maxOutputTokens: cap, onMaxOutputTokens } = config.perRequest;
  let outputTokens = request.maxOutputTokens;
  let clampTo: number | undefined;
  if (outputTokens !== undefined && cap !== undefined && outputTokens > cap) {
    if (onMaxOutputTokens === 'reject') {
      return {
        rejected: { reason: 'max_output_tokens', scope: 'request', tokens: outputTokens, limitTokens: cap },
      };
    }
    outputTokens = cap;
    clampTo = cap;
  }
  if (outputTokens === undefined) {
    const modelMax = pricing.maxOutputTokens(request.provider, request.model);
    // No max_tokens in the request: with a cap configured the request gets it (rejecting a call for a field
    // it did not set would surprise); without one the model's own output limit is the worst case.
    if (cap !== undefined) {
      outputTokens = modelMax !== undefined ? Math.min(cap, modelMax) : cap;
      clampTo = outputTokens;
    } else {
      outputTokens = modelMax ?? FALLBACK_MAX_OUTPUT_TOKENS;
    }
  }

  let inputTokens = exact
    ? pricing.countTokens(text(), request.model)
    : pricing.upperBoundTokens(text(), request.model);
  if (maxInputTokens !== undefined && inputTokens > maxInputTokens) {
    if (!exact) {
      inputTokens = pricing.countTokens(text(), request.model);
      exact = true;
    }
    if (inputTokens > maxInputTokens) {
      return {
        rejected: {
          reason: 'max_input_tokens',
          scope: 'request',
          tokens: inputTokens,
          limitTokens: maxInputTokens,
        },
      };
    }
  }

  const worst = outputTokens;
  const cost = (model: string, output = worst) => {
    const usd = pricing.costUsd({ provider: request.provider, model, inputTokens, outputTokens: output });
    return { priced: usd !== undefined, nanos: usdToNanosCeil(usd ?? config.unpricedModelUsd) };
  };
  const reservedFor = (model: string) => Math.min(worst, expected(model) ?? worst);
  const reservedOutputTokens = reservedFor(request.model);
  const own = cost(request.model, reservedOutputTokens);
  const variants = config.downgrade
    .filter(
      (rule) =>
        request.feature !== undefined &&
        rule.features.includes(request.feature) &&
        (rule.from === request.model || pricing.sameModel?.(rule.from, request.model) === true),
    )
    .sort((a, b) => b.whenGlobalUtilisationAbove - a.whenGlobalUtilisationAbove)
    .map((rule) => {
      const tokens = reservedFor(rule.to);
      return {
        threshold: rule.whenGlobalUtilisationAbove,
        amountNanos: cost(rule.to, tokens).nanos,
        worstNanos: cost(rule.to).nanos,
        rule,
        reservedOutputTokens: tokens,
      };
    });

  const plan: CallPlan = {
    inputTokens,
    exact,
    outputTokens,
    reservedOutputTokens,
    amountNanos: own.nanos,
    worstNanos: reservedOutputTokens === worst ? own.nanos : cost(request.model).nanos,
    priced: own.priced,
    variants,
  };
  if (clampTo !== undefined) plan.clampTo = clampTo;
  return { plan };
}
