import { computeCost } from '../recorder/pricing-port.js';
import type { PriceFunction } from './processor.js';

/** The same cost function llmcost's own recorder uses (one price table, one way of pricing). */
export const defaultPrice: PriceFunction = (model, usage, options) => computeCost(model, usage, options);
