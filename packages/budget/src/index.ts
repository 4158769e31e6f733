// Public surface of the package: re-exports only.

export { loadBudgetConfig } from './config/load.js';
export { DEFAULT_UNPRICED_MODEL_USD, parseBudgetConfig } from './config/parse.js';
export { DEFAULT_OUTPUT_TOKENS } from './config/parse-reserve.js';
export type {
  BudgetConfig,
  DowngradeRule,
  ExpectedOutputConfig,
  FeatureCaps,
  MeteringConfig,
  ReservePolicy,
  UserCaps,
} from './config/types.js';
export {
  BudgetConfigError,
  type BudgetExceededDetails,
  BudgetExceededError,
  type BudgetReason,
  type BudgetScope,
} from './errors.js';
export { BudgetGuard, type BudgetGuardOptions, createBudgetGuard } from './guard.js';
export { type BudgetPricing, defaultPricing } from './pricing.js';
export type {
  BudgetCheck,
  BudgetDecision,
  BudgetGuardLike,
  BudgetRequest,
  MeterDecision,
  Reservation,
  SettleOutcome,
  StreamMeterLike,
} from './types.js';
export type { BudgetWindow } from './windows.js';
