import Anthropic, { type BadRequestError } from '@anthropic-ai/sdk';
import { countMessageTokens, countTokens } from '@llmcost/pricing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockLlmServer, startMockLlm } from '../src/index.js';

let server: MockLlmServer;
let client: Anthropic;
const MODEL = 'claude-sonnet-4-6';

beforeAll(async () => {
  server = await startMockLlm();
  client = new Anthropic({ apiKey: 'sk-ant-secret', baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.resetRequests();
  server.resetCache();
});

const messages = [{ role: 'user' as const, content: 'Summarise the cost of this call.' }];

describe('POST /v1/messages', () => {
  it('answers with a message whose usage is the real (approximate) token count', async () => {
    const { data, request_id, response } = await client.messages
      .create({ model: MODEL, max_tokens: 1024, system: 'Be brief.', messages })
      .withResponse();
    expect(data.type).toBe('message');
    expect(data.id).toMatch(/^msg_01/);
    expect(data.model).toBe(MODEL);
    expect(data.stop_reason).toBe('end_turn');
    const block = data.content[0];
    if (block?.type !== 'text') throw new Error('expected a text block');
    expect(data.usage.input_tokens).toBe(countMessageTokens(messages, MODEL, { system: 'Be brief.' }).tokens);
    expect(data.usage.output_tokens).toBe(countTokens(block.text, MODEL).tokens);
    expect(data.usage.output_tokens).toBeLessThanOrEqual(60);
    expect(data.usage.output_tokens).toBeGreaterThan(50);
    expect(data.usage.cache_read_input_tokens).toBe(0);
    expect(data.usage.cache_creation_input_tokens).toBe(0);
    expect(data.usage.cache_creation).toEqual({ ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 });
    expect(request_id).toMatch(/^req_011C/);
    expect(response.headers.get('content-type')).toBe('application/json');
    const [recorded] = server.requests;
    expect(recorded).toMatchObject({
      provider: 'anthropic',
      operation: 'messages',
      model: MODEL,
      stream: false,
    });
    // @anthropic-ai/sdk 1.x sends the key as a bearer token, 0.x as x-api-key: both are redacted.
    expect(recorded?.headers.authorization ?? recorded?.headers['x-api-key']).toBe('[REDACTED]');
    expect(JSON.stringify(recorded)).not.toContain('sk-ant-secret');
  });

  it('streams the documented event sequence with cumulative usage in message_delta', async () => {
    const stream = await client.messages.create({ model: MODEL, max_tokens: 1024, messages, stream: true });
    const types: string[] = [];
    let text = '';
    let startUsage: Anthropic.Usage | undefined;
    let deltaUsage: Anthropic.MessageDeltaUsage | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'message_start') startUsage = event.message.usage;
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      if (event.type === 'message_delta') deltaUsage = event.usage;
    }
    expect(types[0]).toBe('message_start');
    expect(types[1]).toBe('content_block_start');
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(types.filter((t) => t === 'content_block_delta').length).toBeGreaterThan(10);
    expect(startUsage?.output_tokens).toBe(1);
    expect(startUsage?.input_tokens).toBe(countMessageTokens(messages, MODEL).tokens);
    expect(deltaUsage?.output_tokens).toBe(countTokens(text, MODEL).tokens);
  });

  it('sends a ping after the first content_block_start on the wire', async () => {
    const res = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'anthropic-version': '2023-06-01',
        'x-mock-output-tokens': '5',
      },
      body: JSON.stringify({ model: MODEL, max_tokens: 100, messages, stream: true }),
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = [...(await res.text()).matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
    const runs = events.filter((e, i) => e !== events[i - 1]);
    expect(runs).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('works with messages.stream(...).finalMessage()', async () => {
    const stream = client.messages.stream({ model: MODEL, max_tokens: 1024, messages });
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    const final = await stream.finalMessage();
    const block = final.content[0];
    if (block?.type !== 'text') throw new Error('expected a text block');
    expect(block.text).toBe(text);
    expect(final.usage.output_tokens).toBe(countTokens(text, MODEL).tokens);
    expect(final.stop_reason).toBe('end_turn');
  });

  it('stops at max_tokens with stop_reason max_tokens', async () => {
    const res = await client.messages.create({ model: MODEL, max_tokens: 10, messages });
    expect(res.stop_reason).toBe('max_tokens');
    expect(res.usage.output_tokens).toBeLessThanOrEqual(10);
    expect(res.usage.output_tokens).toBeGreaterThan(5);
  });

  it('rejects a request without max_tokens with a typed BadRequestError', async () => {
    const missing = { model: MODEL, messages } as unknown as Anthropic.MessageCreateParamsNonStreaming;
    const err = await client.messages.create(missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as BadRequestError).error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error' },
    });
  });

  it('answers with tool_use when tool_choice forces a tool, streaming too', async () => {
    const tools = [
      {
        name: 'lookup_price',
        description: 'Price of a model',
        input_schema: {
          type: 'object' as const,
          properties: { model: { type: 'string' } },
          required: ['model'],
        },
      },
    ];
    const res = await client.messages.create({
      model: MODEL,
      max_tokens: 200,
      messages,
      tools,
      tool_choice: { type: 'any' },
    });
    expect(res.stop_reason).toBe('tool_use');
    const block = res.content[0];
    if (block?.type !== 'tool_use') throw new Error('expected tool_use');
    expect(block.name).toBe('lookup_price');
    expect(block.input).toEqual({ model: 'example model' });
    expect(res.usage.input_tokens).toBe(countMessageTokens(messages, MODEL, { tools }).tokens);
    const final = await client.messages
      .stream({
        model: MODEL,
        max_tokens: 200,
        messages,
        tools,
        tool_choice: { type: 'tool', name: 'lookup_price' },
      })
      .finalMessage();
    const streamed = final.content[0];
    if (streamed?.type !== 'tool_use') throw new Error('expected streamed tool_use');
    expect(streamed.input).toEqual({ model: 'example model' });
  });

  it('returns a thinking block first when extended thinking is enabled', async () => {
    const res = await client.messages.create({
      model: MODEL,
      max_tokens: 2000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages,
    });
    expect(res.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    const final = await client.messages
      .stream({
        model: MODEL,
        max_tokens: 2000,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        messages,
      })
      .finalMessage();
    const thinking = final.content[0];
    if (thinking?.type !== 'thinking') throw new Error('expected thinking');
    expect(thinking.thinking.length).toBeGreaterThan(0);
    expect(thinking.signature.length).toBeGreaterThan(0);
    expect(final.usage.output_tokens).toBe(res.usage.output_tokens);
  });
});

describe('POST /v1/messages/count_tokens', () => {
  it('returns the same input count as messages.create', async () => {
    const counted = await client.messages.countTokens({ model: MODEL, system: 'Be brief.', messages });
    const created = await client.messages.create({
      model: MODEL,
      max_tokens: 10,
      system: 'Be brief.',
      messages,
    });
    expect(counted.input_tokens).toBe(created.usage.input_tokens);
    expect(server.requests[0]?.operation).toBe('count_tokens');
  });
});

describe('GET /v1/models (Anthropic)', () => {
  it('lists models in the Anthropic shape', async () => {
    const page = await client.models.list();
    expect(page.data[0]?.type).toBe('model');
    expect(page.data.some((m) => m.id === 'claude-sonnet-4-6')).toBe(true);
  });
});
