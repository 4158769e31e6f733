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

/** Where a cost sits on a chart's y axis (0 bottom, 1 top), and the labelled ticks. */
export interface YScale {
  pos(value: number): number;
  ticks: number[];
  /** Logarithmic above `linearUpTo` (see costScale). */
  log: boolean;
  linearUpTo: number;
}

export function linearScale(max: number): YScale {
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1]!;
  return { pos: (v) => Math.max(0, v) / top, ticks, log: false, linearUpTo: top };
}

/** A spike this many times the typical hour switches the axis to the log scale below. */
const LOG_SCALE_RATIO = 10;
/** The smallest gap between two tick labels, as a share of the axis. */
const TICK_GAP = 0.09;

/**
 * The y scale of an hourly cost chart. On a linear axis one spike 100x the usual hour draws every usual hour
 * within a pixel of $0, indistinguishable from an hour without calls. When the top is more than 10x the
 * typical (median non-zero) hour, the axis is a symmetric log, f(v) = log10(1 + v / u) with u half the
 * typical hour: about linear below u (0 stays 0), logarithmic above, so a usual hour keeps 10-20% of the
 * height beside a spike 1,000x larger, and a larger spike is still drawn higher.
 */
export function costScale(values: readonly number[], max: number): YScale {
  const positive = values.filter((v) => v > 0).sort((a, b) => a - b);
  const typical = positive.length === 0 ? 0 : positive[positive.length >> 1]!;
  if (!(typical > 0) || !Number.isFinite(max) || max <= typical * LOG_SCALE_RATIO) return linearScale(max);
  const unit = typical / 2;
  const f = (v: number) => Math.log10(1 + Math.max(0, v) / unit);
  let top = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) {
    if (m * top >= max) {
      top = Number((m * top).toPrecision(12));
      break;
    }
  }
  const fTop = f(top);
  const pos = (v: number) => f(v) / fTop;
  const ticks = [0];
  for (let power = 10 ** Math.floor(Math.log10(unit)); power < top; power *= 10) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * power).toPrecision(12));
      if (v >= top) break;
      if (pos(v) - pos(ticks[ticks.length - 1]!) >= TICK_GAP && 1 - pos(v) >= TICK_GAP) ticks.push(v);
    }
  }
  ticks.push(top);
  return { pos, ticks, log: true, linearUpTo: unit };
}
