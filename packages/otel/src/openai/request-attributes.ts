import type { Attributes } from '@opentelemetry/api';
import { ATTR } from '../recorder/attributes.js';

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Sampling attributes shared by the OpenAI operations, with the same rules as @opentelemetry/instrumentation-openai. */
export function samplingAttributes(params: any, attrs: Attributes): void {
  if (params.temperature != null) attrs[ATTR.requestTemperature] = params.temperature;
  if (params.top_p != null) attrs[ATTR.requestTopP] = params.top_p;
}

export function chatRequestAttributes(params: any, attrs: Attributes): void {
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
