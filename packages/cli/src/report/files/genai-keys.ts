import { pricing } from '../../cjs.js';

// The report's view of the one list of GenAI span attribute names (GENAI_SPAN_KEYS of @llmcost/pricing, which
// CostSpanProcessor and the collector's cost transform read too): each name's field and rank (0 = the most
// authoritative). A span that carries two names of one field keeps the better-ranked value, whatever their order.

/** SpanFields members filled from GENAI_SPAN_KEYS, in the order of their rank slots. */
export const RANKED_FIELDS = [
  'input',
  'output',
  'cacheRead',
  'cacheWrite',
  'reasoning',
  'requestModel',
  'responseModel',
  'provider',
  'finish',
] as const;
export type RankedField = (typeof RANKED_FIELDS)[number];

const SOURCE: Record<RankedField, keyof typeof pricing.GENAI_SPAN_KEYS> = {
  input: 'inputTokens',
  output: 'outputTokens',
  cacheRead: 'cacheReadInputTokens',
  cacheWrite: 'cacheCreationInputTokens',
  reasoning: 'reasoningOutputTokens',
  requestModel: 'requestModel',
  responseModel: 'responseModel',
  provider: 'provider',
  finish: 'finishReasons',
};

/** Token counts: any of their names makes the span an LLM call. */
export const TOKEN_SLOTS = 5;

export interface RankedKey {
  slot: number;
  rank: number;
}

/** Attribute name -> its field slot and rank. */
export const RANKED_KEYS: ReadonlyMap<string, RankedKey> = new Map(
  RANKED_FIELDS.flatMap((field, slot) =>
    pricing.GENAI_SPAN_KEYS[SOURCE[field]].map((key, rank) => [key, { slot, rank }] as const),
  ),
);

/** The names that say which operation a span is (`gen_ai.operation.name`, OpenInference's span kind, ...). */
export const OPERATION_KEYS: readonly string[] = pricing.GENAI_SPAN_KEYS.operation;

/** Whether an operation attribute's value names a model call (an OpenInference CHAIN span does not). */
export function isCallOperation(key: string, value: string | undefined): boolean {
  // semconv's own name marks a GenAI span whatever its value, as it always has here.
  if (key === 'gen_ai.operation.name') return true;
  return value !== undefined && pricing.genAiOperationOf(key, value) !== undefined;
}
