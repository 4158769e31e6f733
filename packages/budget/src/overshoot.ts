import type { Held } from './held.js';

/**
 * After a write of `deltaNanos` to the reservation's counters (`after`: their values after it), the spend
 * the write put above each capped line, added to the reservation's tally. A refund at settlement that brings
 * a counter back under its cap takes its share back, so the tally is what this call left above each cap.
 */
export function addOvershoot(held: Held, after: readonly number[], deltaNanos: number): void {
  held.lines.forEach((line, i) => {
    const value = after[i];
    if (line.limitNanos < 0 || value === undefined) return;
    const before = value - deltaNanos;
    held.overshootNanos[i]! += Math.max(0, value - line.limitNanos) - Math.max(0, before - line.limitNanos);
  });
}
