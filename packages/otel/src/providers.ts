import type { Instrumentation } from '@opentelemetry/instrumentation';
import { AiSdkInstrumentation } from './ai-sdk/index.js';
import { AnthropicInstrumentation } from './anthropic/index.js';
import { BedrockRuntimeInstrumentation } from './bedrock/index.js';
import { GoogleGenAIInstrumentation } from './google-genai/index.js';
import { GoogleGenerativeAIInstrumentation } from './google-generative-ai/index.js';
import { LangChainInstrumentation } from './langchain/index.js';
import { MistralInstrumentation } from './mistral/instrumentation.js';
import { OpenAIInstrumentation } from './openai/index.js';
import type { LlmcostInstrumentationConfig } from './types.js';

// The one list of llmcost's SDK instrumentations: the register entry starts them all, `llmcostInstrumentations()`
// hands them to an app's own NodeSDK, and the package exports each class from here (index.ts re-exports this
// module). A new provider is an entry here (import, export, list), not an edit in each of those places.
export {
  AiSdkInstrumentation,
  AnthropicInstrumentation,
  BedrockRuntimeInstrumentation,
  GoogleGenAIInstrumentation,
  GoogleGenerativeAIInstrumentation,
  LangChainInstrumentation,
  MistralInstrumentation,
  OpenAIInstrumentation,
};

const INSTRUMENTATIONS = [
  OpenAIInstrumentation,
  AnthropicInstrumentation,
  GoogleGenAIInstrumentation,
  GoogleGenerativeAIInstrumentation,
  BedrockRuntimeInstrumentation,
  MistralInstrumentation,
  AiSdkInstrumentation,
  LangChainInstrumentation,
] as const;

/** One of each llmcost instrumentation, with `config`: `new NodeSDK({ instrumentations: llmcostInstrumentations() })`. */
export function llmcostInstrumentations(config: LlmcostInstrumentationConfig = {}): Instrumentation[] {
  return INSTRUMENTATIONS.map((Class) => new Class(config));
}
