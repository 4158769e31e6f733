import type { Attributes } from '@opentelemetry/api';
import type { ResponseState } from '../core/types.js';
import { ATTR } from '../recorder/attributes.js';

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Sampling attributes shared by the OpenAI operations, with the same rules as @opentelemetry/instrumentation-openai. */
export function samplingAttributes(params: any, attrs: Attributes): void {
  if (params.temperature != null) attrs[ATTR.requestTemperature] = params.temperature;
  if (params.top_p != null) attrs[ATTR.requestTopP] = params.top_p;
}

/**
 * What semconv's OpenAI spans add (v1.41.1 docs/gen-ai/openai.md): `openai.api.type`, `openai.request.service_tier`
 * when asked for and not `auto`, `gen_ai.output.type` when the request sets an output format.
 */
export function openaiRequestAttributes(
  apiType: 'chat_completions' | 'responses',
  params: any,
  format: unknown,
  attrs: Attributes,
): void {
  attrs[ATTR.openaiApiType] = apiType;
  const tier = params.service_tier;
  if (typeof tier === 'string' && tier !== '' && tier !== 'auto') attrs[ATTR.openaiRequestServiceTier] = tier;
  const outputType = outputTypeOf(format);
  if (outputType !== undefined) attrs[ATTR.outputType] = outputType;
}

/** `response_format.type` (chat) or `text.format.type` (responses): `json_object` and `json_schema` are semconv's
 * `json`, `text` its `text`. */
function outputTypeOf(format: unknown): string | undefined {
  const type = (format as { type?: unknown } | null | undefined)?.type;
  if (type === 'json_object' || type === 'json_schema') return 'json';
  if (type === 'text') return 'text';
  return undefined;
}

/** The tier and fingerprint a response or chunk reports (the tier that served the call is its price). */
export function readOpenAIServiceFields(body: any, state: ResponseState): void {
  if (typeof body.service_tier === 'string' && body.service_tier !== '')
    state.serviceTier = body.service_tier;
  if (typeof body.system_fingerprint === 'string' && body.system_fingerprint !== '')
    state.systemFingerprint = body.system_fingerprint;
}

export function chatRequestAttributes(params: any, attrs: Attributes): void {
  openaiRequestAttributes('chat_completions', params, params.response_format, attrs);
  attrs[ATTR.requestStream] = params.stream === true;
  if (params.frequency_penalty != null) attrs[ATTR.requestFrequencyPenalty] = params.frequency_penalty;
  const maxTokens = chatMaxTokens(params);
  if (maxTokens !== undefined) attrs[ATTR.requestMaxTokens] = maxTokens;
  if (isNumber(params.presence_penalty)) attrs[ATTR.requestPresencePenalty] = params.presence_penalty;
  if (params.stop != null)
    attrs[ATTR.requestStopSequences] = Array.isArray(params.stop) ? params.stop : [params.stop];
  if (isNumber(params.seed)) attrs[ATTR.requestSeed] = params.seed;
  if (isNumber(params.n) && params.n !== 1) attrs[ATTR.requestChoiceCount] = params.n;
  samplingAttributes(params, attrs);
}

/** The output limit as the request gives it, read or not (`max_completion_tokens` first, as below). */
export function chatMaxTokensParam(params: any): unknown {
  return params.max_completion_tokens ?? params.max_tokens;
}

/** `max_completion_tokens` replaced the deprecated `max_tokens`; the newer one wins when both are set. */
export function chatMaxTokens(params: any): number | undefined {
  if (isNumber(params.max_completion_tokens)) return params.max_completion_tokens;
  if (isNumber(params.max_tokens)) return params.max_tokens;
  return undefined;
}
