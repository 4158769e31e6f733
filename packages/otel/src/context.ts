import { createHmac } from 'node:crypto';
import { type Baggage, type Context, context, propagation } from '@opentelemetry/api';

/** Who and what an LLM call is for. Set with `withLlmContext`, or received as W3C baggage. */
export interface LlmContext {
  feature?: string;
  userId?: string;
  sessionId?: string;
  tier?: string;
}

/** Baggage keys read for attribution (public contract, see DESIGN.md). */
export const BAGGAGE_KEYS = {
  feature: 'llmcost.feature',
  userId: 'user.id',
  sessionId: 'session.id',
  tier: 'llmcost.tier',
} as const satisfies Record<keyof LlmContext, string>;

// Baggage arrives from other services: treat it as untrusted. Values longer than this or carrying
// control characters are dropped, not truncated, so a hostile header cannot forge a plausible id.
const MAX_VALUE_LENGTH = 128;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

export function sanitizeAttributionValue(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_VALUE_LENGTH || CONTROL_CHARS.test(trimmed))
    return undefined;
  return trimmed;
}

/**
 * Runs `fn` with the given attribution in the active OTel context and in W3C baggage, so LLM calls made
 * inside `fn` (and downstream services reached over propagated HTTP) carry the feature and user.
 * Fields left undefined keep the value from the enclosing context or incoming baggage.
 */
export function withLlmContext<T>(attribution: LlmContext, fn: () => T): T {
  const active = context.active();
  let baggage: Baggage = propagation.getBaggage(active) ?? propagation.createBaggage();
  for (const [field, key] of Object.entries(BAGGAGE_KEYS) as [keyof LlmContext, string][]) {
    const value = sanitizeAttributionValue(attribution[field]);
    if (value !== undefined) baggage = baggage.setEntry(key, { value });
  }
  return context.with(propagation.setBaggage(active, baggage), fn);
}

/** The attribution in effect in `ctx` (default: the active context), sanitised. */
export function getLlmContext(ctx: Context = context.active()): LlmContext {
  const baggage = propagation.getBaggage(ctx);
  const out: LlmContext = {};
  if (!baggage) return out;
  for (const [field, key] of Object.entries(BAGGAGE_KEYS) as [keyof LlmContext, string][]) {
    const value = sanitizeAttributionValue(baggage.getEntry(key)?.value);
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** Keyed pseudonym of a user id: stable per key, not reversible without it. */
export function hashUserId(userId: string, key: string): string {
  return createHmac('sha256', key).update(userId).digest('hex').slice(0, 32);
}
