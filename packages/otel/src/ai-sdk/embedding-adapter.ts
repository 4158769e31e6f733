import type { Attributes } from '@opentelemetry/api';
import type { OperationAdapter } from '../core/types.js';
import { ATTR } from '../recorder/attributes.js';
import { convertAiSdkEmbeddingUsage, countTokens } from '../recorder/pricing-port.js';

/** One `doEmbed({ values, ... })` call of an AI SDK embedding model (the same shape in `ai` 5, 6 and 7). */
export interface AiSdkEmbedCall {
  options: any;
  modelId: string;
}

const values = (call: AiSdkEmbedCall): unknown[] =>
  Array.isArray(call.options?.values) ? call.options.values : [];

export const embeddingModelAdapter: OperationAdapter = {
  operation: 'embeddings',
  model: (call: AiSdkEmbedCall) => call.modelId,
  isStream: () => false,
  maxOutputTokens: () => 0,

  requestAttributes(call: AiSdkEmbedCall, attrs: Attributes) {
    if (typeof call.options?.dimensions === 'number')
      attrs[ATTR.embeddingsDimensionCount] = call.options.dimensions;
  },

  inputText(call: AiSdkEmbedCall) {
    return JSON.stringify(values(call));
  },

  countInputTokens(call: AiSdkEmbedCall, model: string) {
    let tokens = 0;
    for (const value of values(call))
      tokens += countTokens(typeof value === 'string' ? value : JSON.stringify(value), model).tokens;
    return tokens;
  },

  applyBudget: (call) => call,

  readResult(result: any, state) {
    if (result === null || typeof result !== 'object') return;
    if (typeof result.response?.modelId === 'string') state.responseModel = result.response.modelId;
    state.usage = convertAiSdkEmbeddingUsage(result.usage);
  },

  readChunk() {},

  inputMessages() {
    return [];
  },
};
