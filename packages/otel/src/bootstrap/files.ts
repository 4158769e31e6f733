import type { BudgetGuardLike } from '@llmcost/budget';
import * as pricing from '@llmcost/pricing';
import { ConfigError, oneLine } from '../config/errors.js';
import { redactUrlsIn } from '../privacy/redact-url.js';
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

/**
 * Creates the budget guard from LLMCOST_BUDGET_FILE, with LLMCOST_REDIS_URL as read at start-up. A file that does
 * not load stops the start (ConfigError `file`). A file that loads is enforced even when its store cannot be set up
 * (`storeProblem`: a bad LLMCOST_REDIS_URL; or the guard failing to start): then the file's `onStoreError` decides,
 * as for an unreachable Redis, and one line says which way.
 */
export function createBudgetGuardFromFile(
  path: string,
  redisUrl: string | undefined,
  storeProblem: string | undefined,
  say: (line: string) => void,
): BudgetGuardLike {
  const budget = lazyRequire<BudgetModule>('@llmcost/budget');
  let config: ReturnType<BudgetModule['loadBudgetConfig']>;
  try {
    config = budget.loadBudgetConfig(path);
  } catch (err) {
    throw new ConfigError(fileLine('LLMCOST_BUDGET_FILE', path, err), 'file');
  }
  // A budget counts prompts and streams with gpt-tokenizer, an optional peer of @llmcost/pricing: without it the
  // start stops here, with the command that adds it, rather than run the budget unenforced.
  if (!pricing.tokenizerInstalled()) {
    throw new ConfigError(new pricing.TokenizerMissingError(`LLMCOST_BUDGET_FILE=${path}`).message, 'file');
  }
  const unavailable = (why: string) => {
    const policy =
      config.onStoreError === 'closed'
        ? 'every budgeted call is rejected (onStoreError: closed)'
        : 'calls go ahead without a budget check (onStoreError: open)';
    say(`${why}; the budget store cannot be set up, so ${policy}`);
    return new budget.BudgetGuard(config, { storeUnavailable: why });
  };
  if (storeProblem !== undefined) return unavailable(storeProblem);
  try {
    return new budget.BudgetGuard(config, { env: { LLMCOST_REDIS_URL: redisUrl } });
  } catch (err) {
    const message = redactUrlsIn(oneLine(err instanceof Error ? err.message : String(err)));
    return unavailable(message.startsWith('llmcost') ? message : `llmcost: ${message}`);
  }
}

function fileLine(variable: string, path: string, err: unknown): string {
  const message = oneLine(err instanceof Error ? err.message : String(err));
  // The loaders name the file; say which variable pointed at it when they do not.
  const prefixed = message.startsWith('llmcost') ? message : `llmcost: ${message}`;
  return prefixed.includes(variable) ? prefixed : `${prefixed} (${variable}=${path})`;
}
