import type { Attributes } from '@opentelemetry/api';
import type { BudgetChange, GenAiMessage, OperationAdapter, ResponseState } from '../core/types.js';
import { ATTR } from '../recorder/attributes.js';
import { textMessage } from '../recorder/content.js';
import { convertAiSdkUsage, countMessageTokens } from '../recorder/pricing-port.js';

/**
 * One call of an AI SDK language model: `doGenerate(options)` or `doStream(options)` (LanguageModelV2 in `ai` 5,
 * V3 in 6, V4 in 7: the call options and result fields read here are the same in all three).
 * https://github.com/vercel/ai/blob/main/packages/provider/src/language-model/v3/language-model-v3-call-options.ts
 */
export interface AiSdkLanguageCall {
  options: any;
  stream: boolean;
  modelId: string;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const adapters = new Map<string, OperationAdapter>();

/**
 * The adapter for a provider's language models (semconv provider name): the V2 usage mapping differs by vendor,
 * and Gemini's operation is `generate_content`. One per provider, made once.
 */
export function languageModelAdapter(provider: string): OperationAdapter {
  let adapter = adapters.get(provider);
  if (adapter === undefined) {
    adapter = createAdapter(provider);
    adapters.set(provider, adapter);
  }
  return adapter;
}

const createAdapter = (provider: string): OperationAdapter => ({
  operation: provider.startsWith('gcp.') ? 'generate_content' : 'chat',
  model: (call: AiSdkLanguageCall) => call.modelId,
  isStream: (call: AiSdkLanguageCall) => call.stream,
  maxOutputTokens: (call: AiSdkLanguageCall) =>
    isNumber(call.options?.maxOutputTokens) ? call.options.maxOutputTokens : undefined,
  maxOutputTokensParam: (call: AiSdkLanguageCall) => call.options?.maxOutputTokens,

  requestAttributes(call: AiSdkLanguageCall, attrs: Attributes) {
    const o = call.options ?? {};
    attrs[ATTR.requestStream] = call.stream;
    if (isNumber(o.maxOutputTokens)) attrs[ATTR.requestMaxTokens] = o.maxOutputTokens;
    if (isNumber(o.temperature)) attrs[ATTR.requestTemperature] = o.temperature;
    if (isNumber(o.topP)) attrs[ATTR.requestTopP] = o.topP;
    if (isNumber(o.topK)) attrs[ATTR.requestTopK] = o.topK;
    if (isNumber(o.frequencyPenalty)) attrs[ATTR.requestFrequencyPenalty] = o.frequencyPenalty;
    if (isNumber(o.presencePenalty)) attrs[ATTR.requestPresencePenalty] = o.presencePenalty;
    if (isNumber(o.seed)) attrs[ATTR.requestSeed] = o.seed;
    if (Array.isArray(o.stopSequences)) attrs[ATTR.requestStopSequences] = o.stopSequences;
    // LanguageModelV2/V3 call options: responseFormat { type: 'json' | 'text' } (generateObject asks for json).
    const format = o.responseFormat?.type;
    if (format === 'json' || format === 'text') attrs[ATTR.outputType] = format;
  },

  inputText(call: AiSdkLanguageCall) {
    const o = call.options ?? {};
    return JSON.stringify([o.prompt ?? null, o.tools ?? null, o.responseFormat ?? null]);
  },

  countInputTokens(call: AiSdkLanguageCall, model: string) {
    const prompt: any[] = Array.isArray(call.options?.prompt) ? call.options.prompt : [];
    const options: { tools?: unknown[] } = {};
    if (Array.isArray(call.options?.tools)) options.tools = call.options.tools;
    return countMessageTokens(prompt, model, options).tokens;
  },

  applyBudget(call: AiSdkLanguageCall, change: BudgetChange) {
    if (change.maxOutputTokens === undefined) return call;
    return { ...call, options: { ...call.options, maxOutputTokens: change.maxOutputTokens } };
  },

  readResult(result: any, state: ResponseState, capture: boolean) {
    if (result === null || typeof result !== 'object') return;
    readResponseMetadata(result.response, state);
    const finish = finishReason(result.finishReason);
    if (finish !== undefined) state.finishReasons = [finish];
    state.usage = convertAiSdkUsage(result.usage, {
      provider,
      providerMetadata: result.providerMetadata,
    });
    if (state.usage === undefined || capture) state.text = [contentText(result.content)];
    if (capture) state.outputMessages = [textMessage('assistant', state.text[0] ?? '', finish)];
  },

  // Stream parts: https://github.com/vercel/ai/blob/main/packages/provider/src/language-model/v3/language-model-v3-stream-part.ts
  readChunk(part: any, state: ResponseState) {
    switch (part?.type) {
      case 'response-metadata':
        readResponseMetadata(part, state);
        break;
      case 'text-delta':
      case 'reasoning-delta':
      case 'tool-input-delta':
        // `delta` since V2; `textDelta` / `argsTextDelta` in older middleware-made streams.
        appendText(state, part.delta ?? part.textDelta ?? part.argsTextDelta);
        break;
      case 'tool-call':
        if (typeof part.input === 'string') appendText(state, part.input);
        break;
      case 'finish': {
        const finish = finishReason(part.finishReason);
        if (finish !== undefined) state.finishReasons = [finish];
        state.usage = convertAiSdkUsage(part.usage, {
          provider,
          providerMetadata: part.providerMetadata,
        });
        break;
      }
      case 'error':
        // The AI SDK reports a provider's in-stream error as a part, not by failing the stream.
        state.failure = part.error ?? new Error('stream error part');
        break;
    }
  },

  inputMessages(call: AiSdkLanguageCall): GenAiMessage[] {
    const prompt: any[] = Array.isArray(call.options?.prompt) ? call.options.prompt : [];
    return prompt.map((m) => textMessage(String(m?.role), contentText(m?.content)));
  },
});

function readResponseMetadata(meta: any, state: ResponseState): void {
  if (meta === null || typeof meta !== 'object') return;
  if (typeof meta.id === 'string') state.responseId = meta.id;
  if (typeof meta.modelId === 'string') state.responseModel = meta.modelId;
}

/**
 * The provider's own finish reason (V3/V4 `{ unified, raw }`: `end_turn`, `tool_calls`, ...), else the AI SDK's
 * unified one (V2 has only that: `tool-calls`, `content-filter`), in the provider spelling (`tool_calls`).
 */
function finishReason(reason: unknown): string | undefined {
  if (typeof reason === 'string') return reason.replaceAll('-', '_');
  if (reason === null || typeof reason !== 'object') return undefined;
  const { raw, unified } = reason as { raw?: unknown; unified?: unknown };
  if (typeof raw === 'string') return raw;
  return typeof unified === 'string' ? unified.replaceAll('-', '_') : undefined;
}

/** Text of a prompt message's content (a string, or parts) or of a result's content parts. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const part of content) {
    if (part === null || typeof part !== 'object') continue;
    if (typeof part.text === 'string') out += part.text;
    else if (part.type === 'tool-call' && typeof part.input === 'string') out += part.input;
  }
  return out;
}

function appendText(state: ResponseState, piece: unknown): void {
  if (typeof piece === 'string') state.text[0] = (state.text[0] ?? '') + piece;
}
