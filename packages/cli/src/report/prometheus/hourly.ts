import { HOUR_MS } from '../analytics/hours.js';
import { labelOf } from './cells.js';
import type { PrometheusClient, Sample } from './client.js';
import { sumIncrease } from './queries.js';

/** Dense hourly arrays over [startMs, endMs): index i is the UTC hour starting at startMs + i h. */
export interface HourlyGrid {
  startMs: number;
  /** Hour boundary after the window's end. */
  endMs: number;
  /** The window's end, possibly inside the last hour (that hour is then partial). */
  untilMs: number;
}

export function hoursOf(grid: HourlyGrid): number {
  return Math.round((grid.endMs - grid.startMs) / HOUR_MS);
}

/**
 * `increase(metric[1h])` for every hour of the grid, per value of `label` (or one series keyed '' without):
 * one range query at a 1 h step evaluated at each hour's END (the value at T is the hour [T-1h, T]), plus an
 * instant query for a last hour cut short by `untilMs`.
 */
export async function hourlyIncrease(
  client: PrometheusClient,
  metric: string,
  grid: HourlyGrid,
  label?: string,
): Promise<Map<string, number[]>> {
  const n = hoursOf(grid);
  const by = label ? [label] : [];
  const out = new Map<string, number[]>();
  const row = (sample: { labels: Record<string, string> }) => {
    const key = label ? labelOf(sample as Sample, label) : '';
    let values = out.get(key);
    if (!values) {
      values = new Array<number>(n).fill(0);
      out.set(key, values);
    }
    return values;
  };

  const lastFullEndMs = grid.untilMs >= grid.endMs ? grid.endMs : grid.endMs - HOUR_MS;
  if (lastFullEndMs > grid.startMs) {
    const series = await client.queryRange(
      sumIncrease(metric, 3600, by),
      new Date(grid.startMs + HOUR_MS),
      new Date(lastFullEndMs),
      3600,
    );
    for (const s of series) {
      const values = row(s);
      for (const [t, v] of s.points) {
        const i = Math.round((t * 1000 - grid.startMs) / HOUR_MS) - 1;
        if (i >= 0 && i < n && Number.isFinite(v)) values[i]! += v;
      }
    }
  }
  if (lastFullEndMs < grid.endMs) {
    const seconds = Math.max(1, Math.round((grid.untilMs - (grid.endMs - HOUR_MS)) / 1000));
    for (const s of await client.query(sumIncrease(metric, seconds, by), new Date(grid.untilMs))) {
      if (Number.isFinite(s.value)) row(s)[n - 1]! += s.value;
    }
  }
  return out;
}

/** Element-wise sum of several hourly arrays. */
export function sumArrays(arrays: Iterable<readonly number[]>, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (const values of arrays) for (let i = 0; i < n; i++) out[i]! += values[i] ?? 0;
  return out;
}
