import Anthropic, { type APIError as AnthropicAPIError } from '@anthropic-ai/sdk';
import { countMessageTokens } from '@llmcost/pricing';
import OpenAI, { type APIError as OpenAIAPIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type MockLlmServer, startMockLlm } from '../src/index.js';

// The delays are checked by what the server waited for, not by a clock: every non-zero `sleep` of the
// (in-process) server is recorded, then still waited for real.
const sleeps = vi.hoisted((): number[] => []);
vi.mock('../src/http.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/http.js')>();
  return {
    ...real,
    sleep: (ms: number) => {
      if (ms > 0) sleeps.push(ms);
      return real.sleep(ms);
    },
  };
});
beforeEach(() => {
  sleeps.length = 0;
});

let server: MockLlmServer;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  server = await startMockLlm();
  openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

const messages = [{ role: 'user' as const, content: 'Hello there' }];
const chat = (model: string, headers: Record<string, string> = {}) =>
  openai.chat.completions.create({ model, messages }, { headers });
const claude = (model: string, headers: Record<string, string> = {}) =>
  anthropic.messages.create({ model, max_tokens: 1000, messages }, { headers });

describe('x-mock-error: typed SDK errors with the provider error body', () => {
  const openaiCases = [
    [400, OpenAI.BadRequestError],
    [401, OpenAI.AuthenticationError],
    [429, OpenAI.RateLimitError],
    [500, OpenAI.InternalServerError],
  ] as const;
  for (const [status, type] of openaiCases) {
    it(`openai ${status} -> ${type.name}`, async () => {
      const err = (await chat('gpt-4o-mini', { 'x-mock-error': String(status) }).catch(
        (e: unknown) => e,
      )) as OpenAIAPIError;
      expect(err).toBeInstanceOf(type);
      expect(err.status).toBe(status);
      expect(err.requestID).toMatch(/^req_/);
      expect(typeof err.error).toBe('object');
      expect(err.type).toBeTruthy();
      if (status === 429) {
        expect(err.headers?.get('retry-after')).toBe('1');
        expect(err.code).toBe('rate_limit_exceeded');
      }
      if (status === 401) expect(err.code).toBe('invalid_api_key');
    });
  }
  const anthropicCases = [
    [400, Anthropic.BadRequestError, 'invalid_request_error'],
    [401, Anthropic.AuthenticationError, 'authentication_error'],
    [429, Anthropic.RateLimitError, 'rate_limit_error'],
    [500, Anthropic.InternalServerError, 'api_error'],
    [529, Anthropic.InternalServerError, 'overloaded_error'],
  ] as const;
  for (const [status, type, errorType] of anthropicCases) {
    it(`anthropic ${status} -> ${type.name} (${errorType})`, async () => {
      const err = (await claude('claude-haiku-4-5', { 'x-mock-error': String(status) }).catch(
        (e: unknown) => e,
      )) as AnthropicAPIError;
      expect(err).toBeInstanceOf(type);
      expect(err.status).toBe(status);
      expect(err.requestID).toMatch(/^req_011C/);
      expect(err.error).toMatchObject({ type: 'error', error: { type: errorType } });
    });
  }

  it('sends retry-after from x-mock-retry-after and the SDK retries 429 when allowed to', async () => {
    const retrying = new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 1 });
    server.resetRequests();
    const err = await retrying.chat.completions
      .create({ model: 'gpt-4o-mini::error=429,retry-after=0', messages })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as OpenAIAPIError).headers?.get('retry-after')).toBe('0');
    expect(server.requests).toHaveLength(2);
  });
});

describe('model-name suffix', () => {
  it('applies the scenario and strips the suffix from the echoed model and the record', async () => {
    server.resetRequests();
    const res = await chat('gpt-4o-mini::output-tokens=12,cached=3');
    expect(res.model).toBe('gpt-4o-mini');
    expect(res.usage?.completion_tokens).toBe(12);
    expect(res.usage?.prompt_tokens_details?.cached_tokens).toBe(3);
    expect(server.requests[0]?.model).toBe('gpt-4o-mini');
    expect(res.usage?.prompt_tokens).toBe(countMessageTokens(messages, 'gpt-4o-mini').tokens);
  });

  it('wins over a header, and an unknown key is a 400 naming the key', async () => {
    const res = await chat('gpt-4o-mini::tokens=4', { 'x-mock-output-tokens': '9' });
    expect(res.usage?.completion_tokens).toBe(4);
    const err = (await chat('gpt-4o-mini::latenzy=5').catch((e: unknown) => e)) as OpenAIAPIError;
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.message).toContain('"latenzy"');
  });

  it('rejects an invalid header value with one line naming the header', async () => {
    const err = (await chat('gpt-4o-mini', { 'x-mock-latency-ms': 'soon' }).catch(
      (e: unknown) => e,
    )) as OpenAIAPIError;
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.message).toContain('x-mock-latency-ms');
  });
});

