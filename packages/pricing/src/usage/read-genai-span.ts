import { normaliseProvider } from '../table/provider-name.js';
import type { Usage } from '../types.js';
import {
  GENAI_SPAN_KEYS,
  type GenAiSpanField,
  genAiOperationOf,
  INPUT_EXCLUDES_CACHE_SCOPES,
} from './genai-span-keys.js';

/** A GenAI span's call in neutral form, as GENAI_SPAN_KEYS names its attributes. */
export interface GenAiSpanCall {
  /** Normalised (`openai.chat` -> `openai`); undefined when the span names none. */
  provider: string | undefined;
  /** Semconv operation name (`chat`, `embeddings`, ...), from whichever convention the span follows. */
  operation: string | undefined;
  requestModel: string | undefined;
  responseModel: string | undefined;
  /** Finish reasons of the call's choices (a string attribute is one reason); empty when none is named. */
  finishReasons: string[];
  /** The model to price: the response model (a dated snapshot is the most precise), else the request model. */
  model: string;
  usage: Usage;
}

type Attributes = Readonly<Record<string, unknown>>;

const count = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const reasons = (v: unknown): string[] | undefined => {
  if (typeof v === 'string') return v === '' ? undefined : [v];
  if (!Array.isArray(v)) return undefined;
  const out = v.filter((r): r is string => typeof r === 'string' && r !== '');
  return out.length > 0 ? out : undefined;
};

/** The first usable value of a field, in GENAI_SPAN_KEYS order. */
function first<T>(attributes: Attributes, field: GenAiSpanField, read: (v: unknown) => T | undefined) {
  for (const key of GENAI_SPAN_KEYS[field]) {
    const value = read(attributes[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The operation of a span, whichever convention names it (genAiOperationOf). */
export function readGenAiOperation(attributes: Attributes): string | undefined {
  for (const key of GENAI_SPAN_KEYS.operation) {
    const value = text(attributes[key]);
    const operation = value === undefined ? undefined : genAiOperationOf(key, value);
    if (operation !== undefined) return operation;
  }
  return undefined;
}

/**
 * The model, provider and token usage of a span, or undefined when it reports no token usage or no model.
 * `scope` is the span's instrumentation scope name (some scopes count input without cached input).
 */
export function readGenAiSpan(attributes: Attributes, scope?: string): GenAiSpanCall | undefined {
  const inputTokens = first(attributes, 'inputTokens', count);
  const outputTokens = first(attributes, 'outputTokens', count);
  if (inputTokens === undefined && outputTokens === undefined) return undefined;
  const responseModel = first(attributes, 'responseModel', text);
  const requestModel = first(attributes, 'requestModel', text);
  const model = responseModel ?? requestModel;
  if (model === undefined) return undefined;
  const rawProvider = first(attributes, 'provider', text);

  const usage: Usage = { inputTokens: inputTokens ?? 0, outputTokens: outputTokens ?? 0 };
  const cacheRead = first(attributes, 'cacheReadInputTokens', count);
  const cacheWrite = first(attributes, 'cacheCreationInputTokens', count);
  const reasoning = first(attributes, 'reasoningOutputTokens', count);
  if (cacheRead !== undefined) usage.cacheReadInputTokens = cacheRead;
  if (cacheWrite !== undefined) usage.cacheCreationInputTokens = cacheWrite;
  if (reasoning !== undefined) usage.reasoningOutputTokens = reasoning;
  if (scope !== undefined && INPUT_EXCLUDES_CACHE_SCOPES.has(scope))
    usage.inputTokens += (cacheRead ?? 0) + (cacheWrite ?? 0);
  return {
    provider: rawProvider === undefined ? undefined : normaliseProvider(rawProvider),
    operation: readGenAiOperation(attributes),
    requestModel,
    responseModel,
    finishReasons: first(attributes, 'finishReasons', reasons) ?? [],
    model,
    usage,
  };
}
