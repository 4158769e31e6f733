import type { BudgetGuardLike } from '@llmcost/budget';
import * as pricing from '@llmcost/pricing';
import { ConfigError, oneLine } from '../config/errors.js';
import { lazyRequire } from './lazy-require.js';

type PricingModule = typeof import('@llmcost/pricing');
type BudgetModule = typeof import('@llmcost/budget');

/**
 * Loads LLMCOST_PRICING_FILE over the bundled price table. A bad file is a start-up failure (product rule:
 * one line naming the file, the field and the fix), reported as a ConfigError of kind `file`.
 */
export function loadPricingFile(path: string, alsoForBudget: boolean): void {
  try {
    pricing.loadPricing(path);
    // @llmcost/budget is required lazily (it pulls in ioredis), so from the ESM build it prices through
    // the CommonJS instance of @llmcost/pricing: give that instance the same table (dual-package hazard).
    if (alsoForBudget) {
      const cjs = lazyRequire<PricingModule>('@llmcost/pricing');
      if (cjs.loadPricing !== pricing.loadPricing) cjs.loadPricing(path);
    }
  } catch (err) {
    throw new ConfigError(fileLine('LLMCOST_PRICING_FILE', path, err), 'file');
  }
}

/** Creates the budget guard from LLMCOST_BUDGET_FILE, with LLMCOST_REDIS_URL as read at start-up. */
export function createBudgetGuardFromFile(path: string, redisUrl: string | undefined): BudgetGuardLike {
  const { createBudgetGuard } = lazyRequire<BudgetModule>('@llmcost/budget');
  try {
    return createBudgetGuard(path, { env: { LLMCOST_REDIS_URL: redisUrl } });
  } catch (err) {
    throw new ConfigError(fileLine('LLMCOST_BUDGET_FILE', path, err), 'file');
  }
}

function fileLine(variable: string, path: string, err: unknown): string {
  const message = oneLine(err instanceof Error ? err.message : String(err));
  // The loaders name the file; say which variable pointed at it when they do not.
  const prefixed = message.startsWith('llmcost') ? message : `llmcost: ${message}`;
  return prefixed.includes(variable) ? prefixed : `${prefixed} (${variable}=${path})`;
}
