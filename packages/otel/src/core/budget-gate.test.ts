import { BudgetExceededError, createBudgetGuard } from '@llmcost/budget';
import { computeCost, convertAnthropicUsage, convertOpenAIChatUsage } from '@llmcost/pricing';
import { context, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AnthropicInstrumentation } from '../anthropic/index.js';
import { withLlmContext } from '../context.js';
import { OpenAIInstrumentation } from '../openai/index.js';
import { loadAnthropic, loadOpenAI, TEST_API_KEY } from './test-support/sdks.js';
import { useInstrumentation } from './test-support/setup.js';
import { telemetryFor } from './test-support/telemetry.js';
import { TestGuard } from './test-support/test-guard.js';

const t = useInstrumentation(new OpenAIInstrumentation());
const anthropicInstrumentation = new AnthropicInstrumentation();
const anthropicTelemetry = telemetryFor(anthropicInstrumentation);
const messages = [{ role: 'user' as const, content: 'Summarise the history of lighthouses' }];

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});

describe.each([4, 5, 6] as const)('budget gate, openai v%i', (major) => {
  const sdk = loadOpenAI(major);
  const client = (maxRetries = 0) =>
    new sdk.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries });

  it('rejects before any request reaches the API, through the SDK own APIPromise', async () => {
    const guard = new TestGuard({ maxInputChars: 10 });
    t.instrumentation.setConfig({ budgetGuard: guard });
    const promise = client().chat.completions.create({ model: 'gpt-4o', messages });
    expect(typeof promise.withResponse).toBe('function');
    await expect(promise).rejects.toBeInstanceOf(BudgetExceededError);
    const stream = client().chat.completions.create({ model: 'gpt-4o', messages, stream: true });
    await expect(stream).rejects.toBeInstanceOf(BudgetExceededError);
    expect(t.mock().requests).toHaveLength(0);
    const [span] = t.telemetry.spans();
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['error.type']).toBe('BudgetExceededError');
    expect(span!.attributes['llmcost.budget.decision']).toBe('rejected');
    expect(guard.settled).toEqual([]);
  });

  it('downgrades the model in a copy of the request; span name and attributes follow', async () => {
    const guard = new TestGuard({ downgradeTo: 'gpt-4o-mini', reservedUsd: 0.5 });
    t.instrumentation.setConfig({ budgetGuard: guard });
    const params = { model: 'gpt-4o', messages, max_tokens: 40 };
    const snapshot = structuredClone(params);
    const res = await client().chat.completions.create(params);
    expect(params).toEqual(snapshot);
    expect((t.mock().requests[0]!.body as any).model).toBe('gpt-4o-mini');
    const span = t.telemetry.onlySpan();
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
    expect(span.attributes['llmcost.budget.decision']).toBe('downgraded');
    expect(span.attributes['llmcost.budget.downgraded_from']).toBe('gpt-4o');
    expect(span.attributes['llmcost.budget.reserved_usd']).toBe(0.5);
    const cost = computeCost(convertOpenAIChatUsage(res.usage)!, res.model, { provider: 'openai' });
    expect(guard.settled).toEqual([{ id: 'r1', actualUsd: cost.totalUsd }]);
  });

  it('clamps max tokens in the copy when the guard says so', async () => {
    t.instrumentation.setConfig({ budgetGuard: new TestGuard({ clampOutputTokens: 7 }) });
    await client().chat.completions.create({ model: 'gpt-4o-mini', messages, max_completion_tokens: 500 });
    expect((t.mock().requests[0]!.body as any).max_completion_tokens).toBe(7);
    expect(t.telemetry.onlySpan().attributes['gen_ai.request.max_tokens']).toBe(7);
  });

  it('tells the guard who and what the call is for, with the prompt only on demand', async () => {
    const guard = new TestGuard();
    t.instrumentation.setConfig({ budgetGuard: guard });
    await withLlmContext({ feature: 'search', userId: 'u-42', tier: 'free' }, () =>
      client().chat.completions.create({ model: 'gpt-4o-mini', messages, max_tokens: 64 }),
    );
    expect(guard.requests[0]).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
      feature: 'search',
      userId: 'u-42',
      tier: 'free',
      maxOutputTokens: 64,
    });
    expect(guard.inputTexts[0]).toContain('Summarise the history of lighthouses');
  });

  it('refunds (settles 0) a call that failed, once, even after SDK retries', async () => {
    const guard = new TestGuard();
    t.instrumentation.setConfig({ budgetGuard: guard });
    const failing = client(2).chat.completions.create(
      { model: 'gpt-4o-mini', messages },
      { headers: { 'x-mock-error': '500', 'x-mock-retry-after': '0' } },
    );
    await expect(failing).rejects.toBeInstanceOf(sdk.InternalServerError);
    expect(t.mock().requests).toHaveLength(3);
    expect(guard.requests).toHaveLength(1);
    expect(guard.settled).toEqual([{ id: 'r1', actualUsd: 0 }]);
  });

  it('settles a broken-off stream with the cost of the tokens seen', async () => {
    const guard = new TestGuard();
    t.instrumentation.setConfig({ budgetGuard: guard });
    const stream = await client().chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    let n = 0;
    for await (const _ of stream) if (++n === 3) break;
    const cost = t.telemetry.onlySpan().attributes['gen_ai.usage.cost'];
    expect(cost).toBeGreaterThan(0);
    expect(guard.settled).toEqual([{ id: 'r1', actualUsd: cost }]);
  });

  it('lets the call through when the guard itself fails', async () => {
    t.instrumentation.setConfig({ budgetGuard: new TestGuard({ throws: true }) });
    const res = await client().chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(res.choices).toHaveLength(1);
    expect(t.mock().requests).toHaveLength(1);
  });
});

