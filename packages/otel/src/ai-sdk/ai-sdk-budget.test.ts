// The budget gate on the real Vercel AI SDK (`ai` 5 and 6) against mock-llm: decided before the provider request,
// a rejection surfacing as the AI SDK's error with BudgetExceededError reachable, downgrade and clamp applied to
// the provider's own request.
import { BudgetExceededError, createBudgetGuard } from '@llmcost/budget';
import { computeCost, convertOpenAIResponsesUsage } from '@llmcost/pricing';
import { context, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { withLlmContext } from '../context.js';
import { loadAiSdk, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { TestGuard } from '../core/test-support/test-guard.js';
import { AiSdkInstrumentation } from './index.js';

const t = useInstrumentation(new AiSdkInstrumentation());
const prompt = 'Summarise the history of lighthouses';

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});

/** The BudgetExceededError in an error's `cause` chain (the AI SDK may wrap what a model call threw). */
function budgetError(err: unknown): BudgetExceededError | undefined {
  for (let e = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (e instanceof BudgetExceededError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

describe.each([5, 6] as const)('budget gate, ai %i', (major) => {
  const { ai, createOpenAI, createAnthropic } = loadAiSdk(major);
  const openai = () => createOpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1` });
  const anthropic = () => createAnthropic({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1` });

  it('rejects generateText, streamText and embed before any request reaches the provider', async () => {
    const guard = new TestGuard({ maxInputChars: 10 });
    t.instrumentation.setConfig({ budgetGuard: guard });
    const generated = await ai.generateText({ model: openai()('gpt-4o'), prompt }).catch((e: unknown) => e);
    expect(budgetError(generated)).toBeInstanceOf(BudgetExceededError);

    const errors: unknown[] = [];
    const streamed = ai.streamText({
      model: anthropic()('claude-sonnet-4-5'),
      prompt,
      onError: ({ error }: { error: unknown }) => errors.push(error),
    });
    await streamed.consumeStream();
    expect(budgetError(errors[0])).toBeInstanceOf(BudgetExceededError);

    const embedded = await ai
      .embed({ model: openai().embedding('text-embedding-3-small'), value: prompt })
      .catch((e: unknown) => e);
    expect(budgetError(embedded)).toBeInstanceOf(BudgetExceededError);

    expect(t.mock().requests).toHaveLength(0);
    const spans = t.telemetry.spans();
    expect(spans).toHaveLength(3);
    for (const span of spans) {
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes['error.type']).toBe('BudgetExceededError');
      expect(span.attributes['llmcost.budget.decision']).toBe('rejected');
      expect(span.attributes['gen_ai.usage.cost']).toBeUndefined();
    }
    expect(guard.settled).toEqual([]);
  });

  it('downgrades to a model of the same provider: the provider request carries it, the span says so', async () => {
    const guard = new TestGuard({ downgradeTo: 'gpt-4o-mini', reservedUsd: 0.5 });
    t.instrumentation.setConfig({ budgetGuard: guard });
    const model = openai()('gpt-4o');
    const result = await ai.generateText({ model, prompt, maxOutputTokens: 50 });
    expect(model.modelId).toBe('gpt-4o');
    expect((t.mock().requests[0]!.body as any).model).toBe('gpt-4o-mini');
    expect(result.response.modelId).toBe('gpt-4o-mini');
    const span = t.telemetry.onlySpan();
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.attributes).toMatchObject({
      'gen_ai.request.model': 'gpt-4o-mini',
      'llmcost.budget.decision': 'downgraded',
      'llmcost.budget.downgraded_from': 'gpt-4o',
      'llmcost.budget.reserved_usd': 0.5,
    });
    await guard.whenSettled(1);
    const usage = convertOpenAIResponsesUsage(result.response.body.usage)!;
    const cost = computeCost(usage, 'gpt-4o-mini', { provider: 'openai' });
    expect(guard.settled).toEqual([{ id: 'r1', actualUsd: cost.totalUsd }]);
  });

  it('downgrades a streamed Anthropic call the same way', async () => {
    t.instrumentation.setConfig({ budgetGuard: new TestGuard({ downgradeTo: 'claude-haiku-4-5' }) });
    const result = ai.streamText({ model: anthropic()('claude-sonnet-4-5'), prompt });
    await result.consumeStream();
    expect((t.mock().requests[0]!.body as any).model).toBe('claude-haiku-4-5');
    expect(t.telemetry.onlySpan().attributes['gen_ai.response.model']).toBe('claude-haiku-4-5');
  });

  it('a model that cannot be rebuilt under another id is sent unchanged, never broken', async () => {
    t.instrumentation.setConfig({ budgetGuard: new TestGuard({ downgradeTo: 'gpt-4o-mini' }) });
    // wrapLanguageModel makes a plain object: its requests do not depend on its modelId field.
    const model = ai.wrapLanguageModel({ model: openai()('gpt-4o'), middleware: {} });
    const result = await ai.generateText({ model, prompt });
    expect(result.text.length).toBeGreaterThan(0);
    expect((t.mock().requests[0]!.body as any).model).toBe('gpt-4o');
    expect(t.telemetry.onlySpan().attributes['gen_ai.response.model']).toBe('gpt-4o');
  });

  it('clamps the output tokens of the provider request', async () => {
    t.instrumentation.setConfig({ budgetGuard: new TestGuard({ clampOutputTokens: 7 }) });
    await ai.generateText({ model: openai()('gpt-4o-mini'), prompt, maxOutputTokens: 500 });
    await ai.generateText({ model: anthropic()('claude-sonnet-4-5'), prompt, maxOutputTokens: 500 });
    const [responses, messages] = t.mock().requests;
    expect((responses!.body as any).max_output_tokens).toBe(7);
    expect((messages!.body as any).max_tokens).toBe(7);
    expect(t.telemetry.spans().map((s) => s.attributes['gen_ai.request.max_tokens'])).toEqual([7, 7]);
  });

  it('a stream metered past its cap is cut: the provider request aborted, the app’s read ends with the error', async () => {
    // $0.002 an hour for the user, checked every 20 tokens: about 120 of the 400 streamed claude-sonnet-4-5 tokens.
    const guard = createBudgetGuard(
      {
        users: { default: { hourUsd: 0.002 } },
        expectedOutput: { defaultTokens: { default: 20 } },
        metering: { everyTokens: 20 },
      },
      { env: {} },
    );
    t.instrumentation.setConfig({ budgetGuard: guard });
    try {
      let text = '';
      const thrown = await withLlmContext({ userId: `streamer-${major}` }, async () => {
        const result = ai.streamText({
          model: anthropic()('claude-sonnet-4-5'),
          prompt,
          maxOutputTokens: 1000,
          headers: { 'x-mock-output-tokens': '400', 'x-mock-chunk-delay-ms': '1' },
        });
        for await (const delta of result.textStream) text += delta;
      }).catch((e: unknown) => e);
      expect(budgetError(thrown)).toMatchObject({ reason: 'hour_limit', scope: 'user' });
      expect(text.split(' ').length).toBeLessThan(400);
      await vi.waitFor(() => expect(t.mock().requests.at(-1)!.clientAborted).toBe(true));
      const span = t.telemetry.onlySpan();
      expect(span.attributes['error.type']).toBe('BudgetExceededError');
      expect(span.attributes['gen_ai.usage.cost'] as number).toBeLessThanOrEqual(0.002 + 22 * 15e-6);
    } finally {
      await guard.close();
    }
  });

  it('tells the guard who the call is for, and the prompt only on demand', async () => {
    const guard = new TestGuard();
    t.instrumentation.setConfig({ budgetGuard: guard });
    await withLlmContext({ feature: 'search', userId: 'u-42', tier: 'free' }, () =>
      ai.generateText({ model: anthropic()('claude-sonnet-4-5'), prompt, maxOutputTokens: 64 }),
    );
    expect(guard.requests[0]).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      feature: 'search',
      userId: 'u-42',
      tier: 'free',
      maxOutputTokens: 64,
    });
    expect(guard.inputTexts[0]).toContain(prompt);
  });
});
