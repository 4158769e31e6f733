// LangChain.js (@langchain/core 0.3 and 1.x) with the real @langchain/openai and @langchain/anthropic against
// mock-llm, instrumented in process as the register entry does it. Their chat models and embeddings call the
// `openai`, `@anthropic-ai/sdk` and `@google/generative-ai` clients, whose instrumentations make the one priced span
// per provider request; LangChain itself adds none. @langchain/openai 1.x needs openai 7 (Node >= 22): major 1 runs on Node >= 22.
import { BudgetExceededError } from '@llmcost/budget';
import { computeCost } from '@llmcost/pricing';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { beforeAll, describe, expect, it } from 'vitest';
import { AnthropicInstrumentation } from '../anthropic/index.js';
import { withLlmContext } from '../context.js';
import { loadLangChain, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentations } from '../core/test-support/setup.js';
import { matching } from '../core/test-support/telemetry.js';
import { TestGuard } from '../core/test-support/test-guard.js';
import { GoogleGenerativeAIInstrumentation } from '../google-generative-ai/index.js';
import { OpenAIInstrumentation } from '../openai/index.js';
import { LangChainInstrumentation } from './index.js';

const t = useInstrumentations([
  new OpenAIInstrumentation(),
  new AnthropicInstrumentation(),
  new GoogleGenerativeAIInstrumentation(),
  new LangChainInstrumentation(),
]);
const appTracer = new BasicTracerProvider().getTracer('app');
const nodeMajor = Number.parseInt(process.versions.node, 10);

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});

/** The cost of a LangChain message's `usage_metadata` (the provider's usage as LangChain parsed it), by hand. */
function costOf(message: any, model: string, provider: string): number {
  const u = message.usage_metadata;
  const cacheRead = u.input_token_details?.cache_read ?? 0;
  const cacheWrite = u.input_token_details?.cache_creation ?? 0;
  const cost = computeCost(
    {
      inputTokens: u.input_tokens,
      outputTokens: u.output_tokens,
      cacheReadInputTokens: cacheRead,
      cacheCreationInputTokens: cacheWrite,
    },
    model,
    { provider },
  );
  if (cost.status !== 'priced') throw new Error(`${model} unpriced`);
  return cost.totalUsd;
}

async function calls(feature: string): Promise<number> {
  const points = matching(await t.telemetry.points('llmcost.calls'), { 'llmcost.feature': feature });
  return points.reduce((n, p) => n + (p.value as number), 0);
}

