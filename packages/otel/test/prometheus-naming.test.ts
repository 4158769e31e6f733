import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/helpers/free-port.js';
import { createCollectorNamingPrometheusExporter } from '../src/bootstrap/prometheus-naming.js';

// The canonical list (metrics.md): OTel name + unit + kind -> Prometheus name under the collector's naming.
describe('CollectorNamingPrometheusExporter (a real scrape of the real exporter)', () => {
  let exporter: PrometheusExporter;
  let provider: MeterProvider;
  let port: number;
  let body: string;

  beforeAll(async () => {
    port = await freePort();
    exporter = createCollectorNamingPrometheusExporter({
      port,
      host: '127.0.0.1',
      preventServerStart: true,
    }) as PrometheusExporter;
    await exporter.startServer();
    provider = new MeterProvider({ readers: [exporter] });
    const m = provider.getMeter('@llmcost/otel');
    const attrs = { 'gen_ai.request.model': 'gpt-4o-mini', 'llmcost.feature': 'chat' };
    m.createHistogram('gen_ai.client.token.usage', { unit: '{token}' }).record(10, attrs);
    m.createHistogram('gen_ai.client.operation.duration', { unit: 's' }).record(0.5, attrs);
    m.createHistogram('gen_ai.client.operation.time_to_first_chunk', { unit: 's' }).record(0.1, attrs);
    m.createHistogram('gen_ai.usage.cost', { unit: 'USD' }).record(0.002, attrs);
    m.createCounter('llmcost.calls', { unit: '{call}' }).add(1, attrs);
    m.createCounter('llmcost.tokens', { unit: '{token}' }).add(10, attrs);
    m.createCounter('llmcost.cache.savings', { unit: 'USD' }).add(0.001, attrs);
    m.createGauge('llmcost.budget.spent', { unit: 'USD' }).record(1.5, { 'llmcost.budget.scope': 'global' });
    m.createGauge('llmcost.budget.limit', { unit: 'USD' }).record(10, { 'llmcost.budget.scope': 'global' });
    m.createCounter('llmcost.budget.rejections', { unit: '{call}' }).add(1);
    m.createCounter('llmcost.budget.downgrades', { unit: '{call}' }).add(1);
    m.createCounter('llmcost.user.spend_alerts', { unit: '{alert}' }).add(1, { 'user.id': 'u1' });
    m.createCounter('llmcost.spans.dropped', { unit: '{span}' }).add(3, { 'llmcost.span.class': 'other' });
    // The same metric from two instrumentation scopes, as instrumentation-http and -undici both record it.
    for (const scope of ['@opentelemetry/instrumentation-http', '@opentelemetry/instrumentation-undici']) {
      provider
        .getMeter(scope)
        .createHistogram('http.client.request.duration', { unit: 's' })
        .record(0.2, { 'http.request.method': 'GET' });
    }
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    body = await res.text();
  });

  afterAll(async () => {
    await provider.shutdown();
  });

  const typeLines = () =>
    body
      .split('\n')
      .filter((l) => l.startsWith('# TYPE '))
      .map((l) => l.split(' ').slice(2).join(' '))
      // target_info (resource attributes) is standard on both paths, collector and direct scrape.
      .filter((l) => !l.startsWith('target_info '))
      .sort();

  it('exposes exactly the metrics.md names', () => {
    expect(typeLines()).toEqual(
      [
        'gen_ai_client_operation_duration_seconds histogram',
        'gen_ai_client_operation_time_to_first_chunk_seconds histogram',
        'gen_ai_client_token_usage histogram',
        'gen_ai_usage_cost_USD histogram',
        'llmcost_budget_downgrades_total counter',
        'llmcost_budget_limit_USD gauge',
        'llmcost_budget_rejections_total counter',
        'llmcost_budget_spent_USD gauge',
        'llmcost_cache_savings_USD_total counter',
        'llmcost_calls_total counter',
        'llmcost_tokens_total counter',
        'llmcost_user_spend_alerts_total counter',
        'llmcost_spans_dropped_total counter',
        'http_client_request_duration_seconds histogram',
      ].sort(),
    );
  });

  it('gives a metric recorded by two scopes one HELP and one TYPE line, with the samples of both', () => {
    const comments = body.split('\n').filter((l) => / http_client_request_duration_seconds /.test(l));
    expect(comments.filter((l) => l.startsWith('# HELP '))).toHaveLength(1);
    expect(comments.filter((l) => l.startsWith('# TYPE '))).toHaveLength(1);
    const counts = body
      .split('\n')
      .filter((l) => l.startsWith('http_client_request_duration_seconds_count{'));
    expect(counts.map((l) => /otel_scope_name="([^"]+)"/.exec(l)?.[1]).sort()).toEqual([
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-undici',
    ]);
    // Every metric name's lines form one group, as the exposition format requires.
    const names = body
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => l.split(/[{ ]/)[0]!.replace(/_(bucket|sum|count)$/, ''));
    const groups = names.filter((n, i) => i === 0 || names[i - 1] !== n);
    expect(new Set(groups).size).toBe(groups.length);
  });

  it('keeps labels as attributes with dots as underscores', () => {
    expect(body).toMatch(
      /gen_ai_usage_cost_USD_sum\{[^}]*gen_ai_request_model="gpt-4o-mini"[^}]*llmcost_feature="chat"/,
    );
    expect(body).toMatch(/gen_ai_usage_cost_USD_bucket\{[^}]*le="\+Inf"[^}]*\} 1/);
    expect(body).toMatch(/llmcost_cache_savings_USD_total\{[^}]*\} 0\.001/);
  });
});
