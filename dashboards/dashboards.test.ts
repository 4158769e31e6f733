import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALERT_NAMES } from './prometheus/alert-names.js';
import { generated, OUTPUTS } from './src/generate.js';
import { RULES_FILE } from './src/grafana-alert-rules.js';
import { EXPENSIVE_CALLS_TRACEQL } from './src/queries.js';

const path = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
const dashboard = JSON.parse(readFileSync(OUTPUTS.dashboard, 'utf8'));
const panels: any[] = dashboard.panels.filter((p: any) => p.type !== 'row');
const promQueries = panels.flatMap((p) =>
  (p.targets ?? [])
    .filter((t: any) => t.datasource?.type === 'prometheus')
    .map((t: any) => [p.title, t.expr] as const),
);

describe('generated Grafana files', () => {
  it.each(Object.keys(OUTPUTS) as Array<keyof typeof OUTPUTS>)(
    '%s is what dashboards/src generates (regenerate: npx -y pnpm@10 --filter @llmcost/dashboards generate)',
    (key) => {
      expect(readFileSync(OUTPUTS[key], 'utf8')).toBe(generated()[key]);
    },
  );
});

describe('LLM cost dashboard', () => {
  it('has the service, feature, model and tier variables, with All matching everything', () => {
    const vars = dashboard.templating.list;
    expect(vars.map((v: any) => v.name)).toEqual(['service', 'feature', 'model', 'tier']);
    for (const v of vars) expect(v).toMatchObject({ includeAll: true, allValue: '.*', multi: true });
  });

  it('has the panels the brief lists', () => {
    const titles = panels.map((p) => p.title);
    for (const t of [
      'Spend today',
      'Spend, last 7 days',
      'Spend, month to date',
      'Projected month against budget',
      'Budget utilisation per scope',
      'Cost by feature',
      'Cost by model',
      'Cost by tier',
      'Hourly cost and its baseline',
      'Token efficiency',
      'Finish reasons and truncation rate',
      'Cache hit rate',
      'Saved by prompt caching',
      'Latency',
      'Errors by type',
      'Budget rejections and downgrades',
      'Unpriced calls',
      'Most expensive recent calls',
    ])
      expect(titles).toContain(t);
  });

  it('every panel uses a provisioned datasource uid', () => {
    const ds = parse(
      readFileSync(path('grafana/provisioning/datasources/datasources.yaml'), 'utf8'),
    ).datasources;
    const uids = ds.map((d: any) => d.uid);
    for (const p of panels) {
      expect(uids, p.title).toContain(p.datasource.uid);
      for (const t of p.targets ?? []) expect(uids, p.title).toContain(t.datasource.uid);
    }
    const tempo = ds.find((d: any) => d.type === 'tempo');
    expect(tempo.jsonData.tracesToMetrics.datasourceUid).toBe('prometheus');
    expect(tempo.jsonData.serviceMap.datasourceUid).toBe('prometheus');
  });

  it('the cost table has total, calls, mean and p95 per call, mean input and output tokens', () => {
    const table = panels.find((p) => p.title === 'Cost by feature');
    const exprs = table.targets.map((t: any) => t.expr).join('\n');
    expect(exprs).toContain(
      'histogram_quantile(0.95, sum by (llmcost_feature, le) (increase(gen_ai_usage_cost_USD_bucket',
    );
    expect(table.targets.every((t: any) => t.format === 'table' && t.instant)).toBe(true);
  });

  it('the Tempo table queries the dearest calls with cost, model, feature and user', () => {
    const t = panels.find((p) => p.title === 'Most expensive recent calls').targets[0];
    expect(t).toMatchObject({ queryType: 'traceql', query: EXPENSIVE_CALLS_TRACEQL, tableType: 'spans' });
  });

  it('draws firing alerts as annotations (Grafana alerts and Prometheus ALERTS)', () => {
    const a = dashboard.annotations.list;
    expect(a.find((x: any) => x.builtIn === 1)).toBeDefined();
    expect(a.find((x: any) => x.expr?.startsWith('ALERTS{'))).toBeDefined();
  });

  it('every query uses only the canonical metric names or the recording rules', () => {
    const canonical = new Set([
      ...['bucket', 'sum', 'count'].flatMap((s) => [
        `gen_ai_client_token_usage_${s}`,
        `gen_ai_client_operation_duration_seconds_${s}`,
        `gen_ai_client_operation_time_to_first_chunk_seconds_${s}`,
        `gen_ai_usage_cost_USD_${s}`,
      ]),
      'llmcost_calls_total',
      'llmcost_tokens_total',
      'llmcost_cache_savings_USD_total',
      'llmcost_budget_spent_USD',
      'llmcost_budget_limit_USD',
      'llmcost_budget_rejections_total',
      'llmcost_budget_downgrades_total',
      ...[...readFileSync(RULES_FILE, 'utf8').matchAll(/record: (\S+)/g)].map((m) => m[1]!),
    ]);
    for (const [title, expr] of promQueries) {
      for (const m of expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g))
        expect(canonical, `${title}: ${m[1]}`).toContain(m[1]);
      for (const m of expr.matchAll(/llmcost:[a-z0-9_:]+/g))
        expect(canonical, `${title}: ${m[0]}`).toContain(m[0]);
    }
  });
});

describe('Grafana-managed alert rules', () => {
  const grafana = parse(readFileSync(OUTPUTS.alertRules, 'utf8')).groups.flatMap((g: any) => g.rules);
  const prom = parse(readFileSync(RULES_FILE, 'utf8')).groups.flatMap((g: any) =>
    g.rules.filter((r: any) => r.alert),
  );

  it.each(ALERT_NAMES)('%s has a Grafana twin with the same expression, for, labels and runbook', (name) => {
    const p = prom.find((r: any) => r.alert === name);
    const g = grafana.find((r: any) => r.title === name);
    expect(g, name).toBeDefined();
    const query = g.data.find((d: any) => d.refId === 'A');
    expect(query.datasourceUid).toBe('prometheus');
    expect(query.model.expr).toBe(p.expr.trim());
    expect(g.for).toBe(p.for ?? '0s');
    expect(g.labels).toEqual(p.labels);
    expect(g.annotations.runbook).toBe(p.annotations.runbook);
    expect(g.annotations.description).not.toContain('$value ');
    expect(g.condition).toBe('C');
  });
});
