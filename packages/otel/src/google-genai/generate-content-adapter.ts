import type { Attributes } from '@opentelemetry/api';
import type { BudgetChange, OperationAdapter, ResponseState } from '../core/types.js';
import { ATTR } from '../recorder/attributes.js';
import { textMessage } from '../recorder/content.js';
import { convertGeminiUsage, countTokens } from '../recorder/pricing-port.js';
import { modelId, partsText, promptMessages, promptText } from './contents.js';

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

// Request fields: https://ai.google.dev/api/generate-content#generationconfig (the SDK takes them in `config`).
function requestAttributes(stream: boolean) {
  return (params: any, attrs: Attributes): void => {
    attrs[ATTR.requestStream] = stream;
    const c = params.config;
    if (c === null || typeof c !== 'object') return;
    if (isNumber(c.maxOutputTokens)) attrs[ATTR.requestMaxTokens] = c.maxOutputTokens;
    if (isNumber(c.temperature)) attrs[ATTR.requestTemperature] = c.temperature;
    if (isNumber(c.topP)) attrs[ATTR.requestTopP] = c.topP;
    if (isNumber(c.topK)) attrs[ATTR.requestTopK] = c.topK;
    if (isNumber(c.presencePenalty)) attrs[ATTR.requestPresencePenalty] = c.presencePenalty;
    if (isNumber(c.frequencyPenalty)) attrs[ATTR.requestFrequencyPenalty] = c.frequencyPenalty;
    if (isNumber(c.seed)) attrs[ATTR.requestSeed] = c.seed;
    if (isNumber(c.candidateCount) && c.candidateCount !== 1)
      attrs[ATTR.requestChoiceCount] = c.candidateCount;
    if (Array.isArray(c.stopSequences)) attrs[ATTR.requestStopSequences] = c.stopSequences;
    // https://ai.google.dev/api/generate-content#generationconfig: responseMimeType, and a schema implies JSON.
    if (c.responseMimeType === 'application/json' || c.responseSchema != null || c.responseJsonSchema != null)
      attrs[ATTR.outputType] = 'json';
    else if (c.responseMimeType === 'text/plain') attrs[ATTR.outputType] = 'text';
  };
}

/** Gemini finish reasons are upper-case enum names (`STOP`, `MAX_TOKENS`, `SAFETY`); semconv's examples and the
 * other providers use lower case, so one dashboard filter (`stop`, `max_tokens`) serves all. */
const finishReason = (reason: unknown): string | undefined =>
  typeof reason === 'string' && reason.length > 0 ? reason.toLowerCase() : undefined;

function readEnvelope(response: any, state: ResponseState): void {
  if (typeof response.modelVersion === 'string') state.responseModel = response.modelVersion;
  if (typeof response.responseId === 'string') state.responseId = response.responseId;
}

type GeminiState = ResponseState & { finished?: boolean };

function generateContent(stream: boolean): OperationAdapter {
  return {
    operation: 'generate_content',
    model: (params) => modelId(params.model),
    isStream: () => stream,
    maxOutputTokens: (params) =>
      isNumber(params.config?.maxOutputTokens) ? params.config.maxOutputTokens : undefined,
    maxOutputTokensParam: (params) => params.config?.maxOutputTokens,
    requestAttributes: requestAttributes(stream),
    inputText: (params) => promptText(params.contents, params.config),
    countInputTokens: (params, model) =>
      countTokens(promptText(params.contents, params.config), model).tokens,

    // The SDK reads the model from params and `maxOutputTokens` from `config`; both copied, never mutated.
    applyBudget(params, change: BudgetChange) {
      const copy = { ...params };
      if (change.model !== undefined) copy.model = change.model;
      if (change.maxOutputTokens !== undefined)
        copy.config = { ...params.config, maxOutputTokens: change.maxOutputTokens };
      return copy;
    },

    readResult(result, state, capture) {
      if (result === null || typeof result !== 'object') return;
      readEnvelope(result, state);
      const candidates: any[] = Array.isArray(result.candidates) ? result.candidates : [];
      state.finishReasons = candidates.map((c) => finishReason(c?.finishReason) ?? 'none');
      state.usage = convertGeminiUsage(result.usageMetadata);
      if (state.usage === undefined || capture) {
        state.text = candidates.map((c) => partsText(c?.content?.parts));
      }
      if (capture) {
        state.outputMessages = candidates.map((_c, i) =>
          textMessage('assistant', state.text[i] ?? '', state.finishReasons[i]),
        );
      }
    },

    // Each chunk carries the running usageMetadata; it is complete from the chunk with a finishReason on (the
    // last one). Before that only the prompt side counts, so a broken-off stream is priced as reported input
    // plus locally counted output (`estimated`).
    readChunk(chunk: any, state: GeminiState) {
      if (chunk === null || typeof chunk !== 'object') return;
      if (state.responseId === undefined) readEnvelope(chunk, state);
      const candidates = chunk.candidates;
      if (Array.isArray(candidates)) {
        for (let i = 0; i < candidates.length; i++) {
          const c = candidates[i];
          const index = typeof c?.index === 'number' ? c.index : i;
          const piece = partsText(c?.content?.parts);
          if (piece) state.text[index] = (state.text[index] ?? '') + piece;
          const reason = finishReason(c?.finishReason);
          if (reason !== undefined) {
            state.finishReasons[index] = reason;
            state.finished = true;
          }
        }
      }
      const usage = chunk.usageMetadata;
      if (usage === undefined || usage === null) return;
      if (state.finished) state.usage = convertGeminiUsage(usage);
      else if (state.inputUsage === undefined) {
        // The prompt side does not change from chunk to chunk: read it once per stream.
        state.inputUsage = convertGeminiUsage({ ...usage, candidatesTokenCount: 0, thoughtsTokenCount: 0 });
      }
    },

    inputMessages: (params) => promptMessages(params.contents, params.config),

    withAbortSignal(params, signal: AbortSignal) {
      const own = params.config?.abortSignal;
      const abortSignal = own instanceof AbortSignal ? AbortSignal.any([own, signal]) : signal;
      return { ...params, config: { ...params.config, abortSignal } };
    },
  };
}

/** `models.generateContent` (and chats' `sendMessage`): https://ai.google.dev/api/generate-content */
export const generateContentAdapter = generateContent(false);
/** `models.generateContentStream` (and chats' `sendMessageStream`), SSE chunks. */
export const generateContentStreamAdapter = generateContent(true);
