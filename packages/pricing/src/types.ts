/**
 * Neutral token usage with semantic-convention meaning (gen_ai.usage.*):
 * `inputTokens` INCLUDES cached input (read and creation), `outputTokens` INCLUDES reasoning tokens.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens?: number;
  cacheCreationInputTokens?: number;
  /** Anthropic 1-hour cache writes, a subset of cacheCreationInputTokens billed at the 1h write rate. */
  cacheCreation1hInputTokens?: number;
  reasoningOutputTokens?: number;
}

export type PricingStatus = 'priced' | 'unpriced';

export interface CostOptions {
  provider?: string;
  batch?: boolean;
  serviceTier?: string;
}

export type CostResult =
  | {
      status: 'priced';
      /** `provider`: the total is the provider's own figure (OpenRouter `usage.cost`), the breakdown is 0 (not
       * known). Absent: computed from the price table. */
      source?: 'provider';
      totalUsd: number;
      inputUsd: number;
      outputUsd: number;
      cacheReadUsd: number;
      cacheWriteUsd: number;
      pricingModel: string;
      pricingVersion: string;
      /** The exact total in femto-USD (1e-15 USD). Sum these (or use `createCostAccumulator`), never the floats.
       * Set by `computeCost` as a NON-enumerable property (JSON.stringify throws on BigInt), so a spread or a
       * JSON copy drops it; `totalUsdExact` survives both. Optional so hand-built results stay valid. */
      totalFemtoUsd?: bigint;
      /** The exact total as a decimal string of USD, e.g. "0.000123375". */
      totalUsdExact?: string;
      /** What the cached read tokens would have cost at the full input rate minus what they cost. */
      cacheSavingsUsd?: number;
      /** Exact `cacheSavingsUsd`, non-enumerable like `totalFemtoUsd`. */
      cacheSavingsFemtoUsd?: bigint;
    }
  | {
      status: 'unpriced';
      source?: undefined;
      totalUsd?: undefined;
      inputUsd?: undefined;
      outputUsd?: undefined;
      cacheReadUsd?: undefined;
      cacheWriteUsd?: undefined;
      pricingModel?: undefined;
      pricingVersion: string;
      totalFemtoUsd?: undefined;
      totalUsdExact?: undefined;
      cacheSavingsUsd?: undefined;
      cacheSavingsFemtoUsd?: undefined;
    };

/** Token rates in USD per 1M tokens, as written in the price table. */
export interface TokenRates {
  input: number;
  output: number;
  /** Cached input read (cache hit). Defaults to `input` (no discount) when absent. */
  cacheRead?: number;
  /** Cache creation; for Anthropic the 5-minute write. Defaults to `input` when absent. */
  cacheWrite?: number;
  /** Anthropic 1-hour cache write. Defaults to `cacheWrite` when absent. */
  cacheWrite1h?: number;
  /** Reasoning (thinking) output. Defaults to `output`: every provider in the built-in table bills it as output. */
  reasoning?: number;
}

/** Rates that apply to the whole request when its input (cached included) is above a threshold. */
export interface LongContextTier extends TokenRates {
  aboveInputTokens: number;
}

/** One row of the price table. Rates are USD per 1M tokens (decimal numbers), computed exactly. */
export interface PriceEntry extends TokenRates {
  /** Semantic-convention provider name: openai, anthropic, gcp.gemini, aws.bedrock, mistral_ai, deepseek, x_ai, ... */
  provider: string;
  /** Canonical model id, matched exactly and after removing dated-snapshot / version suffixes. */
  model: string;
  /** Other ids that are the same model at the same price. */
  aliases?: string[];
  /** Id prefixes that mean this model (longest prefix wins), for families with open-ended variants. */
  prefixes?: string[];
  /** Long-context tiers, highest threshold that the request's input exceeds wins. */
  longContext?: LongContextTier[];
  /** Fraction taken off every token rate for batch requests (0.5 = half price). */
  batchDiscount?: number;
  /** OpenAI-style processing tiers (`flex`, `priority`): their own rates. */
  serviceTiers?: Record<string, TokenRates>;
  /** Rates for fine-tuned versions of this model (`ft:<model>:...`). */
  fineTuned?: TokenRates;
  contextWindow?: number;
  maxOutputTokens?: number;
  /** The date the price was true, YYYY-MM-DD. */
  asOf: string;
  /** Where the price comes from. */
  source: string;
  notes?: string;
  /**
   * Differences from a reference price list that were checked and kept, with the reason: keyed
   * `<reference>:<provider>` (`litellm:aws.bedrock`, `genai-prices:gcp.gemini`). The cross-check test fails on
   * an unreviewed difference above 1%, and on a review whose difference is gone.
   */
  reviewed?: Record<string, string>;
}

/** The price-table file: ours (`entries`) and the built-in data file share it. */
export interface PriceTableFile {
  version?: string;
  entries: PriceEntry[];
  /** Azure OpenAI deployment name -> model id, used when the provider is `azure.ai.openai`. */
  azureDeployments?: Record<string, string>;
}

export interface ModelLimits {
  contextWindow?: number;
  maxOutputTokens?: number;
}
