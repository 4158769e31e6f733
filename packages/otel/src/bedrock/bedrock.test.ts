// @aws-sdk/client-bedrock-runtime in process, the real client (its default HTTP/2 handler, SigV4 with static fake
// credentials) against mock-llm's Bedrock routes. Expected dollars are computed here by hand from the token counts
// the SDK returned and the published rates (https://aws.amazon.com/bedrock/pricing/, prices.json).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { BudgetExceededError } from '@llmcost/budget';
import { context, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { withLlmContext } from '../context.js';
import { addCallObserver } from '../core/call-observers.js';
import { loadBedrock } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { TestGuard } from '../core/test-support/test-guard.js';
import { BedrockRuntimeInstrumentation } from './index.js';

const t = useInstrumentation(new BedrockRuntimeInstrumentation());
const sdk = loadBedrock();
const M = 1e6;
// USD per 1M tokens (prices.json): Claude Sonnet 4.5 through a regional profile (us.) is 10% above Anthropic's
// list price; Haiku 4.5 through the global profile is the list price.
const SONNET_US = { input: 3.3, output: 16.5, cacheRead: 0.33, cacheWrite: 4.125 };
const HAIKU_GLOBAL = { input: 1, output: 5 };
const NOVA_MICRO = { input: 0.035, output: 0.14 };
const LLAMA_8B = { input: 0.22, output: 0.22 };
const TITAN_EXPRESS = { input: 0.2, output: 0.6 };
const SONNET = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';
const messages = [{ role: 'user', content: [{ text: 'Why is the sky blue?' }] }];

/** A client as an app makes one: fake static credentials, the endpoint on mock-llm, mock headers by middleware. */
function client(headers: Record<string, string> = {}, endpoint = t.mock().url) {
  const c = new sdk.BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'AKIDLLMCOSTTEST', secretAccessKey: 'llmcost-test-SECRET' },
    maxAttempts: 1,
  });
  c.middlewareStack.add(
    (next: any) => (args: any) => {
      Object.assign(args.request.headers, headers);
      return next(args);
    },
    { step: 'build', name: 'mockHeaders' },
  );
  return c;
}

const cost = (u: { input: number; output: number }, rate: { input: number; output: number }) =>
  (u.input * rate.input + u.output * rate.output) / M;

let removeObserver: (() => void) | undefined;
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterEach(() => removeObserver?.());

