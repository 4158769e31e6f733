import type { Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { AiSdkInstrumentation } from '../ai-sdk/index.js';
import { AnthropicInstrumentation } from '../anthropic/index.js';
import { BedrockRuntimeInstrumentation } from '../bedrock/index.js';
import type { LlmcostConfig } from '../config/types.js';
import { GoogleGenAIInstrumentation } from '../google-genai/index.js';
import { GoogleGenerativeAIInstrumentation } from '../google-generative-ai/index.js';
import { LangChainInstrumentation } from '../langchain/index.js';
import { MistralInstrumentation } from '../mistral/instrumentation.js';
import { OpenAIInstrumentation } from '../openai/index.js';
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
  const list: Instrumentation[] = [
    new OpenAIInstrumentation(instrumentationConfig),
    new AnthropicInstrumentation(instrumentationConfig),
    new GoogleGenAIInstrumentation(instrumentationConfig),
    new GoogleGenerativeAIInstrumentation(instrumentationConfig),
    new BedrockRuntimeInstrumentation(instrumentationConfig),
    new MistralInstrumentation(instrumentationConfig),
    new AiSdkInstrumentation(instrumentationConfig),
    new LangChainInstrumentation(instrumentationConfig),
  ];
  // Bundled into dist (tsup.config.ts): a static import costs no module resolution, and the classes do
  // little until constructed.
  if (config.httpInstrumentation) list.push(new HttpInstrumentation(), new UndiciInstrumentation());
  return list;
}