describe('a max_tokens the budget cannot read (openai v6, the real BudgetGuard with a per-request cap)', () => {
  const sdk = loadOpenAI(6);

  it('goes out as the app wrote it and the provider answers 400 (it was replaced by the cap and answered)', async () => {
    const guard = createBudgetGuard({
      perRequest: { maxOutputTokens: 4096 },
      users: { default: { dayUsd: 100 } },
    });
    t.instrumentation.setConfig({ budgetGuard: guard });
    const client = new sdk.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
    const unreadable: unknown[] = ['50', -5, 2.5];
    for (const max_tokens of unreadable) {
      const err = await client.chat.completions
        .create({ model: 'gpt-4o-mini', messages, max_tokens: max_tokens as number })
        .catch((e: unknown) => e);
      expect((err as { status?: number }).status).toBe(400);
    }
    expect(t.mock().requests.map((r) => (r.body as any).max_tokens)).toEqual(unreadable);
    // The last span may end a moment after the app saw the error (the SDK's rejection reaches the app first).
    await vi.waitFor(() => expect(t.telemetry.spans()).toHaveLength(3));
    const spans = t.telemetry.spans();
    expect(spans.map((s) => s.attributes['error.type'])).toEqual(Array(3).fill('BadRequestError'));
    // Still reserved (a lenient server could run it), and the reservation refunded when the provider refused.
    expect(spans.map((s) => s.attributes['llmcost.budget.decision'])).toEqual(Array(3).fill('allowed'));
    expect(spans.map((s) => s.attributes['gen_ai.request.max_tokens'])).not.toContain(4096);
    // A request that sets no limit still gets the cap, as before.
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect((t.mock().requests.at(-1)!.body as any).max_completion_tokens).toBe(4096);
    await guard.close();
  });
});

describe.each([0, 1] as const)('budget gate, @anthropic-ai/sdk v%i', (major) => {
  const sdk = loadAnthropic(major);
  const client = () => new sdk.Anthropic({ apiKey: TEST_API_KEY, baseURL: t.mock().url, maxRetries: 0 });

  it('rejects before any request, downgrades and clamps in a copy, settles the actual cost', async () => {
    anthropicTelemetry.reset();
    anthropicInstrumentation.setConfig({ budgetGuard: new TestGuard({ maxInputChars: 5 }) });
    await expect(
      client().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages }),
    ).rejects.toBeInstanceOf(BudgetExceededError);
    // The SDK's MessageStream helper re-wraps non-Anthropic errors (1.x keeps the original as `cause`).
    const viaHelper = await client()
      .messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 100, messages })
      .finalMessage()
      .catch((err: unknown) => err);
    expect(String(viaHelper)).toMatch(/budget exceeded/);
    if (major === 1) expect(viaHelper.cause).toBeInstanceOf(BudgetExceededError);
    expect(t.mock().requests).toHaveLength(0);

    const guard = new TestGuard({ downgradeTo: 'claude-haiku-4-5', clampOutputTokens: 30 });
    anthropicInstrumentation.setConfig({ budgetGuard: guard });
    anthropicTelemetry.reset();
    const params = { model: 'claude-sonnet-4-5', max_tokens: 100, messages };
    const res = await client().messages.create(params);
    expect(params.model).toBe('claude-sonnet-4-5');
    const sent = t.mock().requests[0]!.body as any;
    expect([sent.model, sent.max_tokens]).toEqual(['claude-haiku-4-5', 30]);
    const span = anthropicTelemetry.onlySpan();
    expect(span.name).toBe('chat claude-haiku-4-5');
    expect(span.attributes['llmcost.budget.downgraded_from']).toBe('claude-sonnet-4-5');
    const cost = computeCost(convertAnthropicUsage(res.usage)!, res.model, { provider: 'anthropic' });
    expect(guard.settled).toEqual([{ id: 'r1', actualUsd: cost.totalUsd }]);
  });
});