describe.each([0, 1] as const)('@langchain/core %i.x', (major) => {
  const skip = major === 1 && nodeMajor < 22;
  const lc = skip ? undefined : loadLangChain(major);
  const openai = (fields: object = {}) =>
    new lc!.openai.ChatOpenAI({
      model: 'gpt-4o-mini',
      apiKey: TEST_API_KEY,
      configuration: { baseURL: `${t.mock().url}/v1` },
      ...fields,
    });
  const anthropic = (fields: object = {}) =>
    new lc!.anthropic.ChatAnthropic({
      model: 'claude-sonnet-4-5',
      apiKey: TEST_API_KEY,
      anthropicApiUrl: t.mock().url,
      maxTokens: 300,
      ...fields,
    });
  const google = (fields: object = {}) =>
    new lc!.google.ChatGoogleGenerativeAI({
      model: 'gemini-2.0-flash',
      apiKey: TEST_API_KEY,
      baseUrl: t.mock().url,
      ...fields,
    });

  it.skipIf(skip)(
    'invoke and stream: one priced span per model call, under the chain span, attributed',
    async () => {
      const feature = `lc-chat-${major}`;
      const results = await withLlmContext({ feature, userId: 'user-7', tier: 'pro' }, () =>
        appTracer.startActiveSpan('agent', async (agent) => {
          const out: any[] = [await openai().invoke('Tell me about lighthouses')];
          // Anthropic's usage is cumulative across a stream's events (message_start's output_tokens is a first count,
          // message_delta's the total: https://docs.anthropic.com/en/docs/build-with-claude/streaming), where
          // LangChain's concat() adds the two up: the usage by hand takes the largest.
          const usage = { input_tokens: 0, output_tokens: 0 };
          for await (const chunk of await anthropic().stream('Tell me about lighthouses')) {
            usage.input_tokens += chunk.usage_metadata?.input_tokens ?? 0;
            usage.output_tokens = Math.max(usage.output_tokens, chunk.usage_metadata?.output_tokens ?? 0);
          }
          out.push({ usage_metadata: usage });
          out.push(await google().invoke('Tell me about lighthouses'));
          // @langchain/google-genai hands out the usage of each chunk as a delta: concat() sums them right.
          let streamed: any;
          for await (const chunk of await google().stream('Tell me about lighthouses'))
            streamed = streamed === undefined ? chunk : streamed.concat(chunk);
          out.push(streamed);
          agent.end();
          return { out, agent: agent.spanContext() };
        }),
      );
      const spans = t.telemetry.spans();
      expect(spans.map((s) => s.name)).toEqual([
        'chat gpt-4o-mini',
        'chat claude-sonnet-4-5',
        'generate_content gemini-2.0-flash',
        'generate_content gemini-2.0-flash',
      ]);
      expect(t.mock().requests.map((r) => [r.operation, r.stream])).toEqual([
        ['chat', false],
        ['messages', true],
        ['generate_content', false],
        ['generate_content', true],
      ]);
      const expected: [string, string, boolean][] = [
        ['gpt-4o-mini', 'openai', false],
        ['claude-sonnet-4-5', 'anthropic', true],
        ['gemini-2.0-flash', 'gcp.gemini', false],
        ['gemini-2.0-flash', 'gcp.gemini', true],
      ];
      spans.forEach((span, i) => {
        const [model, provider, stream] = expected[i]!;
        const message = results.out[i];
        expect(span.parentSpanContext?.spanId).toBe(results.agent.spanId);
        expect(span.spanContext().traceId).toBe(results.agent.traceId);
        expect(span.attributes).toMatchObject({
          'gen_ai.provider.name': provider,
          'gen_ai.request.stream': stream,
          'gen_ai.usage.input_tokens': message.usage_metadata.input_tokens,
          'gen_ai.usage.output_tokens': message.usage_metadata.output_tokens,
          'llmcost.pricing.status': 'priced',
          'llmcost.feature': feature,
          'user.id': 'user-7',
          'llmcost.tier': 'pro',
        });
        expect(span.attributes['gen_ai.usage.cost']).toBeCloseTo(costOf(message, model, provider), 12);
      });
      expect(await calls(feature)).toBe(4);
    },
  );

  it.skipIf(skip)('a tool loop: one span per model step, the sum of the steps is the cost', async () => {
    const { tool } = lc!.tools;
    const { HumanMessage, ToolMessage } = lc!.messages;
    const lookup = tool(async ({ city }: { city: string }) => `${city}: 4 lighthouses`, {
      name: 'lighthouses_in',
      description: 'How many lighthouses a city has',
      schema: lc!.z.object({ city: lc!.z.string() }),
    });
    // [provider, model id, the tool_choice that forces a call, the finish reason of a tool call]
    const cases = [
      ['openai', openai(), 'gpt-4o-mini', 'required', 'tool_calls'],
      ['anthropic', anthropic(), 'claude-sonnet-4-5', 'any', 'tool_use'],
      // Gemini ends a function call turn with STOP: https://ai.google.dev/api/generate-content#FinishReason
      ['gcp.gemini', google(), 'gemini-2.0-flash', 'any', 'stop'],
    ] as const;
    for (const [provider, model, modelId, toolChoice, finish] of cases) {
      t.telemetry.reset();
      const messages: any[] = [new HumanMessage('How many lighthouses in Brest?')];
      const first = await model.bindTools([lookup], { tool_choice: toolChoice }).invoke(messages);
      expect(first.tool_calls).toHaveLength(1);
      messages.push(first);
      const call = first.tool_calls[0];
      messages.push(new ToolMessage({ content: await lookup.invoke(call.args), tool_call_id: call.id }));
      const second = await model.bindTools([lookup]).invoke(messages);
      const spans = t.telemetry.spans();
      expect(spans).toHaveLength(2);
      expect(spans[0]!.attributes['gen_ai.response.finish_reasons']).toEqual([finish]);
      const total = spans.reduce((sum, s) => sum + (s.attributes['gen_ai.usage.cost'] as number), 0);
      expect(total).toBeCloseTo(costOf(first, modelId, provider) + costOf(second, modelId, provider), 12);
    }
  });

  it.skipIf(skip)('embeddings: one embeddings span per request', async () => {
    const embeddings = new lc!.openai.OpenAIEmbeddings({
      model: 'text-embedding-3-small',
      apiKey: TEST_API_KEY,
      configuration: { baseURL: `${t.mock().url}/v1` },
      batchSize: 2,
    });
    const vectors = await embeddings.embedDocuments(['one', 'two', 'three']);
    expect(vectors).toHaveLength(3);
    const spans = t.telemetry.spans();
    expect(t.mock().requests).toHaveLength(2);
    expect(spans.map((s) => s.name)).toEqual([
      'embeddings text-embedding-3-small',
      'embeddings text-embedding-3-small',
    ]);
    for (const span of spans) expect(span.attributes['llmcost.pricing.status']).toBe('priced');

    t.telemetry.reset();
    const gemini = new lc!.google.GoogleGenerativeAIEmbeddings({
      model: 'gemini-embedding-001',
      apiKey: TEST_API_KEY,
      baseUrl: t.mock().url,
    });
    await gemini.embedQuery('one');
    expect(await gemini.embedDocuments(['two', 'three'])).toHaveLength(2);
    // The Gemini API reports no embedding usage: the input is counted locally.
    expect(t.telemetry.spans().map((s) => [s.name, s.attributes['llmcost.pricing.status']])).toEqual([
      ['embeddings gemini-embedding-001', 'estimated'],
      ['embeddings gemini-embedding-001', 'estimated'],
    ]);
  });

  it.skipIf(skip)(
    'a budget rejection reaches the app at once, with no request sent and no retry',
    async () => {
      const guard = new TestGuard({ maxInputChars: 10 });
      t.setConfig({ budgetGuard: guard });
      const prompt = 'Summarise the history of lighthouses';
      const chat = await openai()
        .invoke(prompt)
        .catch((e: unknown) => e);
      expect(chat).toBeInstanceOf(BudgetExceededError);
      const streamed = await (async () => {
        for await (const _ of await anthropic().stream(prompt));
      })().catch((e: unknown) => e);
      expect(streamed).toBeInstanceOf(BudgetExceededError);
      const embedded = await new lc!.openai.OpenAIEmbeddings({
        model: 'text-embedding-3-small',
        apiKey: TEST_API_KEY,
        configuration: { baseURL: `${t.mock().url}/v1` },
      })
        .embedQuery(prompt)
        .catch((e: unknown) => e);
      expect(embedded).toBeInstanceOf(BudgetExceededError);
      const gemini = await google()
        .invoke(prompt)
        .catch((e: unknown) => e);
      expect(gemini).toBeInstanceOf(BudgetExceededError);
      // LangChain's AsyncCaller would ask again up to 6 times, with back-off, without the LangChain instrumentation.
      expect(guard.requests).toHaveLength(4);
      expect(t.mock().requests).toHaveLength(0);
      const spans = t.telemetry.spans();
      expect(spans.map((s) => s.attributes['llmcost.budget.decision'])).toEqual([
        'rejected',
        'rejected',
        'rejected',
        'rejected',
      ]);
    },
  );
});
