import type { Attributes } from '@opentelemetry/api';
import type { BudgetChange, OperationAdapter, ResponseState } from '../core/types.js';
import { ATTR } from '../recorder/attributes.js';
import { textMessage } from '../recorder/content.js';
import { convertBedrockBodyUsage, convertOpenAIChatUsage, countTokens } from '../recorder/pricing-port.js';

// Adapters over the PARSED body of an InvokeModel request and response, one per vendor format without a shape of
// its own elsewhere (Anthropic bodies use ../anthropic/messages-adapter.ts, Amazon Nova bodies ./converse-adapter.ts).
// The InvokeModel envelope (model id, bytes, stream chunks) is invoke-adapter.ts.

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function appendText(state: ResponseState, piece: unknown): void {
  if (typeof piece === 'string' && piece.length > 0) state.text[0] = (state.text[0] ?? '') + piece;
}

interface TextFormat {
  prompt(body: any): string;
  maxKey: string;
  config(body: any): any;
  setMax(body: any, max: number): any;
  /** Attribute names of the body's sampling fields. */
  temperature: string;
  topP: string;
  output(result: any): string;
  finish(result: any): string | undefined;
}

/** A prompt-in, text-out model: `text_completion` (its prompt is one string, the chat template applied by the app). */
function textCompletion(f: TextFormat, readChunk: OperationAdapter['readChunk']): OperationAdapter {
  return {
    operation: 'text_completion',
    model: () => '',
    isStream: () => false,
    maxOutputTokens: (body) => (isNumber(f.config(body)?.[f.maxKey]) ? f.config(body)[f.maxKey] : undefined),
    maxOutputTokensParam: (body) => f.config(body)?.[f.maxKey],
    requestAttributes(body, attrs: Attributes) {
      const c = f.config(body);
      if (c === null || typeof c !== 'object') return;
      if (isNumber(c[f.maxKey])) attrs[ATTR.requestMaxTokens] = c[f.maxKey];
      if (isNumber(c[f.temperature])) attrs[ATTR.requestTemperature] = c[f.temperature];
      if (isNumber(c[f.topP])) attrs[ATTR.requestTopP] = c[f.topP];
      if (Array.isArray(c.stopSequences)) attrs[ATTR.requestStopSequences] = c.stopSequences;
    },
    inputText: f.prompt,
    countInputTokens: (body, model) => countTokens(f.prompt(body), model).tokens,
    applyBudget: (body, change: BudgetChange) =>
      change.maxOutputTokens === undefined ? body : f.setMax(body, change.maxOutputTokens),
    readResult(result, state, capture) {
      if (result === null || typeof result !== 'object') return;
      const finish = f.finish(result);
      if (finish !== undefined) state.finishReasons = [finish];
      state.usage = convertBedrockBodyUsage(result);
      if (state.usage === undefined || capture) state.text = [f.output(result)];
      if (capture) state.outputMessages = [textMessage('assistant', state.text[0] ?? '', finish)];
    },
    readChunk,
    inputMessages: (body) => [textMessage('user', f.prompt(body))],
  };
}

/** Meta Llama: `{prompt, max_gen_len, temperature, top_p}` -> `{generation, prompt_token_count,
 * generation_token_count, stop_reason}`; stream chunks carry `generation` pieces and the prompt count on the first.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html */
export const llamaBodyAdapter = textCompletion(
  {
    prompt: (body) => str(body.prompt),
    maxKey: 'max_gen_len',
    config: (body) => body,
    setMax: (body, max) => ({ ...body, max_gen_len: max }),
    temperature: 'temperature',
    topP: 'top_p',
    output: (r) => str(r.generation),
    finish: (r) => (typeof r.stop_reason === 'string' ? r.stop_reason : undefined),
  },
  (chunk: any, state) => {
    appendText(state, chunk?.generation);
    if (isNumber(chunk?.prompt_token_count) && state.inputUsage === undefined)
      state.inputUsage = { inputTokens: chunk.prompt_token_count, outputTokens: 0 };
    if (typeof chunk?.stop_reason === 'string') state.finishReasons = [chunk.stop_reason];
  },
);

/** Amazon Titan Text: `{inputText, textGenerationConfig: {maxTokenCount, temperature, topP, stopSequences}}` ->
 * `{inputTextTokenCount, results: [{tokenCount, outputText, completionReason}]}`.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-text.html */
export const titanTextBodyAdapter = textCompletion(
  {
    prompt: (body) => str(body.inputText),
    maxKey: 'maxTokenCount',
    config: (body) => body.textGenerationConfig,
    setMax: (body, max) => ({
      ...body,
      textGenerationConfig: { ...body.textGenerationConfig, maxTokenCount: max },
    }),
    temperature: 'temperature',
    topP: 'topP',
    output: (r) => str(r.results?.[0]?.outputText),
    finish: (r) =>
      typeof r.results?.[0]?.completionReason === 'string' ? r.results[0].completionReason : undefined,
  },
  (chunk: any, state) => {
    appendText(state, chunk?.outputText);
    if (isNumber(chunk?.inputTextTokenCount) && state.inputUsage === undefined)
      state.inputUsage = { inputTokens: chunk.inputTextTokenCount, outputTokens: 0 };
    if (typeof chunk?.completionReason === 'string') state.finishReasons = [chunk.completionReason];
  },
);

