import type { BudgetChange, GenAiMessage, OperationAdapter, ResponseState } from '../core/types.js';
import { contentText, textMessage } from '../recorder/content.js';
import { convertOpenAIChatUsage, countMessageTokens, readOpenRouterCost } from '../recorder/pricing-port.js';
import {
  chatMaxTokens,
  chatMaxTokensParam,
  chatRequestAttributes,
  readOpenAIServiceFields,
} from './request-attributes.js';

/** `chat.completions.create` (https://platform.openai.com/docs/api-reference/chat/create), streaming or not. */
export const chatAdapter: OperationAdapter = {
  operation: 'chat',
  model: (params) => String(params.model),
  isStream: (params) => params.stream === true,
  maxOutputTokens: chatMaxTokens,
  maxOutputTokensParam: chatMaxTokensParam,
  requestAttributes: chatRequestAttributes,

  inputText(params) {
    return JSON.stringify([params.messages, params.tools ?? null]);
  },

  countInputTokens(params, model) {
    const messages = Array.isArray(params.messages) ? params.messages : [];
    const tools = Array.isArray(params.tools) ? params.tools : undefined;
    return countMessageTokens(messages, model, tools ? { tools } : {}).tokens;
  },

  applyBudget(body, change: BudgetChange) {
    const copy = { ...body };
    if (change.model !== undefined) copy.model = change.model;
    if (change.maxOutputTokens !== undefined) {
      // Clamp whichever limit the request uses; o-series and gpt-5 models reject `max_tokens`.
      if (copy.max_tokens !== undefined && copy.max_completion_tokens === undefined)
        copy.max_tokens = change.maxOutputTokens;
      else copy.max_completion_tokens = change.maxOutputTokens;
    }
    return copy;
  },

  // The usage chunk has empty `choices`: a consumer reading `chunk.choices[0]` unguarded breaks on it, so this
  // is opt-in (`injectStreamUsage`). https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options
  withStreamUsage(params) {
    if (params.stream_options?.include_usage === true) return undefined;
    return { ...params, stream_options: { ...params.stream_options, include_usage: true } };
  },

  readResult(result, state, capture) {
    if (result === null || typeof result !== 'object') return;
    if (typeof result.id === 'string') state.responseId = result.id;
    if (typeof result.model === 'string') state.responseModel = result.model;
    readOpenAIServiceFields(result, state);
    const choices: any[] = Array.isArray(result.choices) ? result.choices : [];
    state.finishReasons = choices.map((c) => String(c?.finish_reason));
    state.usage = convertOpenAIChatUsage(result.usage);
    state.reportedCostUsd = readOpenRouterCost(result.usage);
    // No readable usage (a proxy stripped it, or sent strings): keep the text so the recorder can estimate.
    if (state.usage === undefined) state.text = choices.map((c) => contentText(c?.message?.content));
    if (capture) {
      state.outputMessages = choices.map((c) =>
        textMessage(
          c?.message?.role ?? 'assistant',
          contentText(c?.message?.content),
          c?.finish_reason ?? undefined,
        ),
      );
    }
  },

  readChunk(chunk: any, state: ResponseState) {
    if (chunk === null || typeof chunk !== 'object') return;
    if (state.responseId === undefined && chunk.id) state.responseId = chunk.id;
    if (state.responseModel === undefined && chunk.model) state.responseModel = chunk.model;
    if (state.serviceTier === undefined || state.systemFingerprint === undefined)
      readOpenAIServiceFields(chunk, state);
    const choices = chunk.choices;
    if (Array.isArray(choices)) {
      for (const choice of choices) {
        const index = typeof choice?.index === 'number' ? choice.index : 0;
        if (choice.finish_reason && state.finishReasons[index] === undefined) {
          state.finishReasons[index] = choice.finish_reason;
        }
        const delta = choice.delta;
        if (!delta) continue;
        let piece = typeof delta.content === 'string' ? delta.content : '';
        if (typeof delta.refusal === 'string') piece += delta.refusal;
        if (Array.isArray(delta.tool_calls)) {
          for (const call of delta.tool_calls) {
            if (typeof call?.function?.name === 'string') piece += call.function.name;
            if (typeof call?.function?.arguments === 'string') piece += call.function.arguments;
          }
        }
        if (piece) state.text[index] = (state.text[index] ?? '') + piece;
      }
    }
    if (chunk.usage) {
      state.usage = convertOpenAIChatUsage(chunk.usage);
      state.reportedCostUsd = readOpenRouterCost(chunk.usage);
    }
  },

  inputMessages(params): GenAiMessage[] {
    const messages: any[] = Array.isArray(params.messages) ? params.messages : [];
    return messages.map((m) => textMessage(String(m?.role), contentText(m?.content)));
  },
};
