// CostSpanProcessor records other instrumentations' calls through llmcost's recorder: the same metrics as our own
// calls, once per call however many spans describe it (real sdk-trace 2.x, sdk-metrics and price table).
import { computeCost } from '@llmcost/pricing';
import { context, propagation, type Span, trace } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { CollectingReader, flatten, type MetricPoint } from '../src/core/test-support/telemetry.js';
import { CostSpanProcessor } from '../src/cost-span-processor/index.js';

function setup() {
  const exporter = new InMemorySpanExporter();
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const provider = new BasicTracerProvider({
    spanProcessors: [new CostSpanProcessor({ meterProvider }), new SimpleSpanProcessor(exporter)],
  });
  return {
    spans: () => exporter.getFinishedSpans(),
    tracer: (name: string) => provider.getTracer(name),
    points: async (name: string): Promise<MetricPoint[]> => {
      const { resourceMetrics } = await reader.collect();
      return flatten(resourceMetrics).filter((p) => p.name === name);
    },
  };
}

const sum = (points: MetricPoint[]) =>
  points.reduce((n, p) => n + (typeof p.value === 'number' ? p.value : p.value.sum!), 0);
const count = (points: MetricPoint[]) =>
  points.reduce((n, p) => n + (typeof p.value === 'number' ? 1 : p.value.count), 0);

// An OpenInference LLM span as @arizeai/openinference-instrumentation-openai 4.x writes it.
const openInference = {
  'openinference.span.kind': 'LLM',
  'llm.system': 'openai',
  'llm.provider': 'openai',
  'llm.model_name': 'gpt-4o-mini',
};
const oiUsage = {
  'llm.token_count.prompt': 1200,
  'llm.token_count.completion': 80,
  'llm.token_count.prompt_details.cache_read': 1024,
  'llm.finish_reason': 'stop',
};
const expected = computeCost(
  { inputTokens: 1200, outputTokens: 80, cacheReadInputTokens: 1024 },
  'gpt-4o-mini',
  { provider: 'openai' },
);

