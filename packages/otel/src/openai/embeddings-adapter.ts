import type { Attributes } from '@opentelemetry/api';
import type { BudgetChange, OperationAdapter } from '../core/types.js';
import { ATTR } from '../recorder/attributes.js';
import { convertOpenAIEmbeddingsUsage, countTokens } from '../recorder/pricing-port.js';

/** `embeddings.create` (https://platform.openai.com/docs/api-reference/embeddings/create). */
export const embeddingsAdapter: OperationAdapter = {
  operation: 'embeddings',
  model: (params) => String(params.model),
  isStream: () => false,
  maxOutputTokens: () => 0,

  requestAttributes(params, attrs: Attributes) {
    if (params.encoding_format != null) attrs[ATTR.requestEncodingFormats] = [params.encoding_format];
    if (typeof params.dimensions === 'number') attrs[ATTR.embeddingsDimensionCount] = params.dimensions;
  },

  inputText(params) {
    return typeof params.input === 'string' ? params.input : JSON.stringify(params.input ?? null);
  },

  countInputTokens(params, model) {
    const inputs: unknown[] = Array.isArray(params.input) ? params.input : [params.input];
    let tokens = 0;
    for (const input of inputs) {
      if (typeof input === 'string') tokens += countTokens(input, model).tokens;
      else if (Array.isArray(input)) tokens += input.length; // already token ids
    }
    return tokens;
  },

  applyBudget(body, change: BudgetChange) {
    return change.model === undefined ? body : { ...body, model: change.model };
  },

  readResult(result, state) {
    if (result === null || typeof result !== 'object') return;
    if (typeof result.model === 'string') state.responseModel = result.model;
    state.usage = convertOpenAIEmbeddingsUsage(result.usage);
  },

  readChunk() {},

  inputMessages() {
    return [];
  },
};
