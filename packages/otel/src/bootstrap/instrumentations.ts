import type { Instrumentation } from '@opentelemetry/instrumentation';
import { AnthropicInstrumentation } from '../anthropic/index.js';
import type { LlmcostConfig } from '../config/types.js';
import { OpenAIInstrumentation } from '../openai/index.js';
import type { LlmcostInstrumentationConfig } from '../types.js';
import { lazyRequire } from './lazy-require.js';

type HttpModule = typeof import('@opentelemetry/instrumentation-http');
type UndiciModule = typeof import('@opentelemetry/instrumentation-undici');

/**
 * llmcost's instrumentations, plus node:http and undici (fetch) ones so W3C trace context and baggage
 * cross service boundaries: a server receiving a request gets the caller's `user.id` and `llmcost.feature`
 * in its context, and its LLM spans carry them.
 */
export function createInstrumentations(
  config: LlmcostConfig,
  instrumentationConfig: LlmcostInstrumentationConfig,
): Instrumentation[] {
  const list: Instrumentation[] = [
    new OpenAIInstrumentation(instrumentationConfig),
    new AnthropicInstrumentation(instrumentationConfig),
  ];
  if (config.httpInstrumentation) {
    const { HttpInstrumentation } = lazyRequire<HttpModule>('@opentelemetry/instrumentation-http');
    const { UndiciInstrumentation } = lazyRequire<UndiciModule>('@opentelemetry/instrumentation-undici');
    list.push(new HttpInstrumentation(), new UndiciInstrumentation());
  }
  return list;
}
