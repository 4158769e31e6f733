import type { CostResult } from '../types.js';
import { femtoToDecimalString, femtoToUsd, scaleDecimal, usdToFemto } from './money.js';

/** An exact running sum of call costs: the recorder, the exit summary and the budget add with this. */
export interface CostAccumulator {
  /** Adds a call's cost (unpriced results are counted, not summed) or an exact femto-USD amount. */
  add(cost: CostResult | bigint | undefined): void;
  readonly totalFemtoUsd: bigint;
  /** The double nearest to the exact sum. */
  readonly totalUsd: number;
  /** The exact sum as a USD decimal string. */
  readonly totalUsdExact: string;
  readonly pricedCalls: number;
  readonly unpricedCalls: number;
}

/**
 * The exact femto-USD of a result: its BigInt figure; else (a result that went through JSON or a spread)
 * its exact decimal string; else (a hand-built result) its float's shortest decimal text.
 */
export function costFemto(cost: CostResult): bigint | undefined {
  if (cost.status !== 'priced') return undefined;
  if (typeof cost.totalFemtoUsd === 'bigint') return cost.totalFemtoUsd;
  const exact = typeof cost.totalUsdExact === 'string' ? scaleDecimal(cost.totalUsdExact, 15) : undefined;
  return exact?.exact ? exact.value : usdToFemto(cost.totalUsd);
}

export function createCostAccumulator(): CostAccumulator {
  let total = 0n;
  let priced = 0;
  let unpriced = 0;
  return {
    add(cost) {
      if (cost === undefined) return;
      if (typeof cost === 'bigint') {
        total += cost;
        return;
      }
      const f = costFemto(cost);
      if (f === undefined) unpriced++;
      else {
        total += f;
        priced++;
      }
    },
    get totalFemtoUsd() {
      return total;
    },
    get totalUsd() {
      return femtoToUsd(total);
    },
    get totalUsdExact() {
      return femtoToDecimalString(total);
    },
    get pricedCalls() {
      return priced;
    },
    get unpricedCalls() {
      return unpriced;
    },
  };
}

/** The exact sum of several costs. */
export function addCosts(costs: Iterable<CostResult | bigint | undefined>): CostAccumulator {
  const acc = createCostAccumulator();
  for (const c of costs) acc.add(c);
  return acc;
}
