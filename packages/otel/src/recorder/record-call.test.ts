import { computeCost, countMessageTokens, countTokens } from '@llmcost/pricing';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashUserId, withLlmContext } from '../context.js';
import { loadOpenAI, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { OpenAIInstrumentation } from '../openai/index.js';
import { type CallRecord, onCallRecorded } from './index.js';

const t = useInstrumentation(new OpenAIInstrumentation());
const sdk = loadOpenAI(6);
const client = () => new sdk.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'What is a lighthouse?' }];

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});

describe('attribution', () => {
  it('puts feature, user, session and tier from withLlmContext on the span, and feature/tier on metrics', async () => {
    await withLlmContext({ feature: 'faq', userId: 'alice', sessionId: 's-1', tier: 'pro' }, () =>
      client().chat.completions.create({ model: 'gpt-4o-mini', messages }),
    );
    const span = t.telemetry.onlySpan();
    expect(span.attributes['llmcost.feature']).toBe('faq');
    expect(span.attributes['user.id']).toBe('alice');
    expect(span.attributes['session.id']).toBe('s-1');
    expect(span.attributes['llmcost.tier']).toBe('pro');
    const calls = (await t.telemetry.points('llmcost.calls')).filter(
      (p) => p.attributes['llmcost.feature'] === 'faq',
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]!.attributes['llmcost.tier']).toBe('pro');
    expect(calls[0]!.attributes['user.id']).toBeUndefined();
    expect(calls[0]!.attributes['session.id']).toBeUndefined();
  });

  it('pseudonymises the user id when userIdHashKey is set', async () => {
    t.instrumentation.setConfig({ userIdHashKey: 'k3y' });
    await withLlmContext({ userId: 'alice' }, () =>
      client().chat.completions.create({ model: 'gpt-4o-mini', messages }),
    );
    const span = t.telemetry.onlySpan();
    expect(span.attributes['user.id']).toBeUndefined();
    expect(span.attributes['user.hash']).toBe(hashUserId('alice', 'k3y'));
  });

  it('puts user.id on metrics only when opted in, capped with overflow "other"', async () => {
    t.instrumentation.setConfig({ metricsUserIdLimit: 2 });
    for (const userId of ['u1', 'u2', 'u3', 'u1']) {
      await withLlmContext({ userId, feature: 'capped' }, () =>
        client().chat.completions.create({ model: 'gpt-4o-mini', messages }),
      );
    }
    const calls = (await t.telemetry.points('llmcost.calls')).filter(
      (p) => p.attributes['llmcost.feature'] === 'capped',
    );
    const byUser = Object.fromEntries(calls.map((p) => [p.attributes['user.id'], p.value]));
    expect(byUser).toEqual({ u1: 2, u2: 1, other: 1 });
  });

  it('puts the hashed id on metrics when the user id is pseudonymised', async () => {
    t.instrumentation.setConfig({ metricsUserIdLimit: 5, userIdHashKey: 'k3y' });
    await withLlmContext({ userId: 'dave', feature: 'hashed' }, () =>
      client().chat.completions.create({ model: 'gpt-4o-mini', messages }),
    );
    const calls = (await t.telemetry.points('llmcost.calls')).filter(
      (p) => p.attributes['llmcost.feature'] === 'hashed',
    );
    expect(calls.map((p) => p.attributes['user.id'])).toEqual([hashUserId('dave', 'k3y')]);
    expect(JSON.stringify(await t.telemetry.points())).not.toContain('dave');
  });
});

describe('call records', () => {
  it('emits one CallRecord per call with the raw user id and the exact cost', async () => {
    const records: CallRecord[] = [];
    const off = onCallRecorded((r) => records.push(r));
    const res = await withLlmContext({ userId: 'bob', feature: 'chat' }, () =>
      client().chat.completions.create({ model: 'gpt-4o-mini', messages }),
    );
    await client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-mock-error': '400' } })
      .catch(() => {});
    off();
    await client().chat.completions.create({ model: 'gpt-4o-mini', messages });
    const cost = computeCost(
      { inputTokens: res.usage!.prompt_tokens, outputTokens: res.usage!.completion_tokens },
      res.model,
      { provider: 'openai' },
    );
    expect(records).toHaveLength(2);
    expect(records[0]).toEqual({
      provider: 'openai',
      operation: 'chat',
      requestModel: 'gpt-4o-mini',
      responseModel: res.model,
      feature: 'chat',
      userId: 'bob',
      inputTokens: res.usage!.prompt_tokens,
      outputTokens: res.usage!.completion_tokens,
      cacheReadInputTokens: 0,
      cacheCreationInputTokens: 0,
      pricingStatus: 'priced',
      costUsd: cost.totalUsd,
      costExact: cost.totalFemtoUsd,
    });
    expect(records[1]).toMatchObject({
      errorType: 'BadRequestError',
      inputTokens: 0,
      pricingStatus: 'unpriced',
    });
  });
});

