/** Small readers shared by the usage converters: provider objects are untrusted, never throw on them. */

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A token count: a non-negative whole number, else `undefined` (absent, null, negative, text, NaN). */
export function tokenCount(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

/** A nested count such as `prompt_tokens_details.cached_tokens`. */
export function nestedCount(obj: Record<string, unknown>, key: string, field: string): number | undefined {
  const inner = obj[key];
  return isObject(inner) ? tokenCount(inner[field]) : undefined;
}

/**
 * The usage object itself, or the one inside a response / stream event that carries it under `key`
 * (`{usage: {...}}`, Anthropic `{type: 'message_start', message: {usage}}`, Gemini `{usageMetadata}`).
 */
export function findUsage(
  raw: unknown,
  key: string,
  isUsage: (o: Record<string, unknown>) => boolean,
): Record<string, unknown> | undefined {
  if (!isObject(raw)) return undefined;
  if (isUsage(raw)) return raw;
  const direct = raw[key];
  if (isObject(direct)) return direct;
  const message = raw.message ?? raw.response;
  if (isObject(message) && isObject(message[key])) return message[key] as Record<string, unknown>;
  return undefined;
}

/** Drops the optional fields that are zero or unknown, so results compare cleanly. */
export function withOptional<T extends object>(base: T, optional: Record<string, number | undefined>): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined && v > 0) out[k] = v;
  return out as T;
}
