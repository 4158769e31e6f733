import type { Attributes } from '@opentelemetry/api';
import type { BudgetChange, OperationAdapter, ResponseState } from '../core/types.js';
import { ATTR } from '../recorder/attributes.js';
import { countTokens } from '../recorder/pricing-port.js';
import { modelId, promptText } from './contents.js';

/** The texts to embed, whichever internal shape the SDK version passes (`contents`, Vertex `content` or
 * `batchContents`). */
function embedText(params: any): string {
  return promptText(params.contents ?? params.content ?? params.batchContents, undefined);
}

/**
 * Input tokens of an embedding response: Vertex AI reports them (`usageMetadata.promptTokenCount` from
 * `:embedContent`, per-embedding `statistics.tokenCount` from `:predict`); the Gemini API's
 * `:batchEmbedContents` reports none (https://ai.google.dev/api/embeddings#response-body_1), so the recorder
 * counts the input locally and the span says `estimated`.
 */
function embeddingTokens(result: any): number | undefined {
  const prompt = result?.usageMetadata?.promptTokenCount;
  if (typeof prompt === 'number' && Number.isSafeInteger(prompt) && prompt >= 0) return prompt;
  const embeddings: any[] = Array.isArray(result?.embeddings) ? result.embeddings : [];
  let total = 0;
  let seen = false;
  for (const e of embeddings) {
    const n = e?.statistics?.tokenCount;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) continue;
    total += n;
    seen = true;
  }
  return seen ? total : undefined;
}

/** `models.embedContent`: https://ai.google.dev/api/embeddings */
export const embedContentAdapter: OperationAdapter = {
  operation: 'embeddings',
  model: (params) => modelId(params.model),
  isStream: () => false,
  maxOutputTokens: () => 0,

  requestAttributes(params, attrs: Attributes) {
    const dims = params.config?.outputDimensionality;
    if (typeof dims === 'number') attrs[ATTR.embeddingsDimensionCount] = dims;
  },

  inputText: embedText,
  countInputTokens: (params, model) => countTokens(embedText(params), model).tokens,

  applyBudget(params, change: BudgetChange) {
    return change.model === undefined ? params : { ...params, model: change.model };
  },

  readResult(result, state: ResponseState) {
    const tokens = embeddingTokens(result);
    if (tokens !== undefined) state.usage = { inputTokens: tokens, outputTokens: 0 };
  },

  readChunk() {},

  inputMessages() {
    return [];
  },
};