describe('content capture', () => {
  it('records no content by default', async () => {
    await client().chat.completions.create({ model: 'gpt-4o-mini', messages });
    const span = t.telemetry.onlySpan();
    expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(span.attributes['gen_ai.output.messages']).toBeUndefined();
    expect(JSON.stringify(span.attributes)).not.toContain('What is a lighthouse');
  });

  it('records input and output messages in the semconv shape, capped at contentMaxChars', async () => {
    t.instrumentation.setConfig({ captureMessageContent: true });
    const res = await client().chat.completions.create({ model: 'gpt-4o-mini', messages });
    const span = t.telemetry.onlySpan();
    expect(JSON.parse(span.attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'What is a lighthouse?' }] },
    ]);
    expect(JSON.parse(span.attributes['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: res.choices[0]!.message.content }],
        finish_reason: res.choices[0]!.finish_reason,
      },
    ]);

    t.telemetry.reset();
    t.instrumentation.setConfig({ captureMessageContent: true, contentMaxChars: 120 });
    const stream = await client().chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    for await (const _ of stream);
    const capped = t.telemetry.onlySpan().attributes['gen_ai.output.messages'] as string;
    expect(capped.length).toBeLessThanOrEqual(120);
    const [message] = JSON.parse(capped);
    expect(message.role).toBe('assistant');
    expect(message.parts[0].content.length).toBeGreaterThan(0);
  });
});

describe('secrets', () => {
  it('never puts the API key in any span attribute, event or metric', async () => {
    t.instrumentation.setConfig({ captureMessageContent: true });
    await withLlmContext({ userId: 'carol' }, () =>
      client().chat.completions.create({ model: 'gpt-4o-mini', messages }),
    );
    await client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-mock-error': '401' } })
      .catch(() => {});
    const stream = await client().chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    for await (const _ of stream);
    const spans = t.telemetry.spans();
    expect(spans.length).toBe(3);
    const dump = JSON.stringify(
      spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })),
    );
    expect(dump).not.toContain(TEST_API_KEY);
    expect(dump.toLowerCase()).not.toContain('authorization');
    expect(JSON.stringify(await t.telemetry.points())).not.toContain(TEST_API_KEY);
  });
});

describe('malformed provider responses', () => {
  const fetchReturning = (body: unknown) => async () =>
    new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  const completion = (usage: unknown) => ({
    id: 'chatcmpl-x',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there' }, finish_reason: 'stop' }],
    usage,
  });

  it.each([
    ['missing usage', undefined],
    ['usage with strings', { prompt_tokens: '12', completion_tokens: 'many' }],
    ['usage null', null],
  ])('%s: the app gets the response, the span estimates', async (_name, usage) => {
    const fake = new sdk.OpenAI({
      apiKey: TEST_API_KEY,
      baseURL: 'http://llm.invalid/v1',
      fetch: fetchReturning(completion(usage)),
    });
    const res = await fake.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(res.choices[0].message.content).toBe('Hello there');
    const span = t.telemetry.onlySpan();
    const model = 'gpt-4o-mini-2024-07-18';
    expect(span.attributes['llmcost.pricing.status']).toBe('estimated');
    expect(span.attributes['llmcost.estimated.input_tokens']).toBe(
      countMessageTokens(messages, model).tokens,
    );
    expect(span.attributes['llmcost.estimated.output_tokens']).toBe(countTokens('Hello there', model).tokens);
  });

  it('a response that is not an object at all still reaches the app', async () => {
    const fake = new sdk.OpenAI({
      apiKey: TEST_API_KEY,
      baseURL: 'http://llm.invalid/v1',
      fetch: fetchReturning(42),
    });
    expect(await fake.chat.completions.create({ model: 'gpt-4o-mini', messages })).toBe(42);
    expect(t.telemetry.onlySpan().attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
  });
});
