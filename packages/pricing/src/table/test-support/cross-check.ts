import type { PriceEntry } from '../../types.js';

/** One price that differs from a reference by more than the tolerance. */
export interface Difference {
  /** `reviewed` key that allows it: `<reference>:<provider of the reference row>`. */
  reviewKey: string;
  /** Our row, `provider:model`. */
  row: string;
  text: string;
}

export const TOLERANCE = 0.01;

export function differs(ours: number, theirs: number): boolean {
  if (ours === theirs) return false;
  return Math.abs(ours - theirs) > TOLERANCE * Math.max(Math.abs(theirs), Math.abs(ours));
}

export const pct = (ours: number, theirs: number) =>
  theirs === 0 ? 'theirs 0' : `${ours > theirs ? '+' : ''}${(((ours - theirs) / theirs) * 100).toFixed(1)}%`;

export const label = (e: Pick<PriceEntry, 'provider' | 'model'>) => `${e.provider}:${e.model}`;

/**
 * Splits the differences into those a row's `reviewed` field allows and those it does not, and lists the
 * reviews that no longer match any difference (the prices agree again: drop the review).
 */
export function judge(
  differences: readonly Difference[],
  rows: readonly Readonly<PriceEntry>[],
  reference: string,
): { unreviewed: string[]; stale: string[] } {
  const byRow = new Map(rows.map((r) => [label(r), r]));
  const used = new Set<string>();
  const unreviewed: string[] = [];
  for (const d of differences) {
    const reason = byRow.get(d.row)?.reviewed?.[d.reviewKey];
    if (reason) used.add(`${d.row} ${d.reviewKey}`);
    else unreviewed.push(`${d.row} [${d.reviewKey}] ${d.text}`);
  }
  const stale: string[] = [];
  for (const r of rows) {
    for (const key of Object.keys(r.reviewed ?? {})) {
      if (key.startsWith(`${reference}:`) && !used.has(`${label(r)} ${key}`))
        stale.push(`${label(r)} ${key}`);
    }
  }
  return { unreviewed: [...new Set(unreviewed)].sort(), stale: stale.sort() };
}
