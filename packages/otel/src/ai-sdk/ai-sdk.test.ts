// The real Vercel AI SDK (`ai` 5 and 6, with @ai-sdk/openai and @ai-sdk/anthropic, which speak HTTP themselves)
// against mock-llm, instrumented in process as the register entry does it (require hook on `ai`). ai 7 needs
// Node >= 22: it runs out of process in test/ai-sdk-matrix.test.ts.
import {
  computeCost,
  convertAnthropicUsage,
  convertGeminiUsage,
  convertOpenAIChatUsage,
  convertOpenAIResponsesUsage,
} from '@llmcost/pricing';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { withLlmContext } from '../context.js';
import { loadAiSdk, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { matching } from '../core/test-support/telemetry.js';
import { AiSdkInstrumentation } from './index.js';

const t = useInstrumentation(new AiSdkInstrumentation());
const prompt = 'Tell me about lighthouses';

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});

/** Sum of a counter's points for one feature (the reader is cumulative across the file's tests). */
async function counted(name: string, feature: string): Promise<number> {
  const points = matching(await t.telemetry.points(name), { 'llmcost.feature': feature });
  return points.reduce((n, p) => n + (p.value as number), 0);
}

describe.each([5, 6] as const)('ai %i', (major) => {
  const { ai, createOpenAI, createAnthropic, createGoogleGenerativeAI, z } = loadAiSdk(major);
  const openai = () => createOpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1` });
  const anthropic = () => createAnthropic({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1` });

  it('generateText: one chat span, priced from the usage in the provider response body', async () => {
    const feature = `ai-chat-${major}`;
    const result = await withLlmContext({ feature, userId: 'user-1', tier: 'pro' }, () =>
      ai.generateText({
        model: openai()('gpt-4o-mini'),
        prompt,
        maxOutputTokens: 100,
        temperature: 0.3,
        maxRetries: 0,
      }),
    );
    const span = t.telemetry.onlySpan();
    const body = result.response.body;
    const usage = convertOpenAIResponsesUsage(body.usage)!;
    const cost = computeCost(usage, body.model, { provider: 'openai' });
    expect(cost.status).toBe('priced');
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.max_tokens': 100,
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.stream': false,
      'server.address': '127.0.0.1',
      'server.port': t.mock().port,
      'gen_ai.response.model': body.model,
      'gen_ai.response.id': body.id,
      'gen_ai.response.finish_reasons': [body.status === 'completed' ? 'stop' : body.status],
      'gen_ai.usage.input_tokens': usage.inputTokens,
      'gen_ai.usage.output_tokens': usage.outputTokens,
      'gen_ai.usage.cost': cost.totalUsd,
      'llmcost.pricing.status': 'priced',
      'llmcost.feature': feature,
      'user.id': 'user-1',
      'llmcost.tier': 'pro',
    });
    expect(await counted('llmcost.calls', feature)).toBe(1);
    const costPoints = matching(await t.telemetry.points('gen_ai.usage.cost'), {
      'llmcost.feature': feature,
    });
    expect(costPoints.map((p) => p.value)).toMatchObject([{ count: 1, sum: cost.totalUsd }]);
  });

  it('streamText: usage from the finish part, time to first chunk', async () => {
    const result = ai.streamText({ model: anthropic()('claude-sonnet-4-5'), prompt, maxOutputTokens: 100 });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text.length).toBeGreaterThan(0);
    const metadata = await result.providerMetadata;
    // The raw Anthropic usage the provider package passes on: ai 6 in usage.raw, ai 5 in the provider metadata.
    const raw = major === 6 ? (await result.usage).raw : metadata.anthropic.usage;
    const usage = convertAnthropicUsage(raw)!;
    const span = t.telemetry.onlySpan();
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.stream': true,
      'gen_ai.response.finish_reasons': [major === 6 ? 'end_turn' : 'stop'],
      'gen_ai.usage.input_tokens': usage.inputTokens,
      'gen_ai.usage.output_tokens': usage.outputTokens,
      'gen_ai.usage.cost': computeCost(usage, 'claude-sonnet-4-5', { provider: 'anthropic' }).totalUsd,
    });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  });

  it('Gemini (gcp.gemini): generate_content spans, thinking tokens inside the output', async () => {
    const google = createGoogleGenerativeAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1beta` });
    const generated = await ai.generateText({ model: google('gemini-2.5-flash'), prompt });
    const streamed = ai.streamText({ model: google('gemini-2.5-flash'), prompt });
    await streamed.consumeStream();
    const rawStream =
      major === 6 ? (await streamed.usage).raw : (await streamed.providerMetadata).google.usageMetadata;
    const [span, streamSpan] = t.telemetry.spans();
    for (const [s, raw] of [
      [span!, generated.response.body.usageMetadata],
      [streamSpan!, rawStream],
    ] as const) {
      const usage = convertGeminiUsage(raw)!;
      expect(usage.reasoningOutputTokens).toBeGreaterThan(0);
      expect(s.name).toBe('generate_content gemini-2.5-flash');
      expect(s.attributes).toMatchObject({
        'gen_ai.provider.name': 'gcp.gemini',
        'gen_ai.operation.name': 'generate_content',
        'gen_ai.usage.input_tokens': usage.inputTokens,
        'gen_ai.usage.output_tokens': usage.outputTokens,
        'gen_ai.usage.reasoning.output_tokens': usage.reasoningOutputTokens,
        'gen_ai.usage.cost': computeCost(usage, 'gemini-2.5-flash', { provider: 'gcp.gemini' }).totalUsd,
      });
    }
  });

  it('prices Anthropic cache reads and writes at their published rates (dollars computed by hand)', async () => {
    t.mock().resetCache();
    // The same prompt pinned as in anthropic/messages.test.ts: block A cached by the first call, read by the
    // second, which writes block B. prices.json claude-sonnet-4-5: $3/M input, $0.30/M cache read, $3.75/M
    // cache write (5 min), $15/M output.
    const a = 'You keep the lighthouse on the northern cape. '.repeat(60);
    const b = 'Answer as its keeper, in plain words. '.repeat(30);
    const cache = { anthropic: { cacheControl: { type: 'ephemeral' } } };
    const call = (system: object[]) =>
      ai.generateText({
        model: anthropic()('claude-sonnet-4-5'),
        messages: [...system, { role: 'user', content: 'Tell me about lighthouses' }],
        maxOutputTokens: 100,
        headers: { 'x-mock-output-tokens': '40' },
      });
    await call([{ role: 'system', content: a, providerOptions: cache }]);
    const second = await call([
      { role: 'system', content: a, providerOptions: cache },
      { role: 'system', content: b, providerOptions: cache },
    ]);
    const raw = second.response.body.usage;
    expect([raw.input_tokens, raw.cache_read_input_tokens, raw.cache_creation_input_tokens]).toEqual([
      14, 740, 366,
    ]);
    const attrs = t.telemetry.spans()[1]!.attributes;
    expect(attrs['gen_ai.usage.input_tokens']).toBe(14 + 740 + 366);
    expect(attrs['gen_ai.usage.cache_read.input_tokens']).toBe(740);
    expect(attrs['gen_ai.usage.cache_creation.input_tokens']).toBe(366);
    expect(attrs['gen_ai.usage.output_tokens']).toBe(40);
    expect(attrs['gen_ai.usage.cost']).toBeCloseTo(14 * 3e-6 + 740 * 0.3e-6 + 366 * 3.75e-6 + 40 * 15e-6, 12);
  });

  it('reads OpenAI cached input and reasoning tokens', async () => {
    const result = await ai.generateText({
      model: openai().chat('o4-mini'),
      prompt,
      headers: { 'x-mock-cached-tokens': '4' },
    });
    const usage = convertOpenAIChatUsage(result.response.body.usage)!;
    expect(usage.reasoningOutputTokens).toBe(64);
    expect(usage.cacheReadInputTokens).toBe(4);
    expect(t.telemetry.onlySpan().attributes).toMatchObject({
      'gen_ai.usage.input_tokens': usage.inputTokens,
      'gen_ai.usage.output_tokens': usage.outputTokens,
      'gen_ai.usage.cache_read.input_tokens': 4,
      'gen_ai.usage.reasoning.output_tokens': 64,
      'gen_ai.usage.cost': computeCost(usage, result.response.body.model, { provider: 'openai' }).totalUsd,
    });
  });

  it('a tool loop: one span per model step, and their costs sum to the call total', async () => {
    const feature = `ai-tools-${major}`;
    const result = await withLlmContext({ feature }, () =>
      ai.generateText({
        model: openai().chat('gpt-4o-mini'),
        prompt: 'What is the weather in Oslo?',
        tools: {
          weather: ai.tool({
            description: 'Weather in a city',
            inputSchema: z.object({ city: z.string() }),
            execute: async ({ city }: { city: string }) => `Sunny in ${city}`,
          }),
        },
        // The first step must call the tool (mock-llm honours tool_choice), the second answers.
        prepareStep: ({ stepNumber }: { stepNumber: number }) =>
          stepNumber === 0 ? { toolChoice: 'required' } : { toolChoice: 'none' },
        stopWhen: ai.stepCountIs(3),
      }),
    );
    expect(result.steps).toHaveLength(2);
    const spans = t.telemetry.spans();
    expect(spans.map((s) => s.attributes['gen_ai.response.finish_reasons'])).toEqual([
      ['tool_calls'],
      ['stop'],
    ]);
    const perStep = result.steps.map((step: any) => convertOpenAIChatUsage(step.response.body.usage)!);
    spans.forEach((span, i) => {
      expect(span.attributes['gen_ai.usage.input_tokens']).toBe(perStep[i]!.inputTokens);
    });
    const sum = spans.reduce((s, span) => s + (span.attributes['gen_ai.usage.cost'] as number), 0);
    const total = result.totalUsage;
    const expected = computeCost(
      { inputTokens: total.inputTokens, outputTokens: total.outputTokens },
      'gpt-4o-mini',
      { provider: 'openai' },
    );
    expect(expected.status).toBe('priced');
    expect(sum).toBeCloseTo(expected.totalUsd as number, 15);
    expect(await counted('llmcost.calls', feature)).toBe(2);
  });

  it('generateObject and streamObject: one span each', async () => {
    const schema = z.object({ name: z.string(), height: z.number() });
    const object = await ai.generateObject({ model: openai().chat('gpt-4o-mini'), schema, prompt });
    expect(object.object.name).toBe('example name');
    const streamed = ai.streamObject({ model: anthropic()('claude-sonnet-4-5'), schema, prompt });
    for await (const _ of streamed.partialObjectStream);
    const [generated, stream] = t.telemetry.spans();
    expect(generated!.attributes['gen_ai.usage.input_tokens']).toBe(object.usage.inputTokens);
    expect(generated!.attributes['gen_ai.usage.cost']).toBeGreaterThan(0);
    expect(stream!.attributes['gen_ai.request.stream']).toBe(true);
    expect(stream!.attributes['gen_ai.usage.output_tokens']).toBe((await streamed.usage).outputTokens);
  });

  it('embed and embedMany: an embeddings span per provider request', async () => {
    const model = openai().embedding('text-embedding-3-small');
    const one = await ai.embed({ model, value: 'lighthouse' });
    const many = await ai.embedMany({ model, values: ['a lighthouse', 'a keeper', 'a storm'] });
    const spans = t.telemetry.spans();
    expect(spans.map((s) => s.name)).toEqual([
      'embeddings text-embedding-3-small',
      'embeddings text-embedding-3-small',
    ]);
    expect(spans[0]!.attributes['gen_ai.usage.input_tokens']).toBe(one.usage.tokens);
    expect(spans[1]!.attributes['gen_ai.usage.input_tokens']).toBe(many.usage.tokens);
    expect(spans[1]!.attributes['gen_ai.usage.cost']).toBe(
      computeCost({ inputTokens: many.usage.tokens, outputTokens: 0 }, 'text-embedding-3-small', {
        provider: 'openai',
      }).totalUsd,
    );
  });
});
