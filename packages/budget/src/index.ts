// Public surface of the package: re-exports only.
export type { BudgetDecision, BudgetGuardLike, BudgetRequest, Reservation } from './types.js';
