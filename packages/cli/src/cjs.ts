import { createRequire } from 'node:module';
import type * as SketchesModule from '@datadog/sketches-js';
import type * as PricingModule from '@llmcost/pricing';

/**
 * The CommonJS packages the report needs at start-up, loaded with require(). An ES `import` of a CommonJS
 * package first runs Node's export lexer over its source and over every file it re-exports (the price table's
 * 100 kB bundle, the sketch library's 14 files): about three times the cost of requiring them, on every run.
 * It is the same module instance either way (@llmcost/pricing's ES entry re-exports this very file).
 */
const load = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);

export const pricing = load('@llmcost/pricing') as typeof PricingModule;
export const sketches = load('@datadog/sketches-js') as typeof SketchesModule;
