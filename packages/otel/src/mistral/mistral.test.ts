// @mistralai/mistralai 1.x and 2.x in process against mock-llm (which answers Mistral models in Mistral's wire
// shape), the client pointed at it with `serverURL`. 2.x is ESM only: required here through require(esm), as a
// CommonJS app loads it. Expected dollars are computed by hand: tokens x the published rate per million
// (prices.json, https://mistral.ai/pricing#api-pricing).
import { createRequire } from 'node:module';
import { BudgetExceededError, createBudgetGuard } from '@llmcost/budget';
import { countTokens } from '@llmcost/pricing';
import { context, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { withLlmContext } from '../context.js';
import { FIXTURES_DIR } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { TestGuard } from '../core/test-support/test-guard.js';
import { MistralInstrumentation } from './instrumentation.js';

const t = useInstrumentation(new MistralInstrumentation());
const M = 1e6;
// USD per 1M tokens: mistral-small-latest -> mistral-small 0.10 in / 0.30 out; mistral-medium-latest ->
// mistral-medium-3-5 1.50 in / 0.15 cached / 7.50 out; ministral-3b-latest -> ministral-3-3b 0.10 / 0.10;
// mistral-embed 0.10.
const SMALL = { input: 0.1, output: 0.3 };
const MEDIUM = { input: 1.5, cacheRead: 0.15, output: 7.5 };
const messages = [{ role: 'user' as const, content: 'Why do lighthouses have different light patterns?' }];

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  context.disable();
});

const loadMistral = (major: 1 | 2) =>
  createRequire(`${FIXTURES_DIR}mistral-v${major}/package.json`)('@mistralai/mistralai');

async function drain(stream: AsyncIterable<any>): Promise<{ text: string; last: any }> {
  let text = '';
  let last: any;
  for await (const event of stream) {
    text += event.data.choices[0]?.delta?.content ?? '';
    last = event.data;
  }
  return { text, last };
}

