import type { Attributes } from '@opentelemetry/api';
import { messagesAdapter } from '../anthropic/messages-adapter.js';
import type { BudgetChange, OperationAdapter, ResponseState } from '../core/types.js';
import { ATTR } from '../recorder/attributes.js';
import { convertBedrockInvocationMetrics } from '../recorder/pricing-port.js';
import { converseAdapter } from './converse-adapter.js';
import {
  cohereEmbedBodyAdapter,
  llamaBodyAdapter,
  otherBodyAdapter,
  titanEmbedBodyAdapter,
  titanTextBodyAdapter,
} from './invoke-bodies.js';

// InvokeModel and InvokeModelWithResponseStream: `{modelId, body}` where the body is the model vendor's own JSON
// (a string or bytes), the response `body` bytes of the same vendor's format, a stream of `{chunk: {bytes}}` events
// each holding one vendor stream event, the last with `amazon-bedrock-invocationMetrics`.
// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html

const decoder = new TextDecoder();
const bodies = new WeakMap<object, any>();

function parse(bytes: unknown): any {
  if (typeof bytes === 'string') return JSON.parse(bytes);
  if (bytes instanceof Uint8Array) return JSON.parse(decoder.decode(bytes));
  return undefined;
}

/** The request body of an InvokeModel input, parsed once per call (undefined for a stream or Blob body). */
export function requestBody(input: any): any {
  let body = bodies.get(input);
  if (body === undefined) {
    body = parse(input.body) ?? null;
    bodies.set(input, body);
  }
  return body ?? {};
}

/** `arn:...:inference-profile/us.anthropic.claude-...` -> `anthropic.claude-...` (lower case). */
function foundationModel(modelId: unknown): string {
  const id = String(modelId).toLowerCase();
  return id.slice(id.lastIndexOf('/') + 1).replace(/^(?:us|us-gov|eu|apac|ap|jp|au|ca|global)\./, '');
}

/**
 * Which vendor format the body is, by its shape first (an application inference profile ARN names no model), then
 * by the model id: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters.html
 */
function bodyAdapter(input: any): OperationAdapter {
  const body = requestBody(input);
  const id = foundationModel(input.modelId);
  if (body.anthropic_version !== undefined || id.startsWith('anthropic.')) return messagesAdapter;
  if (body.schemaVersion === 'messages-v1' || id.startsWith('amazon.nova')) return converseAdapter;
  if (body.max_gen_len !== undefined || id.startsWith('meta.llama')) return llamaBodyAdapter;
  if (body.textGenerationConfig !== undefined || id.startsWith('amazon.titan-text'))
    return titanTextBodyAdapter;
  if (id.startsWith('amazon.titan-embed') || typeof body.inputText === 'string') return titanEmbedBodyAdapter;
  if (id.startsWith('cohere.embed') || Array.isArray(body.texts)) return cohereEmbedBodyAdapter;
  return otherBodyAdapter;
}

function envelope(inner: OperationAdapter, stream: boolean): OperationAdapter {
  return {
    operation: inner.operation,
    model: (input) => String(input.modelId),
    isStream: () => stream,
    maxOutputTokens: (input) => inner.maxOutputTokens(requestBody(input)),
    maxOutputTokensParam: (input) => inner.maxOutputTokensParam?.(requestBody(input)),
    requestAttributes(input, attrs: Attributes) {
      inner.requestAttributes(requestBody(input), attrs);
      if (inner.operation !== 'embeddings') attrs[ATTR.requestStream] = stream;
    },
    inputText: (input) => inner.inputText(requestBody(input)),
    countInputTokens: (input, model) => inner.countInputTokens(requestBody(input), model),
    // A copy of the input: another model id, and a new body only when max tokens change.
    applyBudget(input, change: BudgetChange) {
      const copy = { ...input };
      if (change.model !== undefined) copy.modelId = change.model;
      if (change.maxOutputTokens !== undefined) {
        copy.body = JSON.stringify(
          inner.applyBudget(requestBody(input), { maxOutputTokens: change.maxOutputTokens }),
        );
      }
      return copy;
    },
    readResult(output, state, capture) {
      const body = parse(output?.body);
      if (body !== undefined) inner.readResult(body, state, capture);
    },
    readChunk(event: any, state: ResponseState) {
      const chunk = parse(event?.chunk?.bytes);
      if (chunk === undefined || chunk === null) return;
      inner.readChunk(chunk, state);
      // Every model's last chunk: Bedrock's own count, the usage when the vendor's events had none.
      const metrics = chunk['amazon-bedrock-invocationMetrics'];
      if (metrics !== undefined && state.usage === undefined)
        state.usage = convertBedrockInvocationMetrics(metrics);
    },
    inputMessages: (input) => inner.inputMessages(requestBody(input)),
  };
}

const invokeAdapters = new Map<OperationAdapter, OperationAdapter>();
const streamAdapters = new Map<OperationAdapter, OperationAdapter>();
for (const inner of [
  messagesAdapter,
  converseAdapter,
  llamaBodyAdapter,
  titanTextBodyAdapter,
  titanEmbedBodyAdapter,
  cohereEmbedBodyAdapter,
  otherBodyAdapter,
]) {
  invokeAdapters.set(inner, envelope(inner, false));
  streamAdapters.set(inner, envelope(inner, true));
}

/** The adapter of an InvokeModel call, by its body's vendor format. */
export const invokeAdapterFor = (input: any): OperationAdapter | undefined =>
  invokeAdapters.get(bodyAdapter(input));

/** The adapter of an InvokeModelWithResponseStream call, by its body's vendor format. */
export const invokeStreamAdapterFor = (input: any): OperationAdapter | undefined =>
  streamAdapters.get(bodyAdapter(input));
