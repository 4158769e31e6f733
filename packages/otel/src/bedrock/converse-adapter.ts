import type { Attributes } from '@opentelemetry/api';
import type { BudgetChange, OperationAdapter, ResponseState } from '../core/types.js';
import { ATTR } from '../recorder/attributes.js';
import { textMessage } from '../recorder/content.js';
import { convertBedrockUsage } from '../recorder/pricing-port.js';
import { blocksText, countPrompt, promptMessages, promptText } from './converse-content.js';

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** `inferenceConfig.maxTokens`; Amazon Nova's InvokeModel body also takes the older `max_new_tokens`. */
function maxTokens(params: any): number | undefined {
  const c = params.inferenceConfig;
  const n = c?.maxTokens ?? c?.max_new_tokens;
  return isNumber(n) ? n : undefined;
}

// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InferenceConfiguration.html
function requestAttributes(stream: boolean) {
  return (params: any, attrs: Attributes): void => {
    attrs[ATTR.requestStream] = stream;
    const max = maxTokens(params);
    if (max !== undefined) attrs[ATTR.requestMaxTokens] = max;
    const c = params.inferenceConfig;
    if (c === null || typeof c !== 'object') return;
    if (isNumber(c.temperature)) attrs[ATTR.requestTemperature] = c.temperature;
    if (isNumber(c.topP)) attrs[ATTR.requestTopP] = c.topP;
    if (isNumber(c.topK)) attrs[ATTR.requestTopK] = c.topK;
    if (Array.isArray(c.stopSequences)) attrs[ATTR.requestStopSequences] = c.stopSequences;
  };
}

function appendText(state: ResponseState, piece: unknown): void {
  if (typeof piece === 'string' && piece.length > 0) state.text[0] = (state.text[0] ?? '') + piece;
}

/**
 * Converse (`ConverseCommand`) and ConverseStream: one request shape for every Bedrock model, usage in the response
 * or in the stream's last event (`metadata`). Amazon Nova's InvokeModel body and stream events have the same shape,
 * so this adapter reads those too (invoke-adapter.ts).
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
function converse(stream: boolean): OperationAdapter {
  return {
    operation: 'chat',
    model: (params) => String(params.modelId),
    isStream: () => stream,
    maxOutputTokens: maxTokens,
    maxOutputTokensParam: (params) =>
      params.inferenceConfig?.maxTokens ?? params.inferenceConfig?.max_new_tokens,
    requestAttributes: requestAttributes(stream),
    inputText: promptText,
    countInputTokens: countPrompt,

    // A copy: the model id and `inferenceConfig` replaced, the caller's input untouched.
    applyBudget(params, change: BudgetChange) {
      const copy = { ...params };
      if (change.model !== undefined) copy.modelId = change.model;
      if (change.maxOutputTokens !== undefined) {
        const key = params.inferenceConfig?.max_new_tokens !== undefined ? 'max_new_tokens' : 'maxTokens';
        copy.inferenceConfig = { ...params.inferenceConfig, [key]: change.maxOutputTokens };
      }
      return copy;
    },

    readResult(result, state, capture) {
      if (result === null || typeof result !== 'object') return;
      if (typeof result.stopReason === 'string') state.finishReasons = [result.stopReason];
      state.usage = convertBedrockUsage(result.usage);
      const content = result.output?.message?.content;
      if (state.usage === undefined || capture) state.text = [blocksText(content)];
      if (capture)
        state.outputMessages = [textMessage('assistant', state.text[0] ?? '', state.finishReasons[0])];
    },

    // ConverseStream events: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStreamOutput.html
    // Text, tool-input and reasoning deltas are output the meter counts; usage comes last, in `metadata`.
    readChunk(event: any, state) {
      if (event === null || typeof event !== 'object') return;
      const delta = event.contentBlockDelta?.delta;
      if (delta !== undefined) {
        appendText(state, delta.text ?? delta.toolUse?.input ?? delta.reasoningContent?.text);
      } else if (event.contentBlockStart?.start?.toolUse) {
        appendText(state, event.contentBlockStart.start.toolUse.name);
      } else if (typeof event.messageStop?.stopReason === 'string') {
        state.finishReasons = [event.messageStop.stopReason];
      } else if (event.metadata?.usage) {
        state.usage = convertBedrockUsage(event.metadata.usage);
      }
    },

    inputMessages: promptMessages,
  };
}

export const converseAdapter = converse(false);
export const converseStreamAdapter = converse(true);