describe('latency and time to first chunk', () => {
  it('x-mock-latency-ms delays the response and is reported in openai-processing-ms', async () => {
    const { response } = await openai.chat.completions
      .create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-mock-latency-ms': '150' } })
      .withResponse();
    expect(sleeps).toEqual([150]);
    expect(response.headers.get('openai-processing-ms')).toBe('150');
  });

  it('x-mock-ttfc-ms delays the first chunk after the headers', async () => {
    const stream = await openai.chat.completions.create(
      { model: 'gpt-4o-mini', messages, stream: true },
      { headers: { 'x-mock-ttfc-ms': '200' } },
    );
    let beforeFirstChunk: number[] | undefined;
    for await (const _ of stream) beforeFirstChunk ??= [...sleeps];
    // The server waited 200 ms, and only that, before sending the first chunk.
    expect(beforeFirstChunk).toEqual([200]);
    expect(sleeps).toEqual([200]);
  });
});

describe('chunk delay and response model', () => {
  it('x-mock-chunk-delay-ms spaces the chunks of a stream', async () => {
    const stream = await openai.chat.completions.create(
      { model: 'gpt-4o-mini', messages, stream: true },
      { headers: { 'x-mock-chunk-delay-ms': '20', 'x-mock-output-tokens': '5' } },
    );
    const waitsBefore: number[] = [];
    for await (const _ of stream) waitsBefore.push(sleeps.length);
    // role chunk + 5 words + finish chunk, then [DONE]: a 20 ms wait before each event after the first.
    // Chunk k (from 0) is written after k waits; the next wait may start before the client reads it.
    expect(waitsBefore.length).toBe(7);
    waitsBefore.forEach((waits, k) => {
      expect(waits).toBeGreaterThanOrEqual(k);
    });
    expect(sleeps).toEqual(Array(7).fill(20));
  });

  it('x-mock-response-model reports another model, e.g. a dated snapshot', async () => {
    const res = await chat('gpt-4o-mini', { 'x-mock-response-model': 'gpt-4o-mini-2024-07-18' });
    expect(res.model).toBe('gpt-4o-mini-2024-07-18');
    const msg = await claude('claude-sonnet-4-6::response-model=claude-sonnet-4-6-20260217');
    expect(msg.model).toBe('claude-sonnet-4-6-20260217');
  });
});

describe('x-mock-stream-drop-after', () => {
  it('breaks an OpenAI chat stream: the consumer sees an error after N chunks', async () => {
    const stream = await openai.chat.completions.create(
      { model: 'gpt-4o-mini', messages, stream: true },
      { headers: { 'x-mock-stream-drop-after': '3' } },
    );
    let received = 0;
    const err = await (async () => {
      for await (const _ of stream) received += 1;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(received).toBe(3);
  });

  it('breaks finalChatCompletion() and an Anthropic MessageStream', async () => {
    const runner = openai.chat.completions.stream({ model: 'gpt-4o-mini::drop=5', messages });
    await expect(runner.finalChatCompletion()).rejects.toBeInstanceOf(Error);
    const stream = anthropic.messages.stream({
      model: 'claude-sonnet-4-6::drop=4',
      max_tokens: 100,
      messages,
    });
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(Error);
  });

  it('breaks a Responses stream', async () => {
    const stream = await openai.responses.create({ model: 'gpt-4o-mini::drop=2', input: 'hi', stream: true });
    const types: string[] = [];
    const err = await (async () => {
      for await (const event of stream) types.push(event.type);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(types).toEqual(['response.created', 'response.in_progress']);
  });
});

describe('x-mock-no-usage', () => {
  it('leaves usage out of chat responses and streams', async () => {
    const res = await chat('gpt-4o-mini', { 'x-mock-no-usage': '1' });
    expect(res.usage).toBeUndefined();
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o-mini::no-usage',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => !c.usage)).toBe(true);
    expect(chunks.every((c) => c.choices.length === 1)).toBe(true);
  });

  it('leaves usage out of Anthropic messages and Responses', async () => {
    const res = await claude('claude-sonnet-4-6::no-usage');
    expect(res.usage).toBeUndefined();
    const stream = await anthropic.messages.create({
      model: 'claude-sonnet-4-6::no-usage',
      max_tokens: 50,
      messages,
      stream: true,
    });
    for await (const event of stream) {
      if (event.type === 'message_start') expect(event.message.usage).toBeUndefined();
      if (event.type === 'message_delta') expect(event.usage).toBeUndefined();
    }
    const response = await openai.responses.create({ model: 'gpt-4o-mini::no-usage', input: 'hi' });
    expect(response.usage).toBeNull();
  });
});

describe('usage controls', () => {
  it('x-mock-reasoning-tokens adds reasoning inside completion tokens; x-mock-cached-tokens is capped', async () => {
    const res = await chat('gpt-4o-mini', {
      'x-mock-reasoning-tokens': '30',
      'x-mock-cached-tokens': '100000',
    });
    expect(res.usage?.completion_tokens_details?.reasoning_tokens).toBe(30);
    expect(res.usage?.completion_tokens).toBe(90);
    expect(res.usage?.prompt_tokens_details?.cached_tokens).toBe(res.usage?.prompt_tokens);
  });

  it('x-mock-cost reports an OpenRouter-style usage.cost, in the answer and in the stream usage chunk', async () => {
    const res = await chat('gpt-4o-mini', { 'x-mock-cost': '0.000597' });
    expect((res.usage as unknown as { cost: number }).cost).toBe(0.000597);
    expect((await chat('gpt-4o-mini')).usage).not.toHaveProperty('cost');
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o-mini::cost=0.25',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let cost: unknown;
    for await (const chunk of stream)
      if (chunk.usage) cost = (chunk.usage as unknown as { cost: number }).cost;
    expect(cost).toBe(0.25);
    const err = (await chat('gpt-4o-mini::cost=-1').catch((e: unknown) => e)) as OpenAIAPIError;
    expect(err.message).toContain('a non-negative amount of USD');
  });

  it('x-mock-finish forces the finish reason on every API', async () => {
    const res = await chat('gpt-4o-mini', { 'x-mock-finish': 'length' });
    expect(res.choices[0]?.finish_reason).toBe('length');
    const msg = await claude('claude-sonnet-4-6', { 'x-mock-finish': 'length' });
    expect(msg.stop_reason).toBe('max_tokens');
    const response = await openai.responses.create({ model: 'gpt-4o-mini::finish=length', input: 'hi' });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details?.reason).toBe('max_output_tokens');
  });

  it('x-mock-tool-call makes the model call a tool without a forcing tool_choice', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'search', parameters: { type: 'object', properties: {} } },
      },
    ];
    const res = await openai.chat.completions.create(
      { model: 'gpt-4o-mini', messages, tools },
      { headers: { 'x-mock-tool-call': 'search' } },
    );
    expect(res.choices[0]?.finish_reason).toBe('tool_calls');
    expect(res.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      function: { name: 'search', arguments: '{}' },
    });
  });

  it('server defaults apply when a request sets nothing', async () => {
    const custom = await startMockLlm({ defaults: { outputTokens: 5 } });
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: `${custom.url}/v1`, maxRetries: 0 });
      const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(res.usage?.completion_tokens).toBe(5);
    } finally {
      await custom.close();
    }
  });

  it('defaultHeaders on the client apply to every call', async () => {
    const client = new OpenAI({
      apiKey: 'k',
      baseURL: `${server.url}/v1`,
      maxRetries: 0,
      defaultHeaders: { 'x-mock-output-tokens': '8' },
    });
    const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(res.usage?.completion_tokens).toBe(8);
  });
});