describe.each([1, 2] as const)('@mistralai/mistralai v%i', (major) => {
  const sdk = loadMistral(major);
  const client = (headers: Record<string, string> = {}) =>
    new sdk.Mistral({ apiKey: 'mistral-test-key', serverURL: t.mock().url, ...mockHeaders(sdk, headers) });

  it('chat.complete: one span with semconv attributes, attribution and the cost by hand', async () => {
    const res = await withLlmContext({ feature: 'faq', userId: 'u-7', tier: 'pro' }, () =>
      client().chat.complete({
        model: 'mistral-small-latest',
        messages,
        maxTokens: 60,
        temperature: 0.3,
        topP: 0.9,
        randomSeed: 7,
      }),
    );
    const u = res.usage;
    const span = t.telemetry.onlySpan();
    expect(span.name).toBe('chat mistral-small-latest');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'mistral_ai',
      'gen_ai.request.model': 'mistral-small-latest',
      'gen_ai.request.max_tokens': 60,
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.seed': 7,
      'gen_ai.request.stream': false,
      'server.address': '127.0.0.1',
      'server.port': t.mock().port,
      'gen_ai.response.model': res.model,
      'gen_ai.response.id': res.id,
      'gen_ai.response.finish_reasons': [res.choices[0].finishReason],
      'gen_ai.usage.input_tokens': u.promptTokens,
      'gen_ai.usage.output_tokens': u.completionTokens,
      'llmcost.pricing.status': 'priced',
      'llmcost.pricing.model': 'mistral-small',
      'llmcost.feature': 'faq',
      'user.id': 'u-7',
      'llmcost.tier': 'pro',
    });
    expect(u.promptTokens).toBeGreaterThan(0);
    expect(u.completionTokens).toBe(60);
    const cost = (u.promptTokens * SMALL.input + u.completionTokens * SMALL.output) / M;
    expect(span.attributes['gen_ai.usage.cost']).toBeCloseTo(cost, 15);
    const [request] = t.mock().requests;
    expect(request!.path).toBe('/v1/chat/completions');
    expect(request!.body).toMatchObject({ max_tokens: 60, random_seed: 7 });
  });

  it('prices cached prompt tokens at the cache-read rate (prompt_tokens includes them)', async () => {
    const res = await client({ 'x-mock-cached-tokens': '8' }).chat.complete({
      model: 'mistral-medium-latest',
      messages,
      maxTokens: 20,
    });
    const u = res.usage;
    const a = t.telemetry.onlySpan().attributes;
    expect(a['gen_ai.usage.input_tokens']).toBe(u.promptTokens);
    expect(a['gen_ai.usage.cache_read.input_tokens']).toBe(8);
    expect(a['llmcost.pricing.model']).toBe('mistral-medium-3-5');
    const cost = ((u.promptTokens - 8) * MEDIUM.input + 8 * MEDIUM.cacheRead + 20 * MEDIUM.output) / M;
    expect(a['gen_ai.usage.cost']).toBeCloseTo(cost, 15);
  });

  it('chat.stream: the SDK’s own EventStream handed back, usage from the last chunk, time to first chunk', async () => {
    const stream = await client().chat.stream({ model: 'mistral-small-latest', messages });
    expect(stream.constructor.name).toBe('EventStream');
    expect(stream.locked).toBe(false);
    const { text, last } = await drain(stream);
    expect(text.length).toBeGreaterThan(0);
    const u = last.usage;
    const a = t.telemetry.onlySpan().attributes;
    expect(a['gen_ai.request.stream']).toBe(true);
    expect(a['gen_ai.usage.input_tokens']).toBe(u.promptTokens);
    expect(a['gen_ai.usage.output_tokens']).toBe(u.completionTokens);
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(a['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(a['llmcost.pricing.status']).toBe('priced');
    expect(a['gen_ai.usage.cost']).toBeCloseTo(
      (u.promptTokens * SMALL.input + u.completionTokens * SMALL.output) / M,
      15,
    );
  });

  it('a stream read with getReader() is observed the same way', async () => {
    const stream = await client().chat.stream({ model: 'ministral-3b-latest', messages });
    const reader = stream.getReader();
    let last: any;
    for (let r = await reader.read(); !r.done; r = await reader.read()) last = r.value.data;
    const a = t.telemetry.onlySpan().attributes;
    expect(a['llmcost.pricing.status']).toBe('priced');
    expect(a['gen_ai.usage.output_tokens']).toBe(last.usage.completionTokens);
    expect(a['gen_ai.usage.cost']).toBeCloseTo(
      ((last.usage.promptTokens + last.usage.completionTokens) * 0.1) / M,
      15,
    );
  });

  it('a stream the app breaks off is priced from the prompt and the output seen (estimated)', async () => {
    const stream = await client().chat.stream({ model: 'mistral-small-latest', messages });
    let text = '';
    let n = 0;
    for await (const event of stream) {
      text += event.data.choices[0]?.delta?.content ?? '';
      if (++n === 3) break;
    }
    const a = t.telemetry.onlySpan().attributes;
    expect(a['llmcost.pricing.status']).toBe('estimated');
    expect(a['llmcost.estimated.output_tokens']).toBe(countTokens(text, 'mistral-small-latest').tokens);
    expect(a['gen_ai.usage.cost']).toBeGreaterThan(0);
  });

  it('embeddings.create: input tokens as reported, priced', async () => {
    const res = await client().embeddings.create({
      model: 'mistral-embed',
      inputs: ['What is a lighthouse?', 'Who keeps it?'],
    });
    expect(res.data).toHaveLength(2);
    expect(res.data[0].embedding).toHaveLength(1024);
    const span = t.telemetry.onlySpan();
    expect(span.name).toBe('embeddings mistral-embed');
    const a = span.attributes;
    expect(a['gen_ai.usage.input_tokens']).toBe(res.usage.promptTokens);
    expect(a['llmcost.pricing.status']).toBe('priced');
    expect(a['gen_ai.usage.cost']).toBeCloseTo((res.usage.promptTokens * 0.1) / M, 15);
  });

  it('records API errors with the SDK error class, no cost', async () => {
    const caught = await client({ 'x-mock-error': '429' })
      .chat.complete({ model: 'mistral-small-latest', messages })
      .catch((err: unknown) => err);
    expect(caught).toBeInstanceOf(Error);
    const span = t.telemetry.onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe((caught as Error).constructor.name);
    expect(span.attributes['gen_ai.usage.cost']).toBeUndefined();
  });

  it('captures input and output messages when asked', async () => {
    t.instrumentation.setConfig({ captureMessageContent: true });
    const res = await client().chat.complete({ model: 'mistral-small-latest', messages, maxTokens: 8 });
    const a = t.telemetry.onlySpan().attributes;
    expect(JSON.parse(a['gen_ai.input.messages'] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: messages[0]!.content }] },
    ]);
    expect(JSON.parse(a['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: res.choices[0].message.content }],
        finish_reason: 'length',
      },
    ]);
  });

  describe('budget gate', () => {
    it('rejects before any request reaches the API: complete, stream, embeddings', async () => {
      const guard = new TestGuard({ maxInputChars: 5 });
      t.instrumentation.setConfig({ budgetGuard: guard });
      const c = client();
      await expect(c.chat.complete({ model: 'mistral-small-latest', messages })).rejects.toBeInstanceOf(
        BudgetExceededError,
      );
      await expect(c.chat.stream({ model: 'mistral-small-latest', messages })).rejects.toBeInstanceOf(
        BudgetExceededError,
      );
      await expect(
        c.embeddings.create({ model: 'mistral-embed', inputs: ['far too long'] }),
      ).rejects.toBeInstanceOf(BudgetExceededError);
      expect(t.mock().requests).toHaveLength(0);
      const spans = t.telemetry.spans();
      expect(spans).toHaveLength(3);
      for (const span of spans) {
        expect(span.attributes['llmcost.budget.decision']).toBe('rejected');
        expect(span.attributes['error.type']).toBe('BudgetExceededError');
      }
      expect(guard.requests[0]).toMatchObject({ provider: 'mistral_ai', model: 'mistral-small-latest' });
    });

    it('downgrades and clamps through a copy of the request; settles the actual cost', async () => {
      const guard = new TestGuard({ downgradeTo: 'ministral-3b-latest', clampOutputTokens: 12 });
      t.instrumentation.setConfig({ budgetGuard: guard });
      const params = { model: 'mistral-medium-latest', messages, maxTokens: 500 };
      const res = await client().chat.complete(params);
      expect(params).toEqual({ model: 'mistral-medium-latest', messages, maxTokens: 500 });
      await guard.whenSettled(1);
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(t.mock().requests[0]!.body).toMatchObject({ model: 'ministral-3b-latest', max_tokens: 12 });
      const span = t.telemetry.onlySpan();
      expect(span.name).toBe('chat ministral-3b-latest');
      expect(span.attributes['llmcost.budget.decision']).toBe('downgraded');
      expect(span.attributes['llmcost.budget.downgraded_from']).toBe('mistral-medium-latest');
      // ministral-3-3b: 0.10 in / 0.10 out.
      const cost = ((res.usage.promptTokens + 12) * 0.1) / M;
      expect(res.usage.completionTokens).toBe(12);
      expect(guard.settled[0]!.actualUsd).toBeCloseTo(cost, 15);
      expect(span.attributes['gen_ai.usage.cost']).toBeCloseTo(cost, 15);
    });

    it('stream metering cuts a stream at the cap through the stream’s own cancel (the connection closes)', async () => {
      // mistral-small output is $0.30 per 1M tokens: a $0.00006 cap is about 200 of the 400 tokens.
      const guard = createBudgetGuard(
        {
          users: { default: { hourUsd: 0.00006 } },
          expectedOutput: { defaultTokens: { default: 20 } },
          metering: { everyTokens: 20 },
        },
        { env: {} },
      );
      t.instrumentation.setConfig({ budgetGuard: guard });
      const c = client({ 'x-mock-output-tokens': '400', 'x-mock-chunk-delay-ms': '1' });
      const { text, error } = await withLlmContext({ userId: 'mistral-fan' }, async () => {
        const stream = await c.chat.stream({ model: 'mistral-small-latest', messages });
        let received = '';
        try {
          for await (const event of stream) received += event.data.choices[0]?.delta?.content ?? '';
        } catch (err) {
          return { text: received, error: err };
        }
        return { text: received, error: undefined };
      });
      await guard.close();
      expect(error).toBeInstanceOf(BudgetExceededError);
      const tokens = countTokens(text, 'mistral-small-latest').tokens;
      expect(tokens).toBeGreaterThan(100);
      expect(tokens).toBeLessThan(400);
      await vi.waitFor(() => expect(t.mock().requests.at(-1)!.clientAborted).toBe(true));
      const span = t.telemetry.onlySpan();
      expect(span.attributes['error.type']).toBe('BudgetExceededError');
      expect(span.attributes['llmcost.pricing.status']).toBe('estimated');
    });
  });
});

/** mock-llm's scenario headers on every request of a client: the SDK's HTTPClient hook (both majors). */
function mockHeaders(sdk: any, headers: Record<string, string>): { httpClient?: unknown } {
  if (Object.keys(headers).length === 0) return {};
  const httpClient = new sdk.HTTPClient();
  httpClient.addHook('beforeRequest', (request: Request) => {
    for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
    return request;
  });
  return { httpClient };
}
