import type { CostResult } from '../types.js';
import { usdToFemto } from './money.js';

/**
 * A cost the provider reported with the response (OpenRouter's `usage.cost`), as a priced result with
 * `source: 'provider'`: `totalUsd` is the provider's figure; the split by token type is not known, so the
 * breakdown fields are 0 and not to be shown. `table`, the table's own price of the call when it has one,
 * names the matched row (`pricingModel`).
 */
export function providerReportedCost(
  totalUsd: number,
  pricingVersion: string,
  table?: CostResult,
): CostResult {
  const femto = usdToFemto(totalUsd);
  const cost = {
    status: 'priced' as const,
    source: 'provider' as const,
    totalUsd,
    inputUsd: 0,
    outputUsd: 0,
    cacheReadUsd: 0,
    cacheWriteUsd: 0,
    pricingModel: table?.status === 'priced' ? table.pricingModel : '',
    pricingVersion,
    totalUsdExact: String(totalUsd),
  };
  // Non-enumerable, as computeCost's: JSON.stringify throws on a BigInt.
  Object.defineProperty(cost, 'totalFemtoUsd', { value: femto, enumerable: false });
  return cost;
}
