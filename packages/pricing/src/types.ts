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
      totalUsd: number;
      inputUsd: number;
      outputUsd: number;
      cacheReadUsd: number;
      cacheWriteUsd: number;
      pricingModel: string;
      pricingVersion: string;
    }
  | {
      status: 'unpriced';
      totalUsd?: undefined;
      inputUsd?: undefined;
      outputUsd?: undefined;
      cacheReadUsd?: undefined;
      cacheWriteUsd?: undefined;
      pricingModel?: undefined;
      pricingVersion: string;
    };
