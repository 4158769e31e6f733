import type { CostResult } from '../types.js';

type Priced = Extract<CostResult, { status: 'priced' }>;
type PricedFields = Omit<Priced, 'totalFemtoUsd' | 'cacheSavingsFemtoUsd' | 'source'>;

/**
 * A priced `computeCost` result: the plain fields as own enumerable properties (spreads and JSON keep them), the
 * exact femto-USD amounts as getters on the prototype, so they stay out of JSON.stringify (which throws on a
 * BigInt) and out of spreads, as the CostResult contract says. A class rather than `Object.defineProperties`
 * on a literal: that call alone cost more than the rest of the computation (~0.8 µs per result).
 */
export class PricedCost implements Priced {
  readonly status = 'priced' as const;
  readonly totalUsd: number;
  readonly inputUsd: number;
  readonly outputUsd: number;
  readonly cacheReadUsd: number;
  readonly cacheWriteUsd: number;
  readonly pricingModel: string;
  readonly pricingVersion: string;
  readonly totalUsdExact: string;
  readonly cacheSavingsUsd: number;
  // A number when the amount is an integer below 2^53 (exact): the BigInt is made only when asked for.
  readonly #total: bigint | number;
  readonly #savings: bigint | number;

  constructor(fields: Required<PricedFields>, total: bigint | number, savings: bigint | number) {
    this.totalUsd = fields.totalUsd;
    this.inputUsd = fields.inputUsd;
    this.outputUsd = fields.outputUsd;
    this.cacheReadUsd = fields.cacheReadUsd;
    this.cacheWriteUsd = fields.cacheWriteUsd;
    this.pricingModel = fields.pricingModel;
    this.pricingVersion = fields.pricingVersion;
    this.totalUsdExact = fields.totalUsdExact;
    this.cacheSavingsUsd = fields.cacheSavingsUsd;
    this.#total = total;
    this.#savings = savings;
  }

  /** The exact total in femto-USD (1e-15 USD). */
  get totalFemtoUsd(): bigint {
    return BigInt(this.#total);
  }

  /** The exact `cacheSavingsUsd` in femto-USD. */
  get cacheSavingsFemtoUsd(): bigint {
    return BigInt(this.#savings);
  }
}
