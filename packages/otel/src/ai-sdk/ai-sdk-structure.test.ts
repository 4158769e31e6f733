// Where the AI SDK's spans and ours meet (`ai` 5 and 6, real packages, mock-llm): with the AI SDK's own telemetry
// on, exactly one priced GenAI span per provider call, inside the AI SDK's structure; the explicit middleware;
// agents, per-step models, retries, errors, a stream the app stops reading.
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAiSdk, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { CostSpanProcessor } from '../cost-span-processor/index.js';
import { onCallRecorded } from '../recorder/call-record.js';
import { AiSdkInstrumentation, llmcostMiddleware } from './index.js';

const t = useInstrumentation(new AiSdkInstrumentation());
// One provider for the AI SDK's spans and ours, with the CostSpanProcessor the register entry installs.
const provider = new BasicTracerProvider({
  spanProcessors: [new CostSpanProcessor(), new SimpleSpanProcessor(t.telemetry.exporter)],
});
const prompt = 'Tell me about lighthouses';
const OWN = '@llmcost/otel';

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  t.instrumentation.setTracerProvider(provider);
});

const own = () => t.telemetry.spans().filter((s) => s.instrumentationScope.name === OWN);
const priced = () => t.telemetry.spans().filter((s) => s.attributes['gen_ai.usage.cost'] !== undefined);

