export { CostSpanProcessor, type CostSpanProcessorOptions, type PriceFunction } from './processor.js';
