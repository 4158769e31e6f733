import { computeCost, convertAnthropicUsage } from '@llmcost/pricing';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import { loadAnthropic, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { AnthropicInstrumentation } from './index.js';

const t = useInstrumentation(new AnthropicInstrumentation());
const MODEL = 'claude-sonnet-4-5';
const messages = [{ role: 'user' as const, content: 'Tell me about lighthouses' }];

describe.each([0, 1] as const)('@anthropic-ai/sdk v%i', (major) => {
  const sdk = loadAnthropic(major);
  const client = () => new sdk.Anthropic({ apiKey: TEST_API_KEY, baseURL: t.mock().url, maxRetries: 0 });

  it('records messages.create with exact attributes and cost', async () => {
    const res = await client().messages.create({
      model: MODEL,
      max_tokens: 200,
      messages,
      temperature: 0.5,
      top_k: 40,
    });
    const span = t.telemetry.onlySpan();
    const cost = computeCost(convertAnthropicUsage(res.usage)!, res.model, { provider: 'anthropic' });
    expect(cost.status).toBe('priced');
    expect(span.name).toBe(`chat ${MODEL}`);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': MODEL,
      'gen_ai.request.max_tokens': 200,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.top_k': 40,
      'gen_ai.request.stream': false,
      'server.address': '127.0.0.1',
      'server.port': t.mock().port,
      'gen_ai.response.model': res.model,
      'gen_ai.response.id': res.id,
      'gen_ai.response.finish_reasons': [res.stop_reason],
      'gen_ai.usage.input_tokens': res.usage.input_tokens,
      'gen_ai.usage.output_tokens': res.usage.output_tokens,
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

  it('prices cache creation, then cache read tokens (input includes cached, per semconv)', async () => {
    t.mock().resetCache();
    const system = [
      {
        type: 'text' as const,
        text: 'You are a lighthouse keeper. '.repeat(80),
        cache_control: { type: 'ephemeral' as const },
      },
    ];
    const first = await client().messages.create({ model: MODEL, max_tokens: 50, system, messages });
    const second = await client().messages.create({ model: MODEL, max_tokens: 50, system, messages });
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(second.usage.cache_read_input_tokens).toBeGreaterThan(0);
    const [s1, s2] = t.telemetry.spans();
    const u1 = convertAnthropicUsage(first.usage)!;
    const u2 = convertAnthropicUsage(second.usage)!;
    expect(s1!.attributes['gen_ai.usage.cache_creation.input_tokens']).toBe(
      first.usage.cache_creation_input_tokens,
    );
    expect(s1!.attributes['gen_ai.usage.input_tokens']).toBe(u1.inputTokens);
    expect(s1!.attributes['llmcost.cost.cache_write_usd']).toBeGreaterThan(0);
    expect(s2!.attributes['gen_ai.usage.cache_read.input_tokens']).toBe(second.usage.cache_read_input_tokens);
    expect(s2!.attributes['gen_ai.usage.input_tokens']).toBe(
      second.usage.input_tokens +
        second.usage.cache_read_input_tokens +
        (second.usage.cache_creation_input_tokens ?? 0),
    );
    const cost2 = computeCost(u2, second.model, { provider: 'anthropic' });
    expect(s2!.attributes['gen_ai.usage.cost']).toBe(cost2.totalUsd);
    expect(s2!.attributes['llmcost.cost.cache_read_usd']).toBe(cost2.cacheReadUsd);
    const savings = (await t.telemetry.points('llmcost.cache.savings'))[0];
    expect((savings?.value as number) ?? 0).toBeGreaterThan(0);
    const tokenTypes = new Set(
      (await t.telemetry.points('llmcost.tokens')).map((p) => p.attributes['llmcost.token.type']),
    );
    expect(tokenTypes).toEqual(new Set(['input', 'output', 'cache_read', 'cache_creation']));
  });

  it('prices cache read and cache creation at their published rates (expected dollars computed by hand)', async () => {
    t.mock().resetCache();
    // Token counts pinned: output by a mock-llm header; cache read / write by the cache_control breakpoints
    // (the first call writes block A, the second reads A and writes B); sizes by the mock's fixed tokenizer.
    const a = { type: 'text' as const, text: 'You keep the lighthouse on the northern cape. '.repeat(60) };
    const b = { type: 'text' as const, text: 'Answer as its keeper, in plain words. '.repeat(30) };
    const ephemeral = { type: 'ephemeral' as const };
    const headers = { 'x-mock-output-tokens': '40' };
    await client().messages.create(
      { model: MODEL, max_tokens: 100, system: [{ ...a, cache_control: ephemeral }], messages },
      { headers },
    );
    const res = await client().messages.create(
      {
        model: MODEL,
        max_tokens: 100,
        system: [
          { ...a, cache_control: ephemeral },
          { ...b, cache_control: ephemeral },
        ],
        messages,
      },
      { headers },
    );
    expect(res.usage.input_tokens).toBe(14);
    expect(res.usage.cache_read_input_tokens).toBe(740);
    expect(res.usage.cache_creation_input_tokens).toBe(366);
    expect(res.usage.output_tokens).toBe(40);
    const attrs = t.telemetry.spans()[1]!.attributes;
    // Semconv input includes cached: 14 plain + 740 read + 366 written = 1120.
    expect(attrs['gen_ai.usage.input_tokens']).toBe(1120);
    expect(attrs['gen_ai.usage.cache_read.input_tokens']).toBe(740);
    expect(attrs['gen_ai.usage.cache_creation.input_tokens']).toBe(366);
    expect(attrs['gen_ai.usage.output_tokens']).toBe(40);
    // prices.json claude-sonnet-4-5: 3/1M input, 0.30/1M cache read, 3.75/1M cache write (5m), 15/1M output.
    expect(attrs['llmcost.cost.input_usd']).toBeCloseTo(14 * 3e-6, 12);
    expect(attrs['llmcost.cost.cache_read_usd']).toBeCloseTo(740 * 0.3e-6, 12);
    expect(attrs['llmcost.cost.cache_write_usd']).toBeCloseTo(366 * 3.75e-6, 12);
    expect(attrs['llmcost.cost.output_usd']).toBeCloseTo(40 * 15e-6, 12);
    expect(attrs['gen_ai.usage.cost']).toBeCloseTo(14 * 3e-6 + 740 * 0.3e-6 + 366 * 3.75e-6 + 40 * 15e-6, 12);
  });

  it('records a stream: usage merged from message_start and message_delta', async () => {
    const stream = await client().messages.create({ model: MODEL, max_tokens: 200, messages, stream: true });
    const events: any[] = [];
    for await (const event of stream) events.push(event);
    const start = events.find((e) => e.type === 'message_start');
    const delta = events.findLast((e) => e.type === 'message_delta');
    const usage = convertAnthropicUsage({ ...start.message.usage, ...delta.usage })!;
    const span = t.telemetry.onlySpan();
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(usage.inputTokens);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(delta.usage.output_tokens);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual([delta.delta.stop_reason]);
    expect(span.attributes['llmcost.pricing.status']).toBe('priced');
    expect(span.attributes['gen_ai.usage.cost']).toBe(
      computeCost(usage, start.message.model, { provider: 'anthropic' }).totalUsd,
    );
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  });

  it('instruments messages.stream() once and finalMessage() works', async () => {
    const stream = client().messages.stream({ model: MODEL, max_tokens: 200, messages });
    const final = await stream.finalMessage();
    expect(final.content[0].text.length).toBeGreaterThan(0);
    const span = t.telemetry.onlySpan();
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(final.usage.output_tokens);
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
  });

  it('messages.stream().abort() mid-stream: the span ends as the app sees it (APIUserAbortError), with the tokens seen', async () => {
    const stream = client().messages.stream(
      { model: MODEL, max_tokens: 200, messages },
      { headers: { 'x-mock-chunk-delay-ms': '20' } },
    );
    let texts = 0;
    stream.on('text', () => {
      if (++texts === 2) stream.abort();
    });
    const err = await stream.finalMessage().catch((e: unknown) => e);
    expect((err as Error).constructor.name).toBe('APIUserAbortError');
    await vi.waitFor(() => expect(t.telemetry.spans()).toHaveLength(1));
    const span = t.telemetry.onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('APIUserAbortError');
    expect(span.attributes['llmcost.pricing.status']).toBe('estimated');
    expect(span.attributes['llmcost.estimated.output_tokens']).toBeGreaterThan(0);
    expect(span.attributes['llmcost.estimated.output_tokens']).toBeLessThan(200);
  });

  it('records beta.messages.create', async () => {
    const res = await client().beta.messages.create({ model: MODEL, max_tokens: 100, messages });
    const span = t.telemetry.onlySpan();
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(res.usage.output_tokens);
    expect(span.attributes['llmcost.pricing.status']).toBe('priced');
  });

  it('ends a broken-off stream with the input reported and output counted locally (estimated)', async () => {
    const stream = await client().messages.create({ model: MODEL, max_tokens: 200, messages, stream: true });
    let startUsage: any;
    let n = 0;
    for await (const event of stream) {
      if (event.type === 'message_start') startUsage = event.message.usage;
      if (++n === 4) break;
    }
    const span = t.telemetry.onlySpan();
    expect(span.attributes['llmcost.pricing.status']).toBe('estimated');
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(startUsage.input_tokens);
    expect(span.attributes['gen_ai.usage.cost']).toBeGreaterThan(0);
  });

  it('captures system, input and output messages when asked', async () => {
    t.instrumentation.setConfig({ captureMessageContent: true });
    const res = await client().messages.create({
      model: MODEL,
      max_tokens: 50,
      system: 'Be brief.',
      messages,
    });
    const span = t.telemetry.onlySpan();
    expect(JSON.parse(span.attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Tell me about lighthouses' }] },
    ]);
    expect(JSON.parse(span.attributes['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: res.content[0].text }],
        finish_reason: res.stop_reason,
      },
    ]);
  });

  it('records a dropped connection mid-stream as an error, with the cost of what was seen', async () => {
    const stream = await client().messages.create(
      { model: MODEL, max_tokens: 200, messages, stream: true },
      { headers: { 'x-mock-stream-drop-after': '5' } },
    );
    const caught = await (async () => {
      for await (const _ of stream);
    })().catch((err: unknown) => err);
    expect(caught).toBeInstanceOf(Error);
    const span = t.telemetry.onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe((caught as Error).constructor.name);
    expect(span.attributes['llmcost.pricing.status']).toBe('estimated');
    expect(span.attributes['gen_ai.usage.cost']).toBeGreaterThan(0);
  });

  it('records API errors with the SDK class name', async () => {
    const caught = await client()
      .messages.create({ model: MODEL, max_tokens: 10, messages }, { headers: { 'x-mock-error': '529' } })
      .catch((err: unknown) => err);
    expect(caught).toBeInstanceOf(sdk.APIError);
    const span = t.telemetry.onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    // 0.x names a 529 InternalServerError, 1.x OverloadedError: whatever the SDK threw.
    expect(span.attributes['error.type']).toBe(caught.constructor.name);
    expect(span.attributes['error.type']).toMatch(/^(InternalServerError|OverloadedError)$/);
  });
});