describe('robustness', () => {
  it('survives a client that aborts a stream, and keeps serving', async () => {
    const stream = await openai.chat.completions.create(
      { model: 'gpt-4o-mini', messages, stream: true },
      { headers: { 'x-mock-output-tokens': '2000' } },
    );
    let seen = 0;
    for await (const _ of stream) {
      seen += 1;
      if (seen === 3) break;
    }
    const res = await chat('gpt-4o-mini');
    expect(res.usage?.completion_tokens).toBe(60);
  });

  it('keeps at most maxRecordedRequests requests, dropping the oldest', async () => {
    const small = await startMockLlm({ maxRecordedRequests: 2 });
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: `${small.url}/v1`, maxRetries: 0 });
      for (const tokens of ['1', '2', '3']) {
        await client.chat.completions.create(
          { model: 'gpt-4o-mini', messages },
          { headers: { 'x-mock-output-tokens': tokens } },
        );
      }
      expect(small.requests.map((r) => r.headers['x-mock-output-tokens'])).toEqual(['2', '3']);
    } finally {
      await small.close();
    }
  });

  it('answers invalid JSON with a 400 in the provider shape', async () => {
    const res = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });
});

describe('x-mock-stream-error-after', () => {
  it('ends an OpenAI chat stream with an error object the SDK raises as APIError', async () => {
    const stream = await openai.chat.completions.create(
      { model: 'gpt-4o-mini', messages, stream: true },
      { headers: { 'x-mock-stream-error-after': '2' } },
    );
    let received = 0;
    const err = await (async () => {
      for await (const _ of stream) received += 1;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as OpenAIAPIError).type).toBe('server_error');
    expect(received).toBe(2);
  });

  it('sends Anthropic an overloaded_error event mid-stream', async () => {
    const stream = anthropic.messages.stream({
      model: 'claude-sonnet-4-6::error-after=3',
      max_tokens: 100,
      messages,
    });
    const err = await stream.finalMessage().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as AnthropicAPIError).error).toMatchObject({ error: { type: 'overloaded_error' } });
  });

  it('ends a Responses stream with an error event', async () => {
    const stream = await openai.responses.create({
      model: 'gpt-4o-mini::error-after=2',
      input: 'hi',
      stream: true,
    });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'error']);
    expect(events[2]).toMatchObject({ code: 'server_error', sequence_number: 2 });
  });
});
