export { CostSpanProcessor, type CostSpanProcessorOptions, type PriceFunction } from './processor.js';
export { type ForeignGenAiCall, readForeignGenAiCall } from './read-usage.js';
