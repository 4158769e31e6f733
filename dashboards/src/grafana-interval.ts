// What Grafana puts in a Prometheus query for $__interval, $__rate_interval and $__range, so tests can send the
// dashboard's queries as Grafana would.
// https://grafana.com/docs/grafana/latest/datasources/prometheus/template-variables/#use-__rate_interval

/**
 * Grafana rounds the computed interval (range / max data points) to one of these: [below this many ms, use
 * this many ms] (grafana-data, rangeutil.roundInterval).
 */
const ROUNDING: ReadonlyArray<readonly [number, number]> = [
  [1500, 1000],
  [3500, 2000],
  [7500, 5000],
  [12500, 10000],
  [17500, 15000],
  [25000, 20000],
  [45000, 30000],
  [90000, 60000],
  [210000, 120000],
  [450000, 300000],
  [750000, 600000],
  [1050000, 900000],
  [1500000, 1200000],
  [2700000, 1800000],
  [5400000, 3600000],
  [9000000, 7200000],
  [16200000, 10800000],
  [32400000, 21600000],
  [86400000, 43200000],
];

export function roundIntervalMs(ms: number): number {
  return ROUNDING.find(([below]) => ms < below)?.[1] ?? 86400000;
}

/** Grafana's default scrape interval for a Prometheus datasource that sets none (`timeInterval`). */
export const GRAFANA_DEFAULT_SCRAPE_SECONDS = 15;

export interface QueryWindow {
  /** The dashboard time range. */
  rangeSeconds: number;
  /** The panel's max data points: its width in pixels unless set. */
  maxDataPoints: number;
  /** The datasource's scrape interval (`timeInterval`), or Grafana's default. */
  scrapeSeconds: number;
}

/**
 * $__interval: range / max data points, rounded, never under the scrape interval when the datasource sets one.
 * $__rate_interval: max($__interval + scrape interval, 4 x scrape interval).
 */
export function grafanaIntervals(w: QueryWindow, datasourceSetsInterval = true) {
  const computed = roundIntervalMs((w.rangeSeconds * 1000) / w.maxDataPoints) / 1000;
  const intervalSeconds = datasourceSetsInterval ? Math.max(computed, w.scrapeSeconds) : computed;
  const rateIntervalSeconds = Math.max(intervalSeconds + w.scrapeSeconds, 4 * w.scrapeSeconds);
  return { intervalSeconds, rateIntervalSeconds };
}

export interface Macros {
  range: string;
  interval?: string;
  rateInterval?: string;
}

/** Replaces Grafana's macros and the dashboard variables (every one at "All", `.*`) in a query. */
export function resolveGrafanaMacros(expr: string, m: Macros = { range: '1h' }): string {
  return expr
    .replaceAll('$__rate_interval', m.rateInterval ?? '1m')
    .replaceAll('$__interval', m.interval ?? '1m')
    .replaceAll('$__range', m.range)
    .replace(/\$(service|feature|model|tier)\b/g, '.*');
}
