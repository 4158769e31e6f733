/**
 * The plausibility rules for the numbers a span carries. A value that cannot be right is not used (as if the
 * attribute were absent) and never silently: the first problem of a span becomes its `issue`, which the report
 * counts and shows with `file:line`. Both scanners apply these same functions, so they agree on every value.
 */

/** More tokens than any model takes or writes in one call (the largest context windows are ~10M tokens). */
export const MAX_TOKENS_PER_CALL = 100_000_000;

/** A span cost this many times above or below its tokens' price at the table is not believed. */
export const COST_RATIO_LIMIT = 10;
/** ... unless the two differ by less than this (USD): sub-cent differences are rounding and tiny calls. */
export const COST_SLACK_USD = 0.01;

export interface IssueSink {
  issue: string | undefined;
}

function shown(n: number): string {
  return Number.isNaN(n) ? 'not a number' : String(n);
}

/** A token count (`n` is NaN when the value is not a number), or undefined when it cannot be one. */
export function checkedTokens(n: number, label: string, sink: IssueSink): number | undefined {
  if (Number.isInteger(n) && n >= 0 && n <= MAX_TOKENS_PER_CALL) return n;
  sink.issue ??= `${label} ${shown(n)} is not a token count (a whole number from 0 to 100,000,000): ignored`;
  return undefined;
}

/** `gen_ai.usage.cost` in USD, or undefined when it cannot be one. */
export function checkedCost(n: number, sink: IssueSink): number | undefined {
  if (Number.isFinite(n) && n >= 0) return n;
  sink.issue ??= `gen_ai.usage.cost ${shown(n)} is not an amount in USD: ignored`;
  return undefined;
}

/** Whether a span's cost is believable next to what its tokens cost at the price table. */
export function costIsPlausible(spanUsd: number, tableUsd: number): boolean {
  if (Math.abs(spanUsd - tableUsd) < COST_SLACK_USD) return true;
  return spanUsd <= tableUsd * COST_RATIO_LIMIT && spanUsd * COST_RATIO_LIMIT >= tableUsd;
}
