// The deprecated @google/generative-ai (0.24, as @langchain/google-genai installs it) against mock-llm's Gemini
// API: one priced span per request, the budget gate before it, downgrade and clamp on the request sent.
import { BudgetExceededError } from '@llmcost/budget';
import { computeCost, convertGeminiUsage } from '@llmcost/pricing';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { withLlmContext } from '../context.js';
import { loadLangChain, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { TestGuard } from '../core/test-support/test-guard.js';
import { GoogleGenerativeAIInstrumentation } from './index.js';

const t = useInstrumentation(new GoogleGenerativeAIInstrumentation());
const { GoogleGenerativeAI } = loadLangChain(0).generativeAi;
const prompt = 'Tell me about lighthouses';

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});

function model(params: object = {}) {
  return new GoogleGenerativeAI(TEST_API_KEY).getGenerativeModel(
    { model: 'gemini-2.5-flash', ...params },
    { baseUrl: t.mock().url },
  );
}

function costOf(usageMetadata: unknown, id = 'gemini-2.5-flash'): number {
  const cost = computeCost(convertGeminiUsage(usageMetadata)!, id, { provider: 'gcp.gemini' });
  if (cost.status !== 'priced') throw new Error(`${id} unpriced`);
  return cost.totalUsd;
}

describe('@google/generative-ai', () => {
  it('generateContent: one generate_content span, priced from the response usage, attributed', async () => {
    const result = await withLlmContext({ feature: 'gga', userId: 'u-1' }, () =>
      model({ generationConfig: { temperature: 0.2, maxOutputTokens: 200 } }).generateContent(prompt),
    );
    const span = t.telemetry.onlySpan();
    expect(span.name).toBe('generate_content gemini-2.5-flash');
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.request.model': 'gemini-2.5-flash',
      'gen_ai.request.max_tokens': 200,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.stream': false,
      'gen_ai.usage.input_tokens': result.response.usageMetadata.promptTokenCount,
      'llmcost.pricing.status': 'priced',
      'llmcost.feature': 'gga',
      'user.id': 'u-1',
      'server.port': t.mock().port,
    });
    expect(span.attributes['gen_ai.usage.cost']).toBeCloseTo(costOf(result.response.usageMetadata), 12);
    expect(typeof result.response.text()).toBe('string');
  });

  it('generateContentStream: one span when the stream ends, read through the app reading `stream` only', async () => {
    const result = await model().generateContentStream(prompt);
    let text = '';
    let last: any;
    for await (const chunk of result.stream) {
      text += chunk.text();
      last = chunk;
    }
    await result.response;
    expect(text.length).toBeGreaterThan(0);
    const span = t.telemetry.onlySpan();
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(
      last.usageMetadata.candidatesTokenCount + (last.usageMetadata.thoughtsTokenCount ?? 0),
    );
    expect(span.attributes['gen_ai.usage.cost']).toBeCloseTo(costOf(last.usageMetadata), 12);
  });

  it('embedContent and batchEmbedContents: one embeddings span per request, counted locally (no usage reported)', async () => {
    const embedder = model({ model: 'gemini-embedding-001' });
    await embedder.embedContent('one lighthouse');
    await embedder.batchEmbedContents({
      requests: ['two', 'three'].map((text) => ({ content: { role: 'user', parts: [{ text }] } })),
    });
    const spans = t.telemetry.spans();
    expect(spans.map((s) => s.name)).toEqual([
      'embeddings gemini-embedding-001',
      'embeddings gemini-embedding-001',
    ]);
    for (const span of spans) expect(span.attributes['llmcost.pricing.status']).toBe('estimated');
    expect(t.mock().requests.map((r) => r.path)).toEqual([
      '/v1beta/models/gemini-embedding-001:embedContent',
      '/v1beta/models/gemini-embedding-001:batchEmbedContents',
    ]);
  });

  it('the budget gate: a rejection before any request; a downgrade and a clamp on the request sent, the model untouched', async () => {
    t.instrumentation.setConfig({ budgetGuard: new TestGuard({ maxInputChars: 10 }) });
    const app = model({ generationConfig: { maxOutputTokens: 500 } });
    await expect(app.generateContent(prompt)).rejects.toBeInstanceOf(BudgetExceededError);
    await expect(app.generateContentStream(prompt)).rejects.toBeInstanceOf(BudgetExceededError);
    expect(t.mock().requests).toHaveLength(0);

    const guard = new TestGuard({ downgradeTo: 'gemini-2.0-flash', clampOutputTokens: 50 });
    t.instrumentation.setConfig({ budgetGuard: guard });
    await app.generateContent(prompt);
    await app.generateContent({
      contents: [{ role: 'user', parts: [{ text: prompt }] }],
      generationConfig: { maxOutputTokens: 400 },
    });
    const [first, second] = t.mock().requests as any[];
    expect(first.path).toBe('/v1beta/models/gemini-2.0-flash:generateContent');
    expect(first.body.generationConfig.maxOutputTokens).toBe(50);
    expect(second.body.generationConfig.maxOutputTokens).toBe(50);
    expect(app.model).toBe('models/gemini-2.5-flash');
    expect(app.generationConfig.maxOutputTokens).toBe(500);
    await guard.whenSettled(2);
    const spans = t.telemetry.spans().slice(-2);
    for (const span of spans) {
      expect(span.name).toBe('generate_content gemini-2.0-flash');
      expect(span.attributes).toMatchObject({
        'llmcost.budget.decision': 'downgraded',
        'llmcost.budget.downgraded_from': 'gemini-2.5-flash',
        'gen_ai.request.max_tokens': 50,
      });
    }
  });
});
