import { createHmac } from 'node:crypto';
import { type Baggage, type Context, context, createContextKey, propagation } from '@opentelemetry/api';

/** Who and what an LLM call is for. Set with `withLlmContext`, or received as W3C baggage. */
export interface LlmContext {
  feature?: string;
  userId?: string;
  /** A user pseudonym received from an upstream service that hashes user ids (baggage `user.hash`). */
  userHash?: string;
  sessionId?: string;
  tier?: string;
}

/** Baggage keys read for attribution (public contract, see DESIGN.md). */
export const BAGGAGE_KEYS = {
  feature: 'llmcost.feature',
  userId: 'user.id',
  userHash: 'user.hash',
  sessionId: 'session.id',
  tier: 'llmcost.tier',
} as const satisfies Record<keyof LlmContext, string>;

/** The keys a budget may be told to trust from incoming baggage (LLMCOST_BUDGET_TRUSTED_BAGGAGE). */
export const ATTRIBUTION_BAGGAGE_KEYS = ['user.id', 'user.hash', 'llmcost.feature', 'llmcost.tier'] as const;

const FIELDS = Object.entries(BAGGAGE_KEYS) as [keyof LlmContext, string][];

// Baggage arrives from other services: treat it as untrusted. Values longer than this or carrying control or
// format characters are dropped, not truncated, so a hostile header cannot forge a plausible id. Format
// characters (\p{Cf}) include the bidirectional overrides (U+202A-U+202E, U+2066-U+2069) and zero-width ones
// that make two different ids look the same in a dashboard or a log.
const MAX_VALUE_LENGTH = 128;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]/u;

export function sanitizeAttributionValue(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_VALUE_LENGTH || UNSAFE_CHARS.test(trimmed))
    return undefined;
  return trimmed;
}

/** What `withLlmContext` set in this process: trusted, unlike baggage that may have come from a client. */
const LOCAL_ATTRIBUTION = createContextKey('llmcost.local-attribution');

/**
 * Runs `fn` with the given attribution in the active OTel context and in W3C baggage, so LLM calls made
 * inside `fn` (and your own downstream services, see `propagateBaggageTo`) carry the feature and user.
 * Fields left undefined keep the value from the enclosing context or incoming baggage.
 */
export function withLlmContext<T>(attribution: LlmContext, fn: () => T): T {
  const active = context.active();
  let baggage: Baggage = propagation.getBaggage(active) ?? propagation.createBaggage();
  const local: LlmContext = { ...(active.getValue(LOCAL_ATTRIBUTION) as LlmContext | undefined) };
  for (const [field, key] of FIELDS) {
    const value = sanitizeAttributionValue(attribution[field]);
    if (value === undefined) continue;
    baggage = baggage.setEntry(key, { value });
    local[field] = value;
  }
  // A user id set here replaces a pseudonym received from upstream (and the other way round).
  if (attribution.userId !== undefined && local.userId !== undefined) {
    baggage = baggage.removeEntry(BAGGAGE_KEYS.userHash);
    delete local.userHash;
  } else if (attribution.userHash !== undefined && local.userHash !== undefined) {
    baggage = baggage.removeEntry(BAGGAGE_KEYS.userId);
    delete local.userId;
  }
  const ctx = propagation.setBaggage(active, baggage).setValue(LOCAL_ATTRIBUTION, Object.freeze(local));
  return context.with(ctx, fn);
}

/** The attribution in effect in `ctx` (default: the active context), sanitised: baggage, whoever set it. */
export function getLlmContext(ctx: Context = context.active()): LlmContext {
  const baggage = propagation.getBaggage(ctx);
  const out: LlmContext = {};
  if (!baggage) return out;
  for (const [field, key] of FIELDS) {
    const value = sanitizeAttributionValue(baggage.getEntry(key)?.value);
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/**
 * The attribution a budget may rely on: what `withLlmContext` set in this process, plus the baggage keys listed
 * in `trustedKeys` (baggage may come from any client). A key set locally wins over baggage.
 */
export function getTrustedLlmContext(ctx: Context, trustedKeys: readonly string[] | undefined): LlmContext {
  const local = ctx.getValue(LOCAL_ATTRIBUTION) as LlmContext | undefined;
  const out: LlmContext = { ...local };
  if (trustedKeys === undefined || trustedKeys.length === 0) return out;
  const fromBaggage = getLlmContext(ctx);
  for (const [field, key] of FIELDS) {
    if (out[field] === undefined && fromBaggage[field] !== undefined && trustedKeys.includes(key)) {
      out[field] = fromBaggage[field];
    }
  }
  // One user identity: a local id or pseudonym is not mixed with the other form from baggage.
  if (local?.userId !== undefined || local?.userHash !== undefined) {
    if (local.userId === undefined) delete out.userId;
    if (local.userHash === undefined) delete out.userHash;
  }
  return out;
}

/** Keyed pseudonym of a user id: stable per key, not reversible without it. */
export function hashUserId(userId: string, key: string): string {
  return createHmac('sha256', key).update(userId).digest('hex').slice(0, 32);
}

/**
 * The user as telemetry and budget keys may show it: the id, its keyed hash when `hashKey` is set, or a
 * pseudonym received from upstream as is. `hashed` says which attribute it belongs in (`user.hash` or `user.id`).
 */
export function userLabelOf(
  attribution: LlmContext,
  hashKey: string | undefined,
): { label: string; hashed: boolean } | undefined {
  if (attribution.userId !== undefined) {
    return hashKey
      ? { label: hashUserId(attribution.userId, hashKey), hashed: true }
      : { label: attribution.userId, hashed: false };
  }
  if (attribution.userHash !== undefined) return { label: attribution.userHash, hashed: true };
  return undefined;
}
