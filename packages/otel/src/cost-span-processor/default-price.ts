import { computeCost } from '@llmcost/pricing';
import type { PriceFunction } from './processor.js';

/** The cost function llmcost's own recorder uses (one price table, one way of pricing). */
export const defaultPrice: PriceFunction = (usage, model, options) => computeCost(usage, model, options);