describe('Converse', () => {
  it('one span with semconv attributes, the SDK’s own output, and the cost by hand', async () => {
    const input = {
      modelId: SONNET,
      messages,
      inferenceConfig: { maxTokens: 80, temperature: 0.3, topP: 0.9 },
    };
    const command = new sdk.ConverseCommand(input);
    const res = await withLlmContext({ feature: 'faq', userId: 'u-7', tier: 'pro' }, () =>
      client().send(command),
    );
    const u = res.usage;
    const span = t.telemetry.onlySpan();
    expect(span.name).toBe(`chat ${SONNET}`);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': SONNET,
      'gen_ai.request.max_tokens': 80,
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.stream': false,
      'server.address': '127.0.0.1',
      'server.port': t.mock().port,
      'gen_ai.response.finish_reasons': [res.stopReason],
      'gen_ai.usage.input_tokens': u.inputTokens,
      'gen_ai.usage.output_tokens': u.outputTokens,
      'llmcost.pricing.status': 'priced',
      'llmcost.pricing.model': 'anthropic.claude-sonnet-4-5',
      'llmcost.feature': 'faq',
      'user.id': 'u-7',
      'llmcost.tier': 'pro',
    });
    expect(span.attributes['gen_ai.usage.cost']).toBeCloseTo(
      cost({ input: u.inputTokens, output: u.outputTokens }, SONNET_US),
      15,
    );
    expect(res.output.message.role).toBe('assistant');
    expect(command.input).toBe(input);
    expect(t.mock().requests[0]!.path).toBe(`/model/${encodeURIComponent(SONNET)}/converse`);
  });

  it('prompt caching: a cachePoint write, then a read of the same prefix, each priced at its rate', async () => {
    const system = [
      { text: 'You answer questions about the weather. '.repeat(60) },
      { cachePoint: { type: 'default' } },
    ];
    const c = client();
    const first = await c.send(new sdk.ConverseCommand({ modelId: SONNET, system, messages }));
    const second = await c.send(new sdk.ConverseCommand({ modelId: SONNET, system, messages }));
    expect(first.usage.cacheWriteInputTokens).toBeGreaterThan(500);
    expect(second.usage.cacheReadInputTokens).toBe(first.usage.cacheWriteInputTokens);
    const [write, read] = t.telemetry.spans();
    for (const [span, u] of [
      [write!, first.usage],
      [read!, second.usage],
    ] as const) {
      const cacheRead = u.cacheReadInputTokens ?? 0;
      const cacheWrite = u.cacheWriteInputTokens ?? 0;
      expect(span.attributes['gen_ai.usage.input_tokens']).toBe(u.inputTokens + cacheRead + cacheWrite);
      expect(span.attributes['gen_ai.usage.cache_read.input_tokens'] ?? 0).toBe(cacheRead);
      expect(span.attributes['gen_ai.usage.cache_creation.input_tokens'] ?? 0).toBe(cacheWrite);
      const usd =
        (u.inputTokens * SONNET_US.input +
          cacheRead * SONNET_US.cacheRead +
          cacheWrite * SONNET_US.cacheWrite +
          u.outputTokens * SONNET_US.output) /
        M;
      expect(span.attributes['gen_ai.usage.cost']).toBeCloseTo(usd, 15);
    }
  });

  it('ConverseStream: usage from the metadata event, the SDK’s own stream object, time to first chunk', async () => {
    const res = await client().send(
      new sdk.ConverseStreamCommand({ modelId: 'amazon.nova-micro-v1:0', messages }),
    );
    const stream = res.stream;
    let text = '';
    let usage: any;
    for await (const event of res.stream) {
      text += event.contentBlockDelta?.delta?.text ?? '';
      if (event.metadata) usage = event.metadata.usage;
    }
    expect(res.stream).toBe(stream);
    expect(text.length).toBeGreaterThan(0);
    const span = t.telemetry.onlySpan();
    expect(span.name).toBe('chat amazon.nova-micro-v1:0');
    expect(span.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': usage.inputTokens,
      'gen_ai.usage.output_tokens': usage.outputTokens,
      'llmcost.pricing.status': 'priced',
    });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(span.attributes['gen_ai.usage.cost']).toBeCloseTo(
      cost({ input: usage.inputTokens, output: usage.outputTokens }, NOVA_MICRO),
      15,
    );
  });

  it('reads a stream recorded from Bedrock itself through the real SDK exactly (13 in, 82 out)', async () => {
    // A real ConverseStream response (amazon.nova-micro-v1:0) recorded by the pydantic-ai test suite:
    // https://github.com/pydantic/pydantic-ai/blob/111dda9bcd3bb8542d24be815343c17ca133e4e8/tests/models/cassettes/test_bedrock/test_bedrock_model_stream.yaml
    const recorded = Buffer.from(
      readFileSync(
        new URL('../../../mock-llm/test/fixtures/bedrock-converse-stream-recorded.b64', import.meta.url),
        'utf8',
      ),
      'base64',
    );
    const replay = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
      res.end(recorded);
    });
    await new Promise<void>((resolve) => replay.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(replay.address() as AddressInfo).port}`;
    try {
      const res = await client({}, url).send(
        new sdk.ConverseStreamCommand({ modelId: 'amazon.nova-micro-v1:0', messages }),
      );
      let text = '';
      for await (const event of res.stream) text += event.contentBlockDelta?.delta?.text ?? '';
      expect(text).toMatch(/^The capital of France is Paris\./);
      const span = t.telemetry.onlySpan();
      expect(span.attributes).toMatchObject({
        'gen_ai.usage.input_tokens': 13,
        'gen_ai.usage.output_tokens': 82,
        'gen_ai.response.finish_reasons': ['end_turn'],
      });
      expect(span.attributes['gen_ai.usage.cost']).toBeCloseTo(
        cost({ input: 13, output: 82 }, NOVA_MICRO),
        15,
      );
    } finally {
      replay.close();
    }
  });

  it('a Bedrock error: the exception name as error.type, no cost; the callback form gets it too', async () => {
    const c = client({ 'x-mock-error': '429' });
    const err = await c.send(new sdk.ConverseCommand({ modelId: SONNET, messages })).catch((e: unknown) => e);
    expect((err as Error).name).toBe('ThrottlingException');
    const viaCallback = await new Promise((resolve) =>
      c.send(new sdk.ConverseCommand({ modelId: SONNET, messages }), (e: unknown) => resolve(e)),
    );
    expect((viaCallback as Error).name).toBe('ThrottlingException');
    const spans = t.telemetry.spans();
    expect(spans).toHaveLength(2);
    for (const span of spans) {
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes['error.type']).toBe('ThrottlingException');
      expect(span.attributes['gen_ai.usage.cost']).toBeUndefined();
    }
  });
});

const anthropicBody = (max = 60) =>
  JSON.stringify({
    anthropic_version: 'bedrock-2023-05-31',
    max_tokens: max,
    messages: [{ role: 'user', content: 'Why is the sky blue?' }],
  });
const decode = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8'));

describe('InvokeModel', () => {
  it('Anthropic body: usage from the body, priced by the model id called (global profile: list price)', async () => {
    const res = await client().send(new sdk.InvokeModelCommand({ modelId: HAIKU, body: anthropicBody() }));
    const body = decode(res.body);
    const span = t.telemetry.onlySpan();
    expect(span.name).toBe(`chat ${HAIKU}`);
    expect(span.attributes).toMatchObject({
      'gen_ai.request.max_tokens': 60,
      'gen_ai.request.stream': false,
      'gen_ai.response.model': body.model,
      'gen_ai.response.id': body.id,
      'gen_ai.usage.input_tokens': body.usage.input_tokens,
      'gen_ai.usage.output_tokens': body.usage.output_tokens,
      'llmcost.pricing.model': 'claude-haiku-4-5',
    });
    expect(span.attributes['gen_ai.usage.cost']).toBeCloseTo(
      cost({ input: body.usage.input_tokens, output: body.usage.output_tokens }, HAIKU_GLOBAL),
      15,
    );
  });

  it('streams: Anthropic, Nova, Llama and Titan events inside chunk bytes, each priced', async () => {
    const c = client();
    const cases = [
      { modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', body: anthropicBody(), op: 'chat' },
      {
        modelId: 'amazon.nova-micro-v1:0',
        body: JSON.stringify({ schemaVersion: 'messages-v1', messages, inferenceConfig: { maxTokens: 50 } }),
        op: 'chat',
      },
      {
        modelId: 'meta.llama3-1-8b-instruct-v1:0',
        body: JSON.stringify({ prompt: 'Why is the sky blue?', max_gen_len: 50 }),
        op: 'text_completion',
      },
      {
        modelId: 'amazon.titan-text-express-v1',
        body: JSON.stringify({
          inputText: 'Why is the sky blue?',
          textGenerationConfig: { maxTokenCount: 50 },
        }),
        op: 'text_completion',
      },
    ];
    const metrics: any[] = [];
    for (const { modelId, body } of cases) {
      const res = await c.send(new sdk.InvokeModelWithResponseStreamCommand({ modelId, body }));
      for await (const event of res.body) {
        const chunk = decode(event.chunk.bytes);
        if (chunk['amazon-bedrock-invocationMetrics'])
          metrics.push(chunk['amazon-bedrock-invocationMetrics']);
      }
    }
    const spans = t.telemetry.spans();
    expect(spans.map((s) => s.name)).toEqual(cases.map((c) => `${c.op} ${c.modelId}`));
    const rates = [SONNET_US, NOVA_MICRO, LLAMA_8B, TITAN_EXPRESS];
    spans.forEach((span, i) => {
      const m = metrics[i];
      expect(span.attributes['gen_ai.request.stream']).toBe(true);
      expect(span.attributes['gen_ai.usage.input_tokens']).toBe(
        m.inputTokenCount + (m.cacheReadInputTokenCount ?? 0),
      );
      expect(span.attributes['gen_ai.usage.output_tokens']).toBe(m.outputTokenCount);
      expect(span.attributes['llmcost.pricing.status']).toBe('priced');
      expect(span.attributes['gen_ai.usage.cost']).toBeCloseTo(
        cost({ input: m.inputTokenCount, output: m.outputTokenCount }, rates[i]!),
        15,
      );
    });
  });

  it('Llama and Titan bodies without a stream; Titan and Cohere embeddings', async () => {
    const c = client();
    const llama = decode(
      (
        await c.send(
          new sdk.InvokeModelCommand({
            modelId: 'meta.llama3-1-8b-instruct-v1:0',
            body: JSON.stringify({ prompt: 'Hi', max_gen_len: 20, temperature: 0.5 }),
          }),
        )
      ).body,
    );
    const titan = decode(
      (
        await c.send(
          new sdk.InvokeModelCommand({
            modelId: 'amazon.titan-embed-text-v2:0',
            body: JSON.stringify({ inputText: 'Embed this sentence.', dimensions: 256 }),
          }),
        )
      ).body,
    );
    await c.send(
      new sdk.InvokeModelCommand({
        modelId: 'cohere.embed-english-v3',
        body: new TextEncoder().encode(
          JSON.stringify({ texts: ['one', 'two'], input_type: 'search_document' }),
        ),
      }),
    );
    const [l, te, co] = t.telemetry.spans();
    expect(l!.attributes).toMatchObject({
      'gen_ai.operation.name': 'text_completion',
      'gen_ai.request.max_tokens': 20,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.usage.input_tokens': llama.prompt_token_count,
      'gen_ai.usage.output_tokens': llama.generation_token_count,
      'gen_ai.response.finish_reasons': [llama.stop_reason],
    });
    expect(l!.attributes['gen_ai.usage.cost']).toBeCloseTo(
      cost({ input: llama.prompt_token_count, output: llama.generation_token_count }, LLAMA_8B),
      15,
    );
    expect(te!.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.embeddings.dimension.count': 256,
      'gen_ai.usage.input_tokens': titan.inputTextTokenCount,
      'llmcost.pricing.status': 'priced',
    });
    // Titan Text Embeddings V2: $0.02 per 1M input tokens.
    expect(te!.attributes['gen_ai.usage.cost']).toBeCloseTo((titan.inputTextTokenCount * 0.02) / M, 15);
    // Cohere Embed reports no count in the body: counted locally.
    expect(co!.attributes['gen_ai.operation.name']).toBe('embeddings');
    expect(co!.attributes['llmcost.pricing.status']).toBe('estimated');
  });

  it('an inference-profile ARN is priced like its profile id', async () => {
    const arn = `arn:aws:bedrock:us-east-1:123456789012:inference-profile/${SONNET}`;
    const res = await client().send(new sdk.InvokeModelCommand({ modelId: arn, body: anthropicBody() }));
    const u = decode(res.body).usage;
    const span = t.telemetry.onlySpan();
    expect(span.attributes['gen_ai.request.model']).toBe(arn);
    expect(span.attributes['gen_ai.usage.cost']).toBeCloseTo(
      cost({ input: u.input_tokens, output: u.output_tokens }, SONNET_US),
      15,
    );
  });
});

describe('budget gate', () => {
  it('rejects before anything is sent (no request reaches mock-llm); the caller’s command is unchanged', async () => {
    t.instrumentation.setConfig({ budgetGuard: new TestGuard({ maxInputChars: 10 }) });
    const command = new sdk.ConverseCommand({ modelId: SONNET, messages });
    const err = await client()
      .send(command)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BudgetExceededError);
    const streamErr = await client()
      .send(new sdk.ConverseStreamCommand({ modelId: SONNET, messages }))
      .catch((e: unknown) => e);
    expect(streamErr).toBeInstanceOf(BudgetExceededError);
    expect(t.mock().requests).toHaveLength(0);
    for (const span of t.telemetry.spans()) {
      expect(span.attributes['llmcost.budget.decision']).toBe('rejected');
      expect(span.attributes['error.type']).toBe('BudgetExceededError');
    }
  });

  it('downgrade and clamp: a copy of the input goes out (Converse and InvokeModel), the caller’s stays as it was', async () => {
    const guard = new TestGuard({ downgradeTo: HAIKU, clampOutputTokens: 25 });
    t.instrumentation.setConfig({ budgetGuard: guard });
    const converseInput = { modelId: SONNET, messages, inferenceConfig: { maxTokens: 500 } };
    const invokeInput = { modelId: SONNET, body: anthropicBody(500) };
    const c = client();
    await c.send(new sdk.ConverseCommand(converseInput));
    await c.send(new sdk.InvokeModelCommand(invokeInput));
    expect(converseInput).toEqual({ modelId: SONNET, messages, inferenceConfig: { maxTokens: 500 } });
    expect(invokeInput.body).toBe(anthropicBody(500));
    const [converse, invoke] = t.mock().requests;
    expect(converse!.path).toBe(`/model/${encodeURIComponent(HAIKU)}/converse`);
    expect((converse!.body as any).inferenceConfig.maxTokens).toBe(25);
    expect(invoke!.path).toBe(`/model/${encodeURIComponent(HAIKU)}/invoke`);
    expect((invoke!.body as any).max_tokens).toBe(25);
    await guard.whenSettled(2);
    await vi.waitFor(() => expect(t.telemetry.spans()).toHaveLength(2));
    for (const span of t.telemetry.spans()) {
      expect(span.name).toBe(`chat ${HAIKU}`);
      expect(span.attributes).toMatchObject({
        'llmcost.budget.decision': 'downgraded',
        'llmcost.budget.downgraded_from': SONNET,
        'gen_ai.request.max_tokens': 25,
      });
    }
    expect(guard.settled.map((s) => s.actualUsd)).toEqual(
      t.telemetry.spans().map((s) => s.attributes['gen_ai.usage.cost']),
    );
  });
});

describe('abortStream', () => {
  it('stops the HTTP/2 stream through the request’s AbortSignal; the app’s loop ends with the reason', async () => {
    class CutOff extends Error {}
    removeObserver = addCallObserver((call) => {
      let chunks = 0;
      call.chunkObserver = (c) => {
        if (++chunks === 4) c.abortStream(new CutOff('cap reached'));
      };
    });
    const c = client({ 'x-mock-output-tokens': '200', 'x-mock-chunk-delay-ms': '5' });
    for (const command of [
      new sdk.ConverseStreamCommand({ modelId: SONNET, messages }),
      new sdk.InvokeModelWithResponseStreamCommand({ modelId: SONNET, body: anthropicBody(500) }),
    ]) {
      const res = await c.send(command);
      let received = 0;
      const err = await (async () => {
        for await (const _ of res.stream ?? res.body) received++;
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CutOff);
      // The fourth event reaches the app; its next read ends the loop.
      expect(received).toBe(4);
    }
    await vi.waitFor(() => expect(t.mock().requests.map((r) => r.clientAborted)).toEqual([true, true]));
    for (const span of t.telemetry.spans()) {
      expect(span.attributes['error.type']).toBe('CutOff');
      // What was seen before the cut, counted locally.
      expect(span.attributes['llmcost.pricing.status']).toBe('estimated');
    }
  });
});
