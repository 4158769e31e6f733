// Every PromQL expression of the "LLM cost" dashboard (panels, annotation, variables), with its variables
// filled in as Grafana fills them, against a real Prometheus holding a day of metrics sampled every 60 s (the
// collector's remote write), at a short range (6 h) and the dashboard's default (24 h). A time series panel
// must have data at (nearly) every step where the history has data, not only where a short rate() window
// happens to hold two samples; ratio panels show 0 rather than nothing; p95 panels stay near the largest call.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { instantQuery, type RunningServer, startPrometheus } from '../../test/helpers/prometheus.js';
import { OUTPUTS } from '../src/generate.js';
import {
  GRAFANA_DEFAULT_SCRAPE_SECONDS,
  grafanaIntervals,
  type QueryWindow,
  resolveGrafanaMacros,
} from '../src/grafana-interval.js';
import { type DataNeed, Q } from '../src/queries.js';
import { buildHistory, type History } from './history.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dashboard = JSON.parse(readFileSync(OUTPUTS.dashboard, 'utf8'));
const panels: any[] = dashboard.panels.filter((p: any) => p.type !== 'row');
const DASHBOARD_WIDTH_PX = 1800;
const HISTORY_MINUTES = 24 * 60 + 30;

/** The datasource's scrape interval, as docker-compose gives it to Grafana (the pipeline's sample interval). */
function pipelineScrapeSeconds(): { seconds: number; exportMs: number } {
  const ds = parse(
    readFileSync(`${root}dashboards/grafana/provisioning/datasources/datasources.yaml`, 'utf8'),
  ).datasources.find((d: any) => d.uid === 'prometheus');
  const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8')).services;
  const variable = /^\$\{(\w+)\}$/.exec(ds.jsonData.timeInterval)?.[1];
  // ${NAME:-default} as docker compose resolves it with NAME unset
  const withDefaults = (v: string) => v.replace(/\$\{\w+:-([^}]*)\}/g, '$1');
  const interval = withDefaults(compose.grafana.environment[variable ?? '']);
  const exportMs = Number(withDefaults(compose.demo.environment.OTEL_METRIC_EXPORT_INTERVAL));
  return { seconds: Number(/^(\d+)s$/.exec(interval)?.[1]), exportMs };
}

interface Target {
  panel: string;
  expr: string;
  instant: boolean;
  maxDataPoints: number;
  data: DataNeed;
}

const dataOf = new Map(Object.values(Q).map((q) => [q.expr, q.data as DataNeed]));
const targets: Target[] = panels.flatMap((p) =>
  (p.targets ?? [])
    .filter((t: any) => t.datasource?.type === 'prometheus')
    .map((t: any) => ({
      panel: p.title,
      expr: t.expr,
      instant: t.instant === true,
      maxDataPoints: Math.round((p.gridPos.w / 24) * DASHBOARD_WIDTH_PX),
      data: dataOf.get(t.expr) ?? 'always',
    })),
);

/** What the history holds: everything but the recording rules' baseline (rules run live only). */
const HELD: Record<DataNeed, boolean> = {
  always: true,
  cache: true,
  budget: true,
  errors: true,
  unpriced: true,
  downgrade: true,
  baseline: false,
  history: false,
};

let prom: RunningServer;
let history: History;

beforeAll(async () => {
  const end = Math.floor(Date.now() / 60_000) * 60;
  history = buildHistory(end, HISTORY_MINUTES);
  prom = await startPrometheus({
    openMetrics: history.openMetrics,
    args: ['--storage.tsdb.retention.time=30d'],
  });
}, 180_000);
afterAll(async () => {
  await prom?.stop();
});

async function rangeQuery(expr: string, start: number, end: number, step: number) {
  const r = await fetch(`${prom.url}/api/v1/query_range`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: expr, start: String(start), end: String(end), step: String(step) }),
  });
  return (await r.json()) as {
    status: string;
    error?: string;
    data: { result: Array<{ metric: any; values: [number, string][] }> };
  };
}

