import type { Attributes } from '@opentelemetry/api';
import type { BudgetChange, GenAiMessage, OperationAdapter, ResponseState } from '../core/types.js';
import { ATTR } from '../recorder/attributes.js';
import { contentText, textMessage } from '../recorder/content.js';
import { convertOpenAIResponsesUsage, countMessageTokens, countTokens } from '../recorder/pricing-port.js';
import {
  openaiRequestAttributes,
  readOpenAIServiceFields,
  samplingAttributes,
} from './request-attributes.js';

/**
 * `responses.create` (https://platform.openai.com/docs/api-reference/responses/create). Semconv v1.41 names this
 * operation `chat` too (as @opentelemetry/instrumentation-openai does).
 */
export const responsesAdapter: OperationAdapter = {
  operation: 'chat',
  model: (params) => String(params.model),
  isStream: (params) => params.stream === true,
  maxOutputTokens: (params) =>
    typeof params.max_output_tokens === 'number' ? params.max_output_tokens : undefined,
  maxOutputTokensParam: (params) => params.max_output_tokens,

  requestAttributes(params, attrs: Attributes) {
    openaiRequestAttributes('responses', params, params.text?.format, attrs);
    attrs[ATTR.requestStream] = params.stream === true;
    if (typeof params.max_output_tokens === 'number') attrs[ATTR.requestMaxTokens] = params.max_output_tokens;
    samplingAttributes(params, attrs);
  },

  inputText(params) {
    return JSON.stringify([params.instructions ?? null, params.input ?? null, params.tools ?? null]);
  },

  countInputTokens(params, model) {
    let tokens = 0;
    if (typeof params.instructions === 'string') tokens += countTokens(params.instructions, model).tokens;
    if (typeof params.input === 'string') return tokens + countTokens(params.input, model).tokens;
    const items: any[] = Array.isArray(params.input) ? params.input : [];
    const messages = items.map((item) => ({
      role: String(item?.role ?? 'user'),
      content: inputContent(item),
    }));
    const tools = Array.isArray(params.tools) ? params.tools : undefined;
    return tokens + countMessageTokens(messages, model, tools ? { tools } : {}).tokens;
  },

  applyBudget(body, change: BudgetChange) {
    const copy = { ...body };
    if (change.model !== undefined) copy.model = change.model;
    if (change.maxOutputTokens !== undefined) copy.max_output_tokens = change.maxOutputTokens;
    return copy;
  },

  readResult(result, state, capture) {
    readResponse(result, state);
    if (state.usage === undefined) state.text = [outputText(result)];
    if (capture) {
      state.outputMessages = [textMessage('assistant', outputText(result), state.finishReasons[0])];
    }
  },

  // Stream events: https://platform.openai.com/docs/api-reference/responses-streaming
  readChunk(event: any, state: ResponseState) {
    switch (event?.type) {
      case 'response.created':
        readResponse(event.response, state);
        break;
      case 'response.output_text.delta':
      case 'response.refusal.delta':
      case 'response.function_call_arguments.delta':
        if (typeof event.delta === 'string') state.text[0] = (state.text[0] ?? '') + event.delta;
        break;
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
        readResponse(event.response, state);
        break;
    }
  },

  inputMessages(params): GenAiMessage[] {
    const out: GenAiMessage[] = [];
    if (typeof params.instructions === 'string') out.push(textMessage('system', params.instructions));
    if (typeof params.input === 'string') out.push(textMessage('user', params.input));
    else if (Array.isArray(params.input)) {
      for (const item of params.input)
        out.push(textMessage(String(item?.role ?? 'user'), inputContent(item)));
    }
    return out;
  },
};

function readResponse(response: any, state: ResponseState): void {
  if (response === null || typeof response !== 'object') return;
  if (typeof response.id === 'string') state.responseId = response.id;
  if (typeof response.model === 'string') state.responseModel = response.model;
  readOpenAIServiceFields(response, state);
  if (Array.isArray(response.output) && response.status !== 'in_progress') {
    state.finishReasons = [finishReason(response)];
  }
  const usage = convertOpenAIResponsesUsage(response.usage);
  if (usage) state.usage = usage;
}

/** As @opentelemetry/instrumentation-openai: `tool_call` when the last output item is a tool call, else `stop`;
 * an incomplete response reports its reason (`max_output_tokens`, `content_filter`). */
function finishReason(response: any): string {
  if (response.status === 'incomplete' && typeof response.incomplete_details?.reason === 'string') {
    return response.incomplete_details.reason;
  }
  const last = response.output[response.output.length - 1];
  return last && last.type !== 'message' && last.type !== 'reasoning' ? 'tool_call' : 'stop';
}

function outputText(response: any): string {
  if (typeof response?.output_text === 'string') return response.output_text;
  let text = '';
  for (const item of Array.isArray(response?.output) ? response.output : []) {
    if (item?.type === 'message') text += contentText(item.content);
  }
  return text;
}

function inputContent(item: any): string {
  return contentText(item?.content) || (typeof item?.output === 'string' ? item.output : '');
}
