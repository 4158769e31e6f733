// @google/genai 1.x and 2.x in process against mock-llm's Gemini and Vertex AI routes (3.x needs Node >= 22: it
// runs out of process, test/register-matrix.test.ts). Expected dollars are computed here by hand from the token
// counts the SDK returned and the published rates (https://ai.google.dev/gemini-api/docs/pricing).
import { BudgetExceededError } from '@llmcost/budget';
import { context, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { withLlmContext } from '../context.js';
import { addCallObserver } from '../core/call-observers.js';
import { loadGoogleAuth, loadGoogleGenAI } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { TestGuard } from '../core/test-support/test-guard.js';
import { GoogleGenAIInstrumentation } from './index.js';

const t = useInstrumentation(new GoogleGenAIInstrumentation());
const M = 1e6;
// USD per 1M tokens, prices.json (asOf 2025-10-01): gemini-2.5-flash 0.30 in / 0.03 cached / 2.50 out;
// gemini-2.5-pro 1.25 / 10, above 200k prompt tokens 2.50 / 15 for the whole request; gemini-embedding-001 0.15.
const FLASH = { input: 0.3, cacheRead: 0.03, output: 2.5 };
const PRO = { input: 1.25, output: 10 };
const PRO_LONG = { input: 2.5, output: 15 };

let removeObserver: (() => void) | undefined;
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterEach(() => removeObserver?.());

describe.each([1, 2] as const)('@google/genai v%i', (major) => {
  const sdk = loadGoogleGenAI(major);
  const gemini = (headers: Record<string, string> = {}) =>
    new sdk.GoogleGenAI({ apiKey: 'gemini-test-key', httpOptions: { baseUrl: t.mock().url, headers } });
  const vertex = () => {
    const { OAuth2Client } = loadGoogleAuth(major);
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: 'vertex-test-token', expiry_date: Date.now() + 3_600_000 });
    return new sdk.GoogleGenAI({
      vertexai: true,
      project: 'llmcost-test',
      location: 'us-central1',
      googleAuthOptions: { authClient },
      httpOptions: { baseUrl: t.mock().url },
    });
  };

  it('generateContent: one span with semconv attributes and the cost by hand (thinking billed as output)', async () => {
    const res = await withLlmContext({ feature: 'faq', userId: 'u-7', tier: 'free' }, () =>
      gemini().models.generateContent({
        model: 'gemini-2.5-flash',
        contents: 'Why is the sky blue?',
        config: { maxOutputTokens: 80, temperature: 0.4, topK: 20 },
      }),
    );
    const u = res.usageMetadata;
    expect(u.thoughtsTokenCount).toBeGreaterThan(0);
    const span = t.telemetry.onlySpan();
    expect(span.name).toBe('generate_content gemini-2.5-flash');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.request.model': 'gemini-2.5-flash',
      'gen_ai.request.max_tokens': 80,
      'gen_ai.request.temperature': 0.4,
      'gen_ai.request.top_k': 20,
      'gen_ai.request.stream': false,
      'server.address': '127.0.0.1',
      'server.port': t.mock().port,
      'gen_ai.response.model': res.modelVersion,
      'gen_ai.response.id': res.responseId,
      'gen_ai.response.finish_reasons': [res.candidates[0].finishReason.toLowerCase()],
      'gen_ai.usage.input_tokens': u.promptTokenCount,
      'gen_ai.usage.output_tokens': u.candidatesTokenCount + u.thoughtsTokenCount,
      'gen_ai.usage.reasoning.output_tokens': u.thoughtsTokenCount,
      'llmcost.pricing.status': 'priced',
      'llmcost.pricing.model': 'gemini-2.5-flash',
      'llmcost.feature': 'faq',
      'user.id': 'u-7',
      'llmcost.tier': 'free',
    });
    const cost =
      (u.promptTokenCount * FLASH.input + (u.candidatesTokenCount + u.thoughtsTokenCount) * FLASH.output) / M;
    expect(span.attributes['gen_ai.usage.cost']).toBeCloseTo(cost, 15);
  });

  it('prices cached content at the cache-read rate (promptTokenCount includes it)', async () => {
    const res = await gemini({ 'x-mock-cached-tokens': '6' }).models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'A question about the lighthouse on the northern cape, asked twice.',
      config: { thinkingConfig: { thinkingBudget: 0 } },
    });
    const u = res.usageMetadata;
    expect(u.cachedContentTokenCount).toBe(6);
    const a = t.telemetry.onlySpan().attributes;
    expect(a['gen_ai.usage.input_tokens']).toBe(u.promptTokenCount);
    expect(a['gen_ai.usage.cache_read.input_tokens']).toBe(6);
    expect(a['llmcost.cost.cache_read_usd']).toBeCloseTo((6 * FLASH.cacheRead) / M, 15);
    const cost =
      ((u.promptTokenCount - 6) * FLASH.input + 6 * FLASH.cacheRead + u.candidatesTokenCount * FLASH.output) /
      M;
    expect(a['gen_ai.usage.cost']).toBeCloseTo(cost, 15);
  });

  it('prices a prompt above 200k tokens at the long-context tier, for the whole request', async () => {
    const res = await gemini().models.generateContent({
      model: 'gemini-2.5-pro',
      contents: 'The keeper logs the weather. '.repeat(36_000),
      config: { maxOutputTokens: 100 },
    });
    const u = res.usageMetadata;
    expect(u.promptTokenCount).toBeGreaterThan(200_000);
    const out = u.candidatesTokenCount + u.thoughtsTokenCount;
    const a = t.telemetry.onlySpan().attributes;
    expect(a['gen_ai.usage.cost']).toBeCloseTo(
      (u.promptTokenCount * PRO_LONG.input + out * PRO_LONG.output) / M,
      15,
    );
    expect(a['gen_ai.usage.cost']).not.toBeCloseTo(
      (u.promptTokenCount * PRO.input + out * PRO.output) / M,
      6,
    );
  });

  it('generateContentStream: one span, usage from the last chunk, the stream handed back intact', async () => {
    const stream = await gemini().models.generateContentStream({
      model: 'gemini-2.0-flash',
      contents: 'Stream a short answer.',
    });
    let text = '';
    let last: any;
    for await (const chunk of stream) {
      text += chunk.text ?? '';
      last = chunk;
    }
    expect(text.length).toBeGreaterThan(0);
    const u = last.usageMetadata;
    const a = t.telemetry.onlySpan().attributes;
    expect(a['gen_ai.request.stream']).toBe(true);
    expect(a['gen_ai.usage.input_tokens']).toBe(u.promptTokenCount);
    expect(a['gen_ai.usage.output_tokens']).toBe(u.candidatesTokenCount);
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(a['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    // gemini-2.0-flash: 0.10 in / 0.40 out.
    expect(a['gen_ai.usage.cost']).toBeCloseTo(
      (u.promptTokenCount * 0.1 + u.candidatesTokenCount * 0.4) / M,
      15,
    );
  });

  it('a stream broken off by the app is priced from the reported input plus the output seen', async () => {
    const stream = await gemini().models.generateContentStream({
      model: 'gemini-2.0-flash',
      contents: 'Stream a long answer.',
    });
    let n = 0;
    let first: any;
    for await (const chunk of stream) {
      first ??= chunk;
      if (++n === 3) break;
    }
    const a = t.telemetry.onlySpan().attributes;
    expect(a['llmcost.pricing.status']).toBe('estimated');
    expect(a['gen_ai.usage.input_tokens']).toBe(first.usageMetadata.promptTokenCount);
    expect(a['llmcost.estimated.output_tokens']).toBeGreaterThan(0);
    expect(a['gen_ai.usage.cost']).toBeGreaterThan(0);
  });

  it('chats: exactly one span per sendMessage and per sendMessageStream', async () => {
    const chat = gemini().chats.create({ model: 'gemini-2.5-flash' });
    await chat.sendMessage({ message: 'Hello' });
    const stream = await chat.sendMessageStream({ message: 'And again' });
    for await (const _ of stream);
    const spans = t.telemetry.spans();
    expect(spans.map((s) => s.name)).toEqual([
      'generate_content gemini-2.5-flash',
      'generate_content gemini-2.5-flash',
    ]);
    expect(spans.map((s) => s.attributes['gen_ai.request.stream'])).toEqual([false, true]);
    expect(t.mock().requests).toHaveLength(2);
  });

  it('automatic function calling: one priced span per request the SDK sends, each with its own usage', async () => {
    const lookup = {
      tool: async () => ({
        functionDeclarations: [
          {
            name: 'lighthouse_height',
            description: 'Height of a lighthouse in metres',
            parameters: { type: 'OBJECT', properties: { name: { type: 'STRING' } }, required: ['name'] },
          },
        ],
      }),
      callTool: async (calls: any[]) =>
        calls.map((c) => ({ functionResponse: { name: c.name, response: { metres: 49 } } })),
    };
    // mock-llm answers every request with a call of the tool; the SDK runs it and asks again, two requests in all (maximumRemoteCalls).
    const res = await gemini({ 'x-mock-tool-call': 'lighthouse_height' }).models.generateContent({
      model: 'gemini-2.0-flash',
      contents: 'How tall is the Tower of Hercules?',
      config: { tools: [lookup], automaticFunctionCalling: { maximumRemoteCalls: 2 } },
    });
    expect(res.functionCalls?.[0]?.name).toBe('lighthouse_height');
    const spans = t.telemetry.spans();
    expect(t.mock().requests).toHaveLength(2);
    expect(spans).toHaveLength(2);
    // The second request carries the first answer and the tool's result: a longer prompt, its own cost.
    const [first, second] = spans.map((s) => s.attributes);
    expect(second!['gen_ai.usage.input_tokens']).toBeGreaterThan(
      first!['gen_ai.usage.input_tokens'] as number,
    );
    for (const a of [first!, second!]) {
      const cost =
        ((a['gen_ai.usage.input_tokens'] as number) * 0.1 +
          (a['gen_ai.usage.output_tokens'] as number) * 0.4) /
        M;
      expect(a['gen_ai.usage.cost']).toBeCloseTo(cost, 15);
    }
  });

  it('countTokens makes no span (it bills nothing)', async () => {
    const res = await gemini().models.countTokens({ model: 'gemini-2.5-flash', contents: 'How many?' });
    expect(res.totalTokens).toBeGreaterThan(0);
    expect(t.telemetry.spans()).toHaveLength(0);
  });

  it('embedContent on the Gemini API: input counted locally (the API reports none), estimated', async () => {
    const res = await gemini().models.embedContent({
      model: 'gemini-embedding-001',
      contents: ['What is a lighthouse?', 'Who keeps it?'],
      config: { outputDimensionality: 64 },
    });
    expect(res.embeddings).toHaveLength(2);
    expect(res.embeddings[0].values).toHaveLength(64);
    const span = t.telemetry.onlySpan();
    expect(span.name).toBe('embeddings gemini-embedding-001');
    const a = span.attributes;
    expect(a['gen_ai.embeddings.dimension.count']).toBe(64);
    expect(a['llmcost.pricing.status']).toBe('estimated');
    const tokens = a['llmcost.estimated.input_tokens'] as number;
    expect(tokens).toBeGreaterThan(0);
    expect(a['gen_ai.usage.cost']).toBeCloseTo((tokens * 0.15) / M, 15);
  });

  it('Vertex AI mode: provider gcp.vertex_ai, the project path, priced at the Gemini list price', async () => {
    const res = await vertex().models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Why is the sky blue?',
    });
    const [request] = t.mock().requests;
    expect(request!.path).toMatch(
      /^\/v1(beta1)?\/projects\/llmcost-test\/locations\/us-central1\/publishers\/google\/models\/gemini-2\.5-flash:generateContent$/,
    );
    expect(request!.headers.authorization).toBe('[REDACTED]');
    const u = res.usageMetadata;
    const a = t.telemetry.onlySpan().attributes;
    expect(a['gen_ai.provider.name']).toBe('gcp.vertex_ai');
    const out = u.candidatesTokenCount + u.thoughtsTokenCount;
    expect(a['gen_ai.usage.cost']).toBeCloseTo(
      (u.promptTokenCount * FLASH.input + out * FLASH.output) / M,
      15,
    );
  });

  it('Vertex AI embeddings: token counts reported by the API, priced', async () => {
    await vertex().models.embedContent({ model: 'gemini-embedding-001', contents: 'What is a lighthouse?' });
    const a = t.telemetry.onlySpan().attributes;
    expect(a['gen_ai.provider.name']).toBe('gcp.vertex_ai');
    expect(a['llmcost.pricing.status']).toBe('priced');
    const tokens = a['gen_ai.usage.input_tokens'] as number;
    expect(a['gen_ai.usage.cost']).toBeCloseTo((tokens * 0.15) / M, 15);
  });

  it('records API errors with the SDK error class, no cost', async () => {
    const caught = await gemini({ 'x-mock-error': '429' })
      .models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' })
      .catch((err: unknown) => err);
    expect(caught).toBeInstanceOf(Error);
    const span = t.telemetry.onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe((caught as Error).constructor.name);
    expect(span.attributes['gen_ai.usage.cost']).toBeUndefined();
  });

  it('captures input and output messages when asked', async () => {
    t.instrumentation.setConfig({ captureMessageContent: true });
    const res = await gemini().models.generateContent({
      model: 'gemini-2.0-flash',
      contents: 'Say hi',
      config: { systemInstruction: 'Be brief.' },
    });
    const a = t.telemetry.onlySpan().attributes;
    expect(JSON.parse(a['gen_ai.input.messages'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Say hi' }] },
    ]);
    expect(JSON.parse(a['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: res.text }], finish_reason: 'stop' },
    ]);
  });

  describe('budget gate', () => {
    it('rejects before any request reaches the API, for generateContent and streams', async () => {
      const guard = new TestGuard({ maxInputChars: 5 });
      t.instrumentation.setConfig({ budgetGuard: guard });
      const ai = gemini();
      await expect(
        ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Too long a prompt' }),
      ).rejects.toBeInstanceOf(BudgetExceededError);
      await expect(
        ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Too long a prompt' }),
      ).rejects.toBeInstanceOf(BudgetExceededError);
      expect(t.mock().requests).toHaveLength(0);
      const spans = t.telemetry.spans();
      expect(spans).toHaveLength(2);
      for (const span of spans) {
        expect(span.attributes['llmcost.budget.decision']).toBe('rejected');
        expect(span.attributes['error.type']).toBe('BudgetExceededError');
      }
      expect(guard.requests[0]).toMatchObject({ provider: 'gcp.gemini', model: 'gemini-2.5-flash' });
      expect(guard.inputTexts[0]).toContain('Too long a prompt');
    });

    it('downgrades and clamps through a copy of the request; settles the actual cost', async () => {
      const guard = new TestGuard({ downgradeTo: 'gemini-2.5-flash-lite', clampOutputTokens: 12 });
      t.instrumentation.setConfig({ budgetGuard: guard });
      const config = { maxOutputTokens: 500 };
      const params = { model: 'gemini-2.5-pro', contents: 'Summarise the lighthouse log.', config };
      const res = await gemini().models.generateContent(params);
      expect(params.model).toBe('gemini-2.5-pro');
      expect(config.maxOutputTokens).toBe(500);
      // The span ends once the guard has settled (its events land on it).
      await guard.whenSettled(1);
      await new Promise<void>((resolve) => setImmediate(resolve));
      const [request] = t.mock().requests;
      expect(request!.path).toBe('/v1beta/models/gemini-2.5-flash-lite:generateContent');
      expect((request!.body as any).generationConfig.maxOutputTokens).toBe(12);
      const span = t.telemetry.onlySpan();
      expect(span.name).toBe('generate_content gemini-2.5-flash-lite');
      expect(span.attributes['llmcost.budget.decision']).toBe('downgraded');
      expect(span.attributes['llmcost.budget.downgraded_from']).toBe('gemini-2.5-pro');
      const u = res.usageMetadata;
      // gemini-2.5-flash-lite: 0.10 in / 0.40 out.
      const cost = (u.promptTokenCount * 0.1 + u.candidatesTokenCount * 0.4) / M;
      expect(guard.settled[0]!.actualUsd).toBeCloseTo(cost, 15);
      expect(span.attributes['gen_ai.usage.cost']).toBeCloseTo(cost, 15);
    });
  });

  it('abortStream stops the request through an AbortSignal and ends the loop with the reason', async () => {
    class CutOff extends Error {}
    removeObserver = addCallObserver((call) => {
      let n = 0;
      call.chunkObserver = (c) => {
        if (++n === 3) c.abortStream(new CutOff('cap reached'));
      };
    });
    const own = new AbortController();
    const stream = await gemini({ 'x-mock-chunk-delay-ms': '5' }).models.generateContentStream({
      model: 'gemini-2.0-flash',
      contents: 'Stream a long answer.',
      config: { abortSignal: own.signal },
    });
    let received = 0;
    const caught = await (async () => {
      for await (const _ of stream) received++;
    })().catch((err: unknown) => err);
    expect(caught).toBeInstanceOf(CutOff);
    expect(received).toBe(3);
    expect(own.signal.aborted).toBe(false);
    await vi.waitFor(() => expect(t.mock().requests[0]!.clientAborted).toBe(true));
    const span = t.telemetry.onlySpan();
    expect(span.attributes['error.type']).toBe('CutOff');
    expect(span.attributes['llmcost.pricing.status']).toBe('estimated');
  });
});