function embeddings(
  text: (body: any) => string,
  dimensions: (body: any) => unknown,
  inputTokens: (result: any) => unknown,
): OperationAdapter {
  return {
    operation: 'embeddings',
    model: () => '',
    isStream: () => false,
    maxOutputTokens: () => 0,
    requestAttributes(body, attrs: Attributes) {
      const dims = dimensions(body);
      if (isNumber(dims)) attrs[ATTR.embeddingsDimensionCount] = dims;
    },
    inputText: text,
    countInputTokens: (body, model) => countTokens(text(body), model).tokens,
    applyBudget: (body) => body,
    readResult(result, state) {
      const n = inputTokens(result);
      if (isNumber(n) && Number.isSafeInteger(n) && n >= 0) state.usage = { inputTokens: n, outputTokens: 0 };
    },
    readChunk() {},
    inputMessages: () => [],
  };
}

/** Amazon Titan Text Embeddings `{inputText, dimensions?}` -> `{embedding, inputTextTokenCount}`.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html */
export const titanEmbedBodyAdapter = embeddings(
  (body) => str(body.inputText),
  (body) => body.dimensions,
  (r) => r?.inputTextTokenCount,
);

/** Cohere Embed `{texts, input_type}` -> `{embeddings, id, response_type, texts}`: the body has no token count
 * (Bedrock reports it only in response headers), so the span counts the texts locally (`estimated`).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html */
export const cohereEmbedBodyAdapter = embeddings(
  (body) => (Array.isArray(body.texts) ? body.texts.map(str).join('\n') : ''),
  () => undefined,
  (r) => r?.meta?.billed_units?.input_tokens,
);

/**
 * Any other InvokeModel body (Mistral, Cohere Command, AI21, DeepSeek, OpenAI gpt-oss, Qwen, ...): read what is
 * common to them. OpenAI-shaped bodies (`choices`, `usage.prompt_tokens`) are priced from their usage; streams from
 * Bedrock's `amazon-bedrock-invocationMetrics` on the last chunk (invoke-adapter.ts). A response with neither usage
 * nor text is left unread, so the call is `unpriced` rather than an estimate of $0.
 */
export const otherBodyAdapter: OperationAdapter = {
  operation: 'chat',
  model: () => '',
  isStream: () => false,
  maxOutputTokens: (body) => [body.max_tokens, body.max_completion_tokens].find(isNumber),
  maxOutputTokensParam: (body) => body.max_completion_tokens ?? body.max_tokens,
  requestAttributes(body, attrs: Attributes) {
    const max = [body.max_tokens, body.max_completion_tokens].find(isNumber);
    if (max !== undefined) attrs[ATTR.requestMaxTokens] = max;
    if (isNumber(body.temperature)) attrs[ATTR.requestTemperature] = body.temperature;
    if (isNumber(body.top_p)) attrs[ATTR.requestTopP] = body.top_p;
  },
  inputText: (body) => JSON.stringify(body),
  countInputTokens: (body, model) =>
    countTokens(JSON.stringify(body.messages ?? body.prompt ?? body), model).tokens,
  applyBudget(body, change: BudgetChange) {
    if (change.maxOutputTokens === undefined) return body;
    const key = isNumber(body.max_completion_tokens) ? 'max_completion_tokens' : 'max_tokens';
    return { ...body, [key]: change.maxOutputTokens };
  },
  readResult(result, state) {
    if (result === null || typeof result !== 'object') return;
    state.usage = convertOpenAIChatUsage(result);
    const text = otherText(result);
    const finish =
      result.choices?.[0]?.finish_reason ?? result.outputs?.[0]?.stop_reason ?? result.finish_reason;
    if (typeof finish === 'string') state.finishReasons = [finish];
    if (state.usage === undefined && text.length === 0) state.received = false;
    else state.text = [text];
  },
  readChunk(chunk: any, state) {
    appendText(state, chunk?.choices?.[0]?.delta?.content ?? chunk?.outputs?.[0]?.text ?? chunk?.text);
    const finish = chunk?.choices?.[0]?.finish_reason ?? chunk?.outputs?.[0]?.stop_reason;
    if (typeof finish === 'string') state.finishReasons = [finish];
  },
  inputMessages: () => [],
};

function otherText(r: any): string {
  return str(
    r.choices?.[0]?.message?.content ?? r.outputs?.[0]?.text ?? r.generation ?? r.text ?? r.completion,
  );
}