describe('CostSpanProcessor metrics', () => {
  it('records an OpenInference call: cost, tokens, calls, duration and cache savings, with baggage attribution', async () => {
    const t = setup();
    const ctx = propagation.setBaggage(
      context.active(),
      propagation.createBaggage({ 'llmcost.feature': { value: 'search' }, 'llmcost.tier': { value: 'pro' } }),
    );
    t.tracer('@arizeai/openinference-instrumentation-openai')
      .startSpan('OpenAI Chat Completions', {}, ctx)
      .setAttributes(openInference)
      .setAttributes(oiUsage)
      .end();
    const span = t.spans()[0]!;
    expect(expected.status).toBe('priced');
    expect(span.attributes['gen_ai.usage.cost']).toBe(expected.totalUsd);
    expect(span.attributes['llmcost.pricing.status']).toBe('priced');

    const cost = await t.points('gen_ai.usage.cost');
    expect(count(cost)).toBe(1);
    expect(sum(cost)).toBeCloseTo(expected.totalUsd, 12);
    expect(cost[0]!.attributes).toEqual({
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'llmcost.feature': 'search',
      'llmcost.tier': 'pro',
      'llmcost.pricing.status': 'priced',
    });
    const calls = await t.points('llmcost.calls');
    expect(calls.map((p) => [p.value, p.attributes['llmcost.finish_reason']])).toEqual([[1, 'stop']]);
    const tokens = Object.fromEntries(
      (await t.points('llmcost.tokens')).map((p) => [p.attributes['llmcost.token.type'], p.value]),
    );
    expect(tokens).toEqual({ input: 1200, output: 80, cache_read: 1024 });
    expect(count(await t.points('gen_ai.client.token.usage'))).toBe(2);
    expect(count(await t.points('gen_ai.client.operation.duration'))).toBe(1);
    expect(sum(await t.points('llmcost.cache.savings'))).toBeCloseTo(expected.cacheSavingsUsd!, 12);
  });

  it('counts an unknown model as an unpriced call, with no cost point', async () => {
    const t = setup();
    t.tracer('x')
      .startSpan('chat', {
        attributes: { 'gen_ai.request.model': 'no-such-model', 'gen_ai.usage.input_tokens': 5 },
      })
      .end();
    expect(count(await t.points('gen_ai.usage.cost'))).toBe(0);
    const calls = await t.points('llmcost.calls');
    expect(calls.map((p) => p.attributes['llmcost.pricing.status'])).toEqual(['unpriced']);
  });

  it('prices the innermost of nested foreign spans of one call, once (a framework span around an SDK span)', async () => {
    const t = setup();
    // OpenInference's tracer sets the attributes after starting the span.
    const outer = t.tracer('@arizeai/openinference-instrumentation-langchain').startSpan('ChatOpenAI');
    outer.setAttributes(openInference);
    const inner = t
      .tracer('@opentelemetry/instrumentation-openai')
      .startSpan(
        'chat gpt-4o-mini',
        { attributes: { 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' } },
        trace.setSpan(context.active(), outer),
      );
    // A non-GenAI span between them (an HTTP client span) does not hide the nesting.
    const http = t.tracer('http').startSpan('POST', {}, trace.setSpan(context.active(), inner));
    const innermost = t
      .tracer('@traceloop/instrumentation-openai')
      .startSpan(
        'chat gpt-4o-mini',
        { attributes: { 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' } },
        trace.setSpan(context.active(), http),
      );
    innermost.setAttributes({ 'gen_ai.usage.input_tokens': 1200, 'gen_ai.usage.output_tokens': 80 }).end();
    http.end();
    inner.setAttributes({ 'gen_ai.usage.input_tokens': 1200, 'gen_ai.usage.output_tokens': 80 }).end();
    outer.setAttributes(oiUsage).end();
    const priced = t.spans().filter((s) => s.attributes['llmcost.pricing.status'] !== undefined);
    expect(priced.map((s) => s.instrumentationScope.name)).toEqual(['@traceloop/instrumentation-openai']);
    expect(count(await t.points('gen_ai.usage.cost'))).toBe(1);
    expect(sum(await t.points('llmcost.calls'))).toBe(1);
  });

  it("records nothing for a foreign span around llmcost's own span or inside it", async () => {
    const t = setup();
    const theirs = t.tracer('@traceloop/instrumentation-openai').startSpan('chat gpt-4o-mini', {
      attributes: { 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' },
    });
    const ours: Span = t
      .tracer('@llmcost/otel')
      .startSpan('chat gpt-4o-mini', {}, trace.setSpan(context.active(), theirs));
    const below = t
      .tracer('com.anthropic.sdk.typescript')
      .startSpan(
        'anthropic.messages.create',
        { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini' } },
        trace.setSpan(context.active(), ours),
      );
    below.setAttributes({ 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 2 }).end();
    ours.setAttributes({ 'gen_ai.usage.cost': 0.001, 'llmcost.pricing.status': 'priced' }).end();
    theirs.setAttributes({ 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 2 }).end();
    const [b, o, th] = t.spans();
    expect(b!.attributes['llmcost.pricing.status']).toBeUndefined();
    expect(o!.attributes['gen_ai.usage.cost']).toBe(0.001);
    expect(th!.attributes['llmcost.pricing.status']).toBeUndefined();
    expect(await t.points('llmcost.calls')).toEqual([]);
  });

  it('prices a span that names its model call only when it ends', async () => {
    const t = setup();
    t.tracer('late')
      .startSpan('llm')
      .setAttributes({ 'gen_ai.request.model': 'gpt-4o-mini', ...{ 'gen_ai.usage.input_tokens': 7 } })
      .end();
    expect(t.spans()[0]!.attributes['llmcost.pricing.status']).toBe('priced');
    expect(sum(await t.points('llmcost.calls'))).toBe(1);
  });
});
