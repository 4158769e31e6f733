/** Axis helpers for the inline SVG charts. */
import { usd } from '../../../format/units.js';

/** Round ticks from 0 covering `max`: steps of 1, 2 or 5 times a power of ten, about `count` of them. */
export function niceTicks(max: number, count = 4): number[] {
  // An all-zero series still gets an axis (0 to 1 cent) rather than a division by zero.
  const top = max > 0 && Number.isFinite(max) ? max : 0.01;
  const raw = top / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let i = 0; ; i += 1) {
    // Multiply rather than accumulate, so 0.1 + 0.2 rounding does not creep into the labels.
    const v = Number((i * step).toPrecision(12));
    ticks.push(v);
    if (v >= top) break;
  }
  return ticks;
}

/** A number for an SVG attribute: two decimals are plenty at screen resolution and keep the file small. */
export function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** An axis label: cents, or a sub-cent tick without trailing zeros (`$0.005`, not `$0.00500`). */
export function axisUsd(value: number): string {
  return value === 0 || Math.abs(value) >= 0.01 ? usd(value) : `$${Number(value.toPrecision(3))}`;
}
