import type { Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { LlmcostConfig } from '../config/types.js';
import { llmcostInstrumentations } from '../providers.js';
import type { LlmcostInstrumentationConfig } from '../types.js';

/**
 * llmcost's instrumentations, plus node:http and undici (fetch) ones so W3C trace context and baggage
 * cross service boundaries: a server receiving a request gets the caller's `user.id` and `llmcost.feature`
 * in its context, and its LLM spans carry them.
 */
export function createInstrumentations(
  config: LlmcostConfig,
  instrumentationConfig: LlmcostInstrumentationConfig,
): Instrumentation[] {
  const list = llmcostInstrumentations(instrumentationConfig);
  // Bundled into dist (tsup.config.ts): a static import costs no module resolution, and the classes do
  // little until constructed.
  if (config.httpInstrumentation) list.push(new HttpInstrumentation(), new UndiciInstrumentation());
  return list;
}
