import { computeCost } from '@llmcost/pricing';
import { context, propagation, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { hashUserId } from '../src/context.js';
import { CostSpanProcessor } from '../src/cost-span-processor/index.js';

function setup(options: ConstructorParameters<typeof CostSpanProcessor>[0] = {}) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new CostSpanProcessor(options), new SimpleSpanProcessor(exporter)],
  });
  return { exporter, tracer: (name = 'some-instrumentation') => provider.getTracer(name) };
}

const usage = { 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 200 };

describe('CostSpanProcessor (real sdk-trace 2.x, real price table)', () => {
  it('prices a span with usage and no cost in onEnding', () => {
    const { exporter, tracer } = setup();
    tracer()
      .startSpan('chat gpt-4o-mini', {
        attributes: { 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' },
      })
      .setAttributes(usage)
      .end();
    const a = exporter.getFinishedSpans()[0]!.attributes;
    const expected = computeCost({ inputTokens: 1000, outputTokens: 200 }, 'gpt-4o-mini', {
      provider: 'openai',
    });
    expect(expected.status).toBe('priced');
    expect(a['gen_ai.usage.cost']).toBe(expected.totalUsd);
    expect(a['llmcost.pricing.status']).toBe('priced');
  });

  it('does not price twice: a span that already has a cost or a pricing status is left alone', () => {
    const { exporter, tracer } = setup();
    tracer('@llmcost/otel')
      .startSpan('chat gpt-4o-mini', {
        attributes: { 'gen_ai.request.model': 'gpt-4o-mini', ...usage, 'gen_ai.usage.cost': 42 },
      })
      .end();
    tracer()
      .startSpan('chat x', {
        attributes: {
          'gen_ai.request.model': 'gpt-4o-mini',
          ...usage,
          'llmcost.pricing.status': 'estimated',
        },
      })
      .end();
    const [first, second] = exporter.getFinishedSpans();
    expect(first!.attributes['gen_ai.usage.cost']).toBe(42);
    expect(first!.attributes['llmcost.pricing.status']).toBeUndefined();
    expect(second!.attributes['gen_ai.usage.cost']).toBeUndefined();
  });

  it('does not price a GenAI span started inside one of ours (@anthropic-ai/sdk 1.x traces its own calls)', () => {
    const { exporter, tracer } = setup();
    const ours = tracer('@llmcost/otel').startSpan('chat claude-sonnet-4-5', {
      attributes: { 'gen_ai.request.model': 'claude-sonnet-4-5', ...usage, 'gen_ai.usage.cost': 0.006 },
    });
    tracer('com.anthropic.sdk.typescript')
      .startSpan(
        'anthropic.messages.create',
        { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'claude-sonnet-4-5' } },
        trace.setSpan(context.active(), ours),
      )
      .setAttributes(usage)
      .end();
    ours.end();
    // The same foreign span outside ours is priced as usual.
    tracer('com.anthropic.sdk.typescript')
      .startSpan('anthropic.messages.create', {
        attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'claude-sonnet-4-5' },
      })
      .setAttributes(usage)
      .end();
    const [inner, outer, alone] = exporter.getFinishedSpans();
    expect(inner!.instrumentationScope.name).toBe('com.anthropic.sdk.typescript');
    expect(inner!.attributes['gen_ai.usage.cost']).toBeUndefined();
    expect(inner!.attributes['llmcost.pricing.status']).toBeUndefined();
    expect(outer!.attributes['gen_ai.usage.cost']).toBe(0.006);
    expect(alone!.attributes['llmcost.pricing.status']).toBe('priced');
  });

  it("prices the Anthropic SDK's gen_ai.usage.cache_write.input_tokens as cache creation, not input", () => {
    const { exporter, tracer } = setup();
    tracer('com.anthropic.sdk.typescript')
      .startSpan('anthropic.messages.create', {
        attributes: {
          'gen_ai.provider.name': 'anthropic',
          'gen_ai.request.model': 'claude-sonnet-4-5',
          'gen_ai.usage.input_tokens': 3000,
          'gen_ai.usage.output_tokens': 100,
          'gen_ai.usage.cache_write.input_tokens': 2000,
        },
      })
      .end();
    const a = exporter.getFinishedSpans()[0]!.attributes;
    const expected = computeCost(
      { inputTokens: 3000, outputTokens: 100, cacheCreationInputTokens: 2000 },
      'claude-sonnet-4-5',
      { provider: 'anthropic' },
    );
    const asInput = computeCost({ inputTokens: 3000, outputTokens: 100 }, 'claude-sonnet-4-5', {
      provider: 'anthropic',
    });
    expect(expected.totalUsd).not.toBe(asInput.totalUsd);
    expect(a['gen_ai.usage.cost']).toBe(expected.totalUsd);
  });

  it('marks an unknown model unpriced, never $0', () => {
    const { exporter, tracer } = setup();
    tracer()
      .startSpan('chat', { attributes: { 'gen_ai.request.model': 'no-such-model-xyz', ...usage } })
      .end();
    const a = exporter.getFinishedSpans()[0]!.attributes;
    expect(a['llmcost.pricing.status']).toBe('unpriced');
    expect(a['gen_ai.usage.cost']).toBeUndefined();
  });

  it('ignores spans without token usage', () => {
    const { exporter, tracer } = setup();
    tracer()
      .startSpan('GET /', { attributes: { 'http.request.method': 'GET' } })
      .end();
    expect(exporter.getFinishedSpans()[0]!.attributes['llmcost.pricing.status']).toBeUndefined();
  });

  it('copies attribution from baggage onto foreign GenAI spans (hashed when a key is set), not onto its own', () => {
    const { exporter, tracer } = setup({ userIdHashKey: 'k' });
    const baggage = propagation.createBaggage({
      'user.id': { value: 'u1' },
      'llmcost.feature': { value: 'f1' },
    });
    const ctx = propagation.setBaggage(context.active(), baggage);
    const attrs = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini' };
    tracer().startSpan('foreign', { attributes: attrs }, ctx).end();
    tracer('@llmcost/otel').startSpan('own', { attributes: attrs }, ctx).end();
    const [foreign, own] = exporter.getFinishedSpans();
    expect(foreign!.attributes['user.hash']).toBe(hashUserId('u1', 'k'));
    expect(foreign!.attributes['user.id']).toBeUndefined();
    expect(foreign!.attributes['llmcost.feature']).toBe('f1');
    expect(own!.attributes['llmcost.feature']).toBeUndefined();
    expect(trace.getSpan(ctx)).toBeUndefined();
  });
});
