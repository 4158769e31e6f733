import { pricing } from '../cjs.js';
import { CliError } from '../errors.js';

/** `--pricing-file FILE`: merge an override file over the built-in table before answering. */
export function applyPricingFile(file: string | undefined): void {
  if (file === undefined) return;
  try {
    pricing.loadPricing(file);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}
