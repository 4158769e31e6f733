/** Dense hourly arrays: index i is the UTC hour starting at `startMs + i * HOUR_MS`. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_HOURS = 7 * 24;

/** Index of the hour that contains `ms` (may be negative or past the array's end). */
export function hourIndex(startMs: number, ms: number): number {
  return Math.floor((ms - startMs) / HOUR_MS);
}

/** Exclusive end index of the hours before `untilMs`: the hour containing `untilMs - 1` is the last one. */
export function endIndex(startMs: number, untilMs: number): number {
  return Math.ceil((untilMs - startMs) / HOUR_MS);
}

/** Sum of `values[from..to)`, clipped to the array. */
export function sumRange(values: readonly number[], from: number, to: number): number {
  let sum = 0;
  for (let i = Math.max(0, from); i < Math.min(values.length, to); i++) sum += values[i]!;
  return sum;
}

/** `YYYY-MM-DD` of a UTC instant. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The UTC calendar month containing `ms`: its bounds and `YYYY-MM`. */
export function utcMonthOf(ms: number): { startMs: number; endMs: number; label: string } {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return {
    startMs: Date.UTC(y, m, 1),
    endMs: Date.UTC(y, m + 1, 1),
    label: `${y}-${String(m + 1).padStart(2, '0')}`,
  };
}
