import type { BreakdownRow } from '../model.js';

/** A row whose calls all lack a price: it has no cost, and must say so rather than show a $0.00 that reads
 * as a real figure. */
export function isUnpriced(row: BreakdownRow): boolean {
  return row.costUsd === 0 && row.meanCostUsd === null && row.calls > 0;
}
