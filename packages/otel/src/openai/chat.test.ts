import { computeCost, convertOpenAIChatUsage } from '@llmcost/pricing';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import { loadOpenAI, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { matching } from '../core/test-support/telemetry.js';
import { OpenAIInstrumentation } from './index.js';

const t = useInstrumentation(new OpenAIInstrumentation());
const messages = [{ role: 'user', content: 'Say hello' }];

describe.each([4, 5, 6] as const)('openai v%i chat.completions.create', (major) => {
  const sdk = loadOpenAI(major);
  const client = () => new sdk.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });

  it('records a non-streaming call: span attributes, usage, exact cost', async () => {
    const res = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      max_tokens: 50,
      temperature: 0.2,
      top_p: 0.9,
    });
    const span = t.telemetry.onlySpan();
    const cost = computeCost(convertOpenAIChatUsage(res.usage)!, res.model, { provider: 'openai' });
    expect(cost.status).toBe('priced');
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.stream': false,
      'openai.api.type': 'chat_completions',
      'server.address': '127.0.0.1',
      'server.port': t.mock().port,
      'gen_ai.response.model': res.model,
      'gen_ai.response.id': res.id,
      'openai.response.service_tier': res.service_tier,
      'openai.response.system_fingerprint': res.system_fingerprint,
      'gen_ai.response.finish_reasons': [res.choices[0].finish_reason],
      'gen_ai.usage.input_tokens': res.usage.prompt_tokens,
      'gen_ai.usage.output_tokens': res.usage.completion_tokens,
      'gen_ai.usage.cost': cost.totalUsd,
      'llmcost.cost.input_usd': cost.inputUsd,
      'llmcost.cost.output_usd': cost.outputUsd,
      'llmcost.cost.cache_read_usd': cost.cacheReadUsd,
      'llmcost.cost.cache_write_usd': cost.cacheWriteUsd,
      'llmcost.pricing.status': 'priced',
      'llmcost.pricing.model': cost.pricingModel,
      'llmcost.pricing.version': cost.pricingVersion,
    });
  });

  it('prices cached prompt tokens at the published rates (expected dollars computed by hand)', async () => {
    // Token counts pinned: output and cached by mock-llm headers, input by the real o200k tokenizer of this prompt.
    const prompt = [{ role: 'user' as const, content: 'Describe the keeper of a lighthouse. '.repeat(200) }];
    const res = await client().chat.completions.create(
      { model: 'gpt-4o-mini', messages: prompt },
      { headers: { 'x-mock-output-tokens': '56', 'x-mock-cached-tokens': '1024' } },
    );
    expect(res.usage?.prompt_tokens).toBe(1408);
    expect(res.usage?.completion_tokens).toBe(56);
    const a = t.telemetry.onlySpan().attributes;
    expect(a['gen_ai.usage.input_tokens']).toBe(1408);
    expect(a['gen_ai.usage.output_tokens']).toBe(56);
    expect(a['gen_ai.usage.cache_read.input_tokens']).toBe(1024);
    expect(a['llmcost.pricing.status']).toBe('priced');
    // prices.json gpt-4o-mini: 0.15/1M input, 0.075/1M cached input, 0.60/1M output.
    // Uncached input = 1408 - 1024 = 384.
    expect(a['llmcost.cost.input_usd']).toBeCloseTo(384 * 0.15e-6, 12);
    expect(a['llmcost.cost.cache_read_usd']).toBeCloseTo(1024 * 0.075e-6, 12);
    expect(a['llmcost.cost.output_usd']).toBeCloseTo(56 * 0.6e-6, 12);
    expect(a['llmcost.cost.cache_write_usd']).toBe(0);
    expect(a['gen_ai.usage.cost']).toBeCloseTo(384 * 0.15e-6 + 1024 * 0.075e-6 + 56 * 0.6e-6, 12);
  });

  it('records the canonical metrics with low-cardinality attributes', async () => {
    const res = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      max_completion_tokens: 20,
    });
    const cost = computeCost(convertOpenAIChatUsage(res.usage)!, res.model, { provider: 'openai' });
    const points = await t.telemetry.points();
    const mine = { 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.response.model': res.model };
    expect(new Set(points.map((p) => p.scope))).toEqual(new Set(['@llmcost/otel']));
    const costPoint = matching(points, { ...mine, 'gen_ai.provider.name': 'openai' }).find(
      (p) => p.name === 'gen_ai.usage.cost',
    );
    expect(costPoint?.unit).toBe('USD');
    expect((costPoint!.value as { sum: number }).sum).toBeGreaterThanOrEqual(cost.totalUsd!);
    const input = matching(points, { ...mine, 'gen_ai.token.type': 'input' }).find(
      (p) => p.name === 'gen_ai.client.token.usage',
    );
    expect(input?.unit).toBe('{token}');
    const calls = matching(points, {
      ...mine,
      'llmcost.finish_reason': res.choices[0].finish_reason,
    });
    expect(calls.find((p) => p.name === 'llmcost.calls')?.attributes['llmcost.pricing.status']).toBe(
      'priced',
    );
    const duration = points.find((p) => p.name === 'gen_ai.client.operation.duration');
    expect(duration?.unit).toBe('s');
    for (const p of points) expect(Object.keys(p.attributes)).not.toContain('user.id');
  });

  it('records SDK errors: error.type is the class name, span status ERROR, duration and calls counted', async () => {
    let caught: any;
    try {
      await client().chat.completions.create(
        { model: 'gpt-4o-mini', messages },
        { headers: { 'x-mock-error': '429' } },
      );
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(sdk.RateLimitError);
    const span = t.telemetry.onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('RateLimitError');
    expect(span.attributes['gen_ai.usage.cost']).toBeUndefined();
    expect(span.attributes['llmcost.pricing.status']).toBeUndefined();
    const points = await t.telemetry.points();
    const failed = matching(points, { 'error.type': 'RateLimitError' });
    expect(failed.map((p) => p.name).sort()).toEqual(['gen_ai.client.operation.duration', 'llmcost.calls']);
    expect(failed.find((p) => p.name === 'llmcost.calls')?.attributes['llmcost.finish_reason']).toBe('none');
  });

  it('keeps withResponse() and the raw asResponse() working, still recording usage', async () => {
    const { data, response } = await client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages })
      .withResponse();
    expect(response.status).toBe(200);
    expect(t.telemetry.onlySpan().attributes['gen_ai.usage.input_tokens']).toBe(data.usage.prompt_tokens);

    t.telemetry.reset();
    const raw = await client().chat.completions.create({ model: 'gpt-4o-mini', messages }).asResponse();
    const body = await raw.json();
    expect(body.object).toBe('chat.completion');
    const span = await vi.waitFor(() => t.telemetry.onlySpan());
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(body.usage.completion_tokens);
    expect(span.attributes['llmcost.pricing.status']).toBe('priced');
  });

  it('instruments parse() once and keeps its parsed result', async () => {
    const api = major === 4 ? client().beta.chat.completions : client().chat.completions;
    const res = await api.parse({ model: 'gpt-4o-mini', messages });
    expect(res.choices[0].message.content.length).toBeGreaterThan(0);
    expect('parsed' in res.choices[0].message).toBe(true);
    expect(t.telemetry.onlySpan().attributes['gen_ai.usage.input_tokens']).toBe(res.usage.prompt_tokens);
  });

  it('never mutates the caller params and makes the call exactly once', async () => {
    const params = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 };
    const snapshot = structuredClone(params);
    await client().chat.completions.create(params);
    expect(params).toEqual(snapshot);
    expect(t.mock().requests.filter((r) => r.operation === 'chat')).toHaveLength(1);
  });

  it('marks an unknown model unpriced: no cost attribute, never a silent $0', async () => {
    await client().chat.completions.create({ model: 'acme-unknown-model-9', messages });
    const span = t.telemetry.onlySpan();
    expect(span.attributes['llmcost.pricing.status']).toBe('unpriced');
    expect(span.attributes['gen_ai.usage.cost']).toBeUndefined();
    expect(span.attributes['llmcost.cost.input_usd']).toBeUndefined();
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    const cost = matching(await t.telemetry.points('gen_ai.usage.cost'), {
      'gen_ai.request.model': 'acme-unknown-model-9',
    });
    expect(cost).toHaveLength(0);
  });
});
