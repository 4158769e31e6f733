/**
 * OpenRouter's charged cost from a Chat Completions `usage` object (or the response / last stream chunk that
 * carries it): `usage.cost`, in credits, one credit being one US dollar. It is what the call was billed, whichever
 * upstream provider served it (and with the BYOK fee, when the key is the user's own).
 * https://openrouter.ai/docs/use-cases/usage-accounting
 * `undefined` when absent or not a finite non-negative number. Pure, never throws.
 */
export function readOpenRouterCost(raw: unknown): number | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const usage = (raw as { usage?: unknown }).usage ?? raw;
  if (usage === null || typeof usage !== 'object') return undefined;
  const cost = (usage as { cost?: unknown }).cost;
  return typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 ? cost : undefined;
}
