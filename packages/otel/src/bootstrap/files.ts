import type { BudgetGuardLike } from '@llmcost/budget';
import * as budget from '@llmcost/budget';
import * as pricing from '@llmcost/pricing';
import { ConfigError, oneLine } from '../config/errors.js';

// @llmcost/pricing and @llmcost/budget are written in parallel; their loader names are looked up here,
// the one place to adapt if they move.
type LoadPricing = (path: string) => unknown;
type CreateBudgetGuard = (configOrPath: string | object, options?: object) => BudgetGuardLike;

function fn<T>(mod: object, name: string): T | undefined {
  const value = (mod as Record<string, unknown>)[name];
  return typeof value === 'function' ? (value as T) : undefined;
}

/**
 * Loads LLMCOST_PRICING_FILE. A bad file is a startup failure (product rule: one line naming the file,
 * the field and the fix), reported as a ConfigError of kind `file`.
 */
export function loadPricingFile(path: string): void {
  const load = fn<LoadPricing>(pricing, 'loadPricing');
  if (!load) throw new ConfigError(`llmcost: LLMCOST_PRICING_FILE is set but @llmcost/pricing has no loadPricing`, 'file');
  try {
    load(path);
  } catch (err) {
    throw new ConfigError(fileLine('LLMCOST_PRICING_FILE', path, err), 'file');
  }
}

/** Creates the budget guard from LLMCOST_BUDGET_FILE (and LLMCOST_REDIS_URL when set). */
export function createBudgetGuardFromFile(path: string, redisUrl: string | undefined): BudgetGuardLike {
  const create = fn<CreateBudgetGuard>(budget, 'createBudgetGuard');
  if (!create) {
    throw new ConfigError(`llmcost: LLMCOST_BUDGET_FILE is set but @llmcost/budget has no createBudgetGuard`, 'file');
  }
  try {
    return redisUrl !== undefined ? create(path, { redisUrl }) : create(path);
  } catch (err) {
    throw new ConfigError(fileLine('LLMCOST_BUDGET_FILE', path, err), 'file');
  }
}

function fileLine(variable: string, path: string, err: unknown): string {
  const message = oneLine(err instanceof Error ? err.message : String(err));
  // The loaders already name the file; add the variable that pointed at it when they do not.
  const prefixed = message.startsWith('llmcost:') ? message : `llmcost: ${message}`;
  return prefixed.includes(path) ? `${prefixed} (${variable})` : `${prefixed} (${variable}=${path})`;
}
