import type { Attributes } from '@opentelemetry/api';
import type { BudgetChange, GenAiMessage, OperationAdapter, ResponseState } from '../core/types.js';
import { ATTR } from '../recorder/attributes.js';
import { contentText, textMessage } from '../recorder/content.js';
import { convertAnthropicUsage, countMessageTokens, mergeAnthropicUsage } from '../recorder/pricing-port.js';

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** `messages.create` and `beta.messages.create` (https://docs.anthropic.com/en/api/messages). */
export const messagesAdapter: OperationAdapter = {
  operation: 'chat',
  model: (params) => String(params.model),
  isStream: (params) => params.stream === true,
  maxOutputTokens: (params) => (isNumber(params.max_tokens) ? params.max_tokens : undefined),
  maxOutputTokensParam: (params) => params.max_tokens,

  requestAttributes(params, attrs: Attributes) {
    attrs[ATTR.requestStream] = params.stream === true;
    if (isNumber(params.max_tokens)) attrs[ATTR.requestMaxTokens] = params.max_tokens;
    if (params.temperature != null) attrs[ATTR.requestTemperature] = params.temperature;
    if (params.top_p != null) attrs[ATTR.requestTopP] = params.top_p;
    if (params.top_k != null) attrs[ATTR.requestTopK] = params.top_k;
    if (Array.isArray(params.stop_sequences)) attrs[ATTR.requestStopSequences] = params.stop_sequences;
    // Structured outputs: `output_format` (beta), `output_config.format` (GA), type json_schema.
    // https://docs.claude.com/en/docs/build-with-claude/structured-outputs
    const format = params.output_config?.format ?? params.output_format;
    if (format?.type === 'json_schema') attrs[ATTR.outputType] = 'json';
  },

  inputText(params) {
    return JSON.stringify([params.system ?? null, params.messages, params.tools ?? null]);
  },

  countInputTokens(params, model) {
    const messages = Array.isArray(params.messages) ? params.messages : [];
    const options: { tools?: unknown[]; system?: string | unknown[] } = {};
    if (Array.isArray(params.tools)) options.tools = params.tools;
    if (typeof params.system === 'string' || Array.isArray(params.system)) options.system = params.system;
    return countMessageTokens(messages, model, options).tokens;
  },

  applyBudget(body, change: BudgetChange) {
    const copy = { ...body };
    if (change.model !== undefined) copy.model = change.model;
    if (change.maxOutputTokens !== undefined) copy.max_tokens = change.maxOutputTokens;
    return copy;
  },

  readResult(result, state, capture) {
    if (result === null || typeof result !== 'object') return;
    if (typeof result.id === 'string') state.responseId = result.id;
    if (typeof result.model === 'string') state.responseModel = result.model;
    if (typeof result.stop_reason === 'string') state.finishReasons = [result.stop_reason];
    state.usage = convertAnthropicUsage(result.usage);
    if (state.usage === undefined) state.text = [contentText(result.content)];
    if (capture)
      state.outputMessages = [textMessage('assistant', contentText(result.content), state.finishReasons[0])];
  },

  // Stream events: https://docs.anthropic.com/en/docs/build-with-claude/streaming
  // `message_start` carries the input side of usage; `message_delta` the cumulative output (and, in newer API
  // versions, updated input counts), so usage is complete only at `message_delta`.
  readChunk(event: any, state: ResponseState & { startUsage?: Record<string, unknown> }) {
    switch (event?.type) {
      case 'message_start': {
        const message = event.message;
        if (typeof message?.id === 'string') state.responseId = message.id;
        if (typeof message?.model === 'string') state.responseModel = message.model;
        if (message?.usage && typeof message.usage === 'object') {
          state.startUsage = message.usage;
          state.inputUsage = convertAnthropicUsage({ ...message.usage, output_tokens: 0 });
        }
        break;
      }
      case 'content_block_start': {
        const block = event.content_block;
        if (block?.type === 'tool_use' && typeof block.name === 'string') appendText(state, block.name);
        break;
      }
      case 'content_block_delta': {
        const delta = event.delta;
        const piece = delta?.text ?? delta?.partial_json ?? delta?.thinking;
        if (typeof piece === 'string') appendText(state, piece);
        break;
      }
      case 'message_delta': {
        if (typeof event.delta?.stop_reason === 'string') state.finishReasons = [event.delta.stop_reason];
        if (event.usage && typeof event.usage === 'object')
          state.usage = mergeAnthropicUsage(state.startUsage, event.usage);
        break;
      }
    }
  },

  inputMessages(params): GenAiMessage[] {
    const out: GenAiMessage[] = [];
    if (params.system != null) out.push(textMessage('system', contentText(params.system)));
    const messages: any[] = Array.isArray(params.messages) ? params.messages : [];
    for (const m of messages) out.push(textMessage(String(m?.role), contentText(m?.content)));
    return out;
  },
};

function appendText(state: ResponseState, piece: string): void {
  state.text[0] = (state.text[0] ?? '') + piece;
}
