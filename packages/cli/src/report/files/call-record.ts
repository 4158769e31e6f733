/** How a call's cost is known; `none` = a failed call that reported no usage (nothing billed, no cost). */
export type CallPricing = 'priced' | 'estimated' | 'unpriced' | 'none';

/**
 * One LLM call read from a span: what the aggregation needs and nothing else, so a 1 MB export request
 * becomes a handful of small objects.
 */
export interface CallRecord {
  /** Span end time, ms since the epoch: the call belongs to the hour its cost was incurred. */
  endMs: number;
  feature: string | undefined;
  /** `user.id`, or `user.hash` when the app pseudonymises users. */
  user: string | undefined;
  tier: string | undefined;
  model: string | undefined;
  pricing: CallPricing;
  /** USD; 0 unless `pricing` is `priced` or `estimated`. */
  costUsd: number;
  /** The span carried token usage (`gen_ai.usage.input_tokens` or `output_tokens`). */
  hasUsage: boolean;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  /** What the cache-read input would have cost at the uncached input rate, minus what it cost. */
  cacheSavingsUsd: number;
  /** Distinct finish reasons of the call's choices. */
  finishReasons: readonly string[];
  error: boolean;
  /** Priced by this report from the span's tokens (another instrumentation's span with no cost). */
  pricedHere: boolean;
  /** `llmcost.pricing.version` on the span, if any. */
  pricingVersion: string | undefined;
  /** `traceId/gen_ai.response.id`: the same call seen twice (e.g. an SDK's own span nested in ours). */
  dedupeKey: string | undefined;
  /** Made by llmcost's instrumentation (scope `@llmcost/...`): preferred over another span of the same call. */
  own: boolean;
  /** Fingerprint of (traceId, spanId) (span-identity.ts); `hasId` is false for a span without both ids. */
  hasId: boolean;
  idHi: number;
  idLo: number;
  /** Fingerprint of (traceId, parentSpanId), equal to the parent span's own; `hasParent` is false for a root. */
  hasParent: boolean;
  parentHi: number;
  parentLo: number;
  /** What is wrong with the span's figures (a token count or cost that cannot be right), for the warnings;
   * prefixed with `file:line` by the reader. */
  issue: string | undefined;
}

/** The ids of the span being read, as fingerprints: filled by the scanners, copied into the call record. */
export interface SpanIds {
  hasId: boolean;
  idHi: number;
  idLo: number;
  hasParent: boolean;
  parentHi: number;
  parentLo: number;
}

export function noSpanIds(): SpanIds {
  return { hasId: false, idHi: 0, idLo: 0, hasParent: false, parentHi: 0, parentLo: 0 };
}

/** Finish reasons that mean the output stopped on the token limit (OpenAI `length`, Anthropic `max_tokens`,
 * OpenAI Responses `max_output_tokens`). */
export const TRUNCATION_REASONS: ReadonlySet<string> = new Set(['length', 'max_tokens', 'max_output_tokens']);