async function instant(expr: string) {
  const r = await fetch(`${prom.url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: expr, time: String(history.endSeconds) }),
  });
  return (await r.json()) as {
    status: string;
    error?: string;
    data: { result: Array<{ metric: any; value: [number, string] }> };
  };
}

/** Share of the steps of a range query at which some series has a value. */
async function coverage(expr: string, rangeSeconds: number, stepSeconds: number) {
  const end = history.endSeconds;
  const start = end - rangeSeconds;
  const r = await rangeQuery(expr, start, end, stepSeconds);
  if (r.status !== 'success') throw new Error(`${expr}: ${r.error}`);
  const steps = new Set<number>();
  for (const s of r.data.result) for (const [t] of s.values) steps.add(t);
  return { share: steps.size / (Math.floor(rangeSeconds / stepSeconds) + 1), result: r.data.result };
}

describe('the Prometheus datasource follows the pipeline', () => {
  it('its scrape interval is the collector pipeline sample interval (60 s), set from one compose variable', () => {
    const { seconds, exportMs } = pipelineScrapeSeconds();
    expect(seconds).toBe(60);
    expect(exportMs).toBe(seconds * 1000);
  });
});

describe.each([
  ['6h', 6 * 3600],
  ['24h', 24 * 3600],
])('every dashboard query at a %s range, on a day of 60-second samples', (rangeName, rangeSeconds) => {
  const scrapeSeconds = 60;
  const windowOf = (t: Target): QueryWindow => ({
    rangeSeconds,
    maxDataPoints: t.maxDataPoints,
    scrapeSeconds,
  });

  it('the query list covers every Prometheus target of the dashboard', () => {
    const known = new Set(Object.values(Q).map((q) => q.expr));
    for (const t of targets) expect(known, t.panel).toContain(t.expr);
  });

  it.each(targets.map((t) => [t.panel, t] as const))('%s', { timeout: 60_000 }, async (_panel, t) => {
    const { intervalSeconds, rateIntervalSeconds } = grafanaIntervals(windowOf(t));
    const expr = resolveGrafanaMacros(t.expr, {
      range: rangeName,
      interval: `${intervalSeconds}s`,
      rateInterval: `${rateIntervalSeconds}s`,
    });
    if (t.instant) {
      const r = await instant(expr);
      expect(r.error, expr).toBeUndefined();
      if (HELD[t.data]) expect(r.data.result.length, expr).toBeGreaterThan(0);
      return;
    }
    const { share } = await coverage(expr, rangeSeconds, intervalSeconds);
    // the history covers the whole range: a panel must too (a rate() window one sample wide shows gaps)
    // Failed calls are rare (0.5% of the history's calls), so at night, when traffic is low, an errors panel is
    // rightly empty for some windows: how many depends on the hour the test runs (the history ends now; 0.925
    // seen at 01:33 UTC). The defect this guards against (a rate window one sample wide) leaves a panel with data
    // only for the live minutes, far below either bound.
    const minShare = t.data === 'errors' ? 0.8 : 0.97;
    if (HELD[t.data]) expect(share, `${expr} at step ${intervalSeconds}s`).toBeGreaterThan(minShare);
  });
});

it("with Grafana's default 15 s scrape interval, a 6-hour range shows no rate (why the datasource sets one)", async () => {
  // the failure: $__rate_interval = max($__interval + 15 s, 60 s) = 60 s holds one 60 s sample
  const t = targets.find((x) => x.expr === Q.costByModel.expr)!;
  const w = {
    rangeSeconds: 6 * 3600,
    maxDataPoints: t.maxDataPoints,
    scrapeSeconds: GRAFANA_DEFAULT_SCRAPE_SECONDS,
  };
  const { intervalSeconds, rateIntervalSeconds } = grafanaIntervals(w, false);
  expect(rateIntervalSeconds).toBe(60);
  const expr = resolveGrafanaMacros(t.expr, { range: '6h', rateInterval: `${rateIntervalSeconds}s` });
  const { share } = await coverage(expr, 6 * 3600, intervalSeconds);
  expect(share).toBe(0);
});

describe('panels on the day of history', () => {
  const byExpr = (e: string) => targets.find((t) => t.expr === e)!;
  const resolve = (t: Target, rangeSeconds: number, range: string) => {
    const { intervalSeconds, rateIntervalSeconds } = grafanaIntervals({
      rangeSeconds,
      maxDataPoints: t.maxDataPoints,
      scrapeSeconds: 60,
    });
    return {
      expr: resolveGrafanaMacros(t.expr, {
        range,
        interval: `${intervalSeconds}s`,
        rateInterval: `${rateIntervalSeconds}s`,
      }),
      step: intervalSeconds,
    };
  };

  // Buckets at most 1.5x apart bound the overshoot at 1.5x; on this day it is far less. The previous buckets
  // (powers of 4 for tokens, 1-5 steps for cost) read 1.75x and 1.3x the largest call here.
  it('p95 input tokens never read more than 1.25x the largest call', async () => {
    const { expr, step } = resolve(byExpr(Q.p95Tokens.expr), 6 * 3600, '6h');
    const { result } = await coverage(expr, 6 * 3600, step);
    const input = result.find((s) => s.metric.gen_ai_token_type === 'input')!;
    const p95 = Math.max(...input.values.map(([, v]) => Number(v)));
    const largest = Math.max(...[...history.largest.values()].map((l) => l.inputTokens));
    console.log(`p95 input tokens at most ${Math.round(p95)}, largest call ${largest}`);
    expect(p95).toBeLessThanOrEqual(1.25 * largest);
  });

  it('p95 cost per call of each feature is at most 1.25x its dearest call', async () => {
    const { expr } = resolve(byExpr(Q.featureP95Cost.expr), 24 * 3600, '24h');
    const r = await instant(expr);
    expect(r.data.result.length).toBe(3);
    for (const s of r.data.result) {
      const largest = history.largest.get(s.metric.llmcost_feature)!.costUsd;
      console.log(
        `${s.metric.llmcost_feature}: p95 cost ${Number(s.value[1]).toFixed(4)}, dearest call ${largest.toFixed(4)}`,
      );
      expect(Number(s.value[1])).toBeLessThanOrEqual(1.25 * largest);
    }
  });

  it('truncation and cache hit rates show 0, not "No data", for a feature with none', async () => {
    for (const q of [Q.truncationRate, Q.cacheHitRate]) {
      // search has no cached input; filtered to a feature and a minute with no truncation either
      const expr = resolveGrafanaMacros(q.expr, { range: '6h', rateInterval: '4m' }).replace(
        'llmcost_feature=~".*"',
        'llmcost_feature=~"nothing-happened"',
      );
      const r = await instant(expr);
      expect(
        r.data.result.map((s) => Number(s.value[1])),
        expr,
      ).toEqual([0]);
    }
  });

  it('the variables list the values in the history, and the alert annotation query parses', async () => {
    for (const v of dashboard.templating.list) {
      const label = /label_values\(llmcost_calls_total, (\w+)\)/.exec(v.definition)![1]!;
      const r = await fetch(`${prom.url}/api/v1/label/${label}/values?match[]=llmcost_calls_total`);
      const values = ((await r.json()) as { data: string[] }).data;
      expect(values.length, label).toBeGreaterThan(0);
    }
    for (const a of dashboard.annotations.list.filter((x: any) => x.expr)) {
      const r = await instantQuery(prom.url, a.expr);
      expect(r.status).toBe('success');
    }
  });
});