describe.each([5, 6] as const)('ai %i', (major) => {
  const { ai, createOpenAI, createAnthropic, z } = loadAiSdk(major);
  const openai = () => createOpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1` });
  const anthropic = () => createAnthropic({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1` });
  const telemetry = { isEnabled: true, tracer: provider.getTracer('ai') };

  it('with experimental_telemetry on: our span inside ai.*.doGenerate / doStream, the only priced one', async () => {
    await ai.generateText({ model: openai()('gpt-4o-mini'), prompt, experimental_telemetry: telemetry });
    const streamed = ai.streamText({
      model: anthropic()('claude-sonnet-4-5'),
      prompt,
      experimental_telemetry: telemetry,
    });
    await streamed.consumeStream();
    const spans = t.telemetry.spans();
    for (const [outer, inner] of [
      ['ai.generateText', 'ai.generateText.doGenerate'],
      ['ai.streamText', 'ai.streamText.doStream'],
    ]) {
      const doCall = spans.find((s) => s.name === inner)!;
      expect(doCall.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
      expect(doCall.attributes['gen_ai.usage.cost']).toBeUndefined();
      const ours = own().find((s) => s.parentSpanContext?.spanId === doCall.spanContext().spanId)!;
      expect(ours.attributes['gen_ai.usage.input_tokens']).toBe(
        doCall.attributes['gen_ai.usage.input_tokens'],
      );
      expect(ours.attributes['gen_ai.usage.cost']).toBeGreaterThan(0);
      expect(spans.find((s) => s.name === outer)!.attributes['gen_ai.usage.cost']).toBeUndefined();
    }
    expect(priced()).toEqual(own());
    expect(own()).toHaveLength(2);
  });

  it('the explicit middleware records a model call; under the zero-code wrapper, once', async () => {
    const model = ai.wrapLanguageModel({ model: openai()('gpt-4o-mini'), middleware: llmcostMiddleware() });
    // Called directly, past every patched entry point: only the middleware sees it.
    const direct = await model.doGenerate({
      prompt: [{ role: 'user', content: [{ type: 'text', text: prompt }] }],
    });
    expect(direct.content.length).toBeGreaterThan(0);
    expect(own()).toHaveLength(1);
    t.telemetry.reset();
    await ai.generateText({ model, prompt });
    await ai.streamText({ model, prompt }).consumeStream();
    expect(own().map((s) => s.attributes['gen_ai.request.stream'])).toEqual([false, true]);
  });

  it('agents: one span per step of the loop', async () => {
    const Agent = major === 5 ? ai.Experimental_Agent : ai.ToolLoopAgent;
    const agent = new Agent({
      model: openai().chat('gpt-4o-mini'),
      tools: {
        weather: ai.tool({
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }: { city: string }) => `Sunny in ${city}`,
        }),
      },
      prepareStep: ({ stepNumber }: { stepNumber: number }) =>
        stepNumber === 0 ? { toolChoice: 'required' } : { toolChoice: 'none' },
      stopWhen: ai.stepCountIs(3),
    });
    const result = await agent.generate({ prompt: 'Weather in Oslo?' });
    expect(result.steps).toHaveLength(2);
    expect(own()).toHaveLength(2);
    t.telemetry.reset();
    await (await agent.stream({ prompt: 'Weather in Bergen?' })).consumeStream();
    expect(own().map((s) => s.attributes['gen_ai.request.stream'])).toEqual([true, true]);
  });

  it('a step model chosen by prepareStep is recorded as that model', async () => {
    await ai.generateText({
      model: openai().chat('gpt-4o-mini'),
      prompt,
      tools: { noop: ai.tool({ inputSchema: z.object({}), execute: async () => 'ok' }) },
      prepareStep: ({ stepNumber }: { stepNumber: number }) =>
        stepNumber === 0 ? { toolChoice: 'required' } : { model: anthropic()('claude-haiku-4-5') },
      stopWhen: ai.stepCountIs(2),
    });
    expect(
      own().map((s) => [s.attributes['gen_ai.provider.name'], s.attributes['gen_ai.request.model']]),
    ).toEqual([
      ['openai', 'gpt-4o-mini'],
      ['anthropic', 'claude-haiku-4-5'],
    ]);
  });

  it('a provider error: an error span per attempt, the retries of the AI SDK included', async () => {
    // A 429 with `retry-after: 0`, which the AI SDK honours instead of its 2 s backoff.
    const headers = { 'x-mock-error': '429', 'x-mock-retry-after': '0' };
    await expect(
      ai.generateText({ model: openai()('gpt-4o-mini'), prompt, headers, maxRetries: 1 }),
    ).rejects.toThrow();
    expect(t.mock().requests).toHaveLength(2);
    expect(own()).toHaveLength(2);
    for (const span of own()) {
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes['error.type']).toBe('APICallError');
      expect(span.attributes['llmcost.pricing.status']).toBeUndefined();
    }
  });

  it('a stream the app stops reading ends its span with what was seen', async () => {
    const recorded = new Promise<void>((resolve) => {
      const off = onCallRecorded(() => {
        off();
        resolve();
      });
    });
    const result = ai.streamText({ model: anthropic()('claude-sonnet-4-5'), prompt });
    for await (const _ of result.textStream) break;
    await recorded;
    const span = own()[0]!;
    expect(span.attributes['llmcost.pricing.status']).toBeDefined();
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
  });

  it('a hand-made model: its result handed back as it is, an unknown model unpriced (never $0)', async () => {
    const result = { content: [{ type: 'text', text: 'hello' }], warnings: [] };
    const usage =
      major === 5
        ? { inputTokens: 3, outputTokens: 1, totalTokens: 4 }
        : { inputTokens: { total: 3 }, outputTokens: { total: 1 } };
    const model = {
      specificationVersion: major === 5 ? 'v2' : 'v3',
      provider: 'acme.chat',
      modelId: 'acme-1',
      supportedUrls: {},
      doGenerate: async () => ({
        ...result,
        finishReason: major === 5 ? 'stop' : { unified: 'stop' },
        usage,
      }),
      doStream: async () => {
        throw new Error('not streamed');
      },
    };
    const options = Object.freeze({ model, prompt });
    const generated = await ai.generateText(options);
    expect(generated.text).toBe('hello');
    expect(options.model).toBe(model);
    const span = own()[0]!;
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'acme',
      'gen_ai.request.model': 'acme-1',
      'gen_ai.usage.input_tokens': 3,
      'llmcost.pricing.status': 'unpriced',
    });
    expect(span.attributes['gen_ai.usage.cost']).toBeUndefined();
  });

  it('a model id string, resolved through the global provider as the AI SDK resolves it', async () => {
    const global = globalThis as { AI_SDK_DEFAULT_PROVIDER?: unknown };
    global.AI_SDK_DEFAULT_PROVIDER = openai();
    try {
      await ai.generateText({ model: 'gpt-4o-mini', prompt });
      await ai.embed({ model: 'text-embedding-3-small', value: prompt });
    } finally {
      delete global.AI_SDK_DEFAULT_PROVIDER;
    }
    expect(own().map((s) => s.name)).toEqual(['chat gpt-4o-mini', 'embeddings text-embedding-3-small']);
  });

  it('@ai-sdk/openai pointed at an OpenAI-compatible host is that host’s provider', async () => {
    t.instrumentation.setConfig({ providerByHost: { [`127.0.0.1:${t.mock().port}`]: 'groq' } });
    try {
      await ai.generateText({ model: openai().chat('llama-3.1-8b-instant'), prompt });
    } finally {
      t.instrumentation.setConfig({});
    }
    expect(own()[0]!.attributes['gen_ai.provider.name']).toBe('groq');
  });

  it('keeps the app context: spans of the app and ours in one trace', async () => {
    const appTracer = provider.getTracer('app');
    await appTracer.startActiveSpan('handle request', async (root) => {
      await ai.generateText({ model: openai()('gpt-4o-mini'), prompt });
      root.end();
    });
    const root = t.telemetry.spans().find((s) => s.name === 'handle request')!;
    expect(own()[0]!.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
