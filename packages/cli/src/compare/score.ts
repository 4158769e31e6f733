import type { CompareCase } from './dataset.js';

/**
 * Whether a reply answers the case: `expected` must equal the trimmed reply; each `contains` substring must
 * occur in it, ignoring case. `undefined` for a case with neither (run and costed, not scored).
 */
export function scoreReply(c: CompareCase, reply: string): boolean | undefined {
  if (c.expected === undefined && c.contains === undefined) return undefined;
  const text = reply.trim();
  if (c.expected !== undefined && text !== c.expected.trim()) return false;
  const lower = text.toLowerCase();
  return (c.contains ?? []).every((s) => lower.includes(s.toLowerCase()));
}
