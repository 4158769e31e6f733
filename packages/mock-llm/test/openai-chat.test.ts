import { countMessageTokens, countTokens } from '@llmcost/pricing';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockLlmServer, startMockLlm } from '../src/index.js';

let server: MockLlmServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startMockLlm();
  client = new OpenAI({ apiKey: 'sk-test-secret', baseURL: `${server.url}/v1`, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.resetRequests());

const messages = [
  { role: 'system' as const, content: 'You are terse.' },
  { role: 'user' as const, content: 'How much does this call cost?' },
];

describe('POST /v1/chat/completions', () => {
  it('answers with a chat.completion whose usage is the real token count', async () => {
    const { data, response, request_id } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.id).toMatch(/^chatcmpl-/);
    expect(data.model).toBe('gpt-4o-mini');
    expect(data.choices).toHaveLength(1);
    const content = data.choices[0]?.message.content ?? '';
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage?.prompt_tokens).toBe(countMessageTokens(messages, 'gpt-4o-mini').tokens);
    expect(data.usage?.completion_tokens).toBe(countTokens(content, 'gpt-4o-mini').tokens);
    expect(data.usage?.completion_tokens).toBe(60);
    expect(data.usage?.total_tokens).toBe((data.usage?.prompt_tokens ?? 0) + 60);
    expect(data.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    expect(data.usage?.completion_tokens_details?.reasoning_tokens).toBe(0);
    expect(request_id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get('openai-processing-ms')).toBe('0');
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('records the request with credentials redacted', async () => {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages, temperature: 0.2 });
    expect(server.requests).toHaveLength(1);
    const [recorded] = server.requests;
    expect(recorded).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      model: 'gpt-4o-mini',
      stream: false,
    });
    expect(recorded?.provider).toBe('openai');
    expect(recorded?.operation).toBe('chat');
    expect(recorded?.headers.authorization).toBe('[REDACTED]');
    expect(JSON.stringify(recorded)).not.toContain('sk-test-secret');
    expect(recorded?.body).toMatchObject({ temperature: 0.2 });
  });

  it('streams chunks ending with [DONE], without usage unless include_usage', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    let text = '';
    let finish: string | null | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks += 1;
      expect(chunk.object).toBe('chat.completion.chunk');
      expect(chunk.usage).toBeUndefined();
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(chunks).toBeGreaterThan(2);
    expect(finish).toBe('stop');
    expect(countTokens(text, 'gpt-4o-mini').tokens).toBe(60);
    expect(server.requests[0]?.stream).toBe(true);
  });

  it('streams a final usage chunk with choices: [] when include_usage is set', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks[chunks.length - 1];
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBe(60);
    expect(last?.usage?.prompt_tokens).toBe(countMessageTokens(messages, 'gpt-4o-mini').tokens);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('works with chat.completions.stream() and finalChatCompletion()', async () => {
    const runner = client.chat.completions.stream({
      model: 'gpt-4o',
      messages,
      stream_options: { include_usage: true },
    });
    let deltas = '';
    runner.on('content', (delta) => {
      deltas += delta;
    });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe(deltas);
    expect(final.usage?.completion_tokens).toBe(60);
  });

  it('caps the output at max_completion_tokens / max_tokens with finish_reason length', async () => {
    const a = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      max_completion_tokens: 7,
    });
    expect(a.choices[0]?.finish_reason).toBe('length');
    expect(a.usage?.completion_tokens).toBe(7);
    expect(countTokens(a.choices[0]?.message.content ?? '', 'gpt-4o-mini').tokens).toBe(7);
    const b = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, max_tokens: 5 });
    expect(b.usage?.completion_tokens).toBe(5);
  });

  it('returns n different choices and bills all of them', async () => {
    const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, n: 3 });
    expect(res.choices.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(new Set(res.choices.map((c) => c.message.content)).size).toBe(3);
    expect(res.usage?.completion_tokens).toBe(
      res.choices.reduce((sum, c) => sum + countTokens(c.message.content ?? '', 'gpt-4o-mini').tokens, 0),
    );
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      n: 2,
      stream: true,
    });
    const texts = ['', ''];
    for await (const chunk of stream) for (const c of chunk.choices) texts[c.index] += c.delta.content ?? '';
    expect(texts[0]).toBe(res.choices[0]?.message.content);
    expect(texts[1]).toBe(res.choices[1]?.message.content);
  });

  it('reports reasoning tokens for o-series and gpt-5 models, inside completion_tokens', async () => {
    const res = await client.chat.completions.create({ model: 'o4-mini', messages });
    const reasoning = res.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    expect(reasoning).toBeGreaterThan(0);
    expect(res.usage?.completion_tokens).toBe(60 + reasoning);
    const capped = await client.chat.completions.create({
      model: 'gpt-5',
      messages,
      max_completion_tokens: 70,
    });
    expect(capped.usage?.completion_tokens).toBe(70);
    expect(capped.choices[0]?.finish_reason).toBe('length');
  });

  it('calls a tool when tool_choice forces it, with arguments that match the schema', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'get_weather',
          parameters: {
            type: 'object',
            properties: {
              city: { type: 'string' },
              unit: { type: 'string', enum: ['c', 'f'] },
              days: { type: 'integer' },
            },
            required: ['city'],
          },
        },
      },
    ];
    const forced = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      tools,
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    const call = forced.choices[0]?.message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'example city', unit: 'c', days: 1 });
    expect(forced.choices[0]?.finish_reason).toBe('stop');
    expect(forced.usage?.prompt_tokens).toBe(countMessageTokens(messages, 'gpt-4o-mini', { tools }).tokens);

    const required = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      tools,
      tool_choice: 'required',
    });
    expect(required.choices[0]?.finish_reason).toBe('tool_calls');
    const auto = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
    expect(auto.choices[0]?.message.tool_calls).toBeUndefined();

    const runner = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages,
      tools,
      tool_choice: 'required',
    });
    const final = await runner.finalChatCompletion();
    const streamed = final.choices[0]?.message.tool_calls?.[0];
    if (streamed?.type !== 'function') throw new Error('expected a streamed function call');
    expect(JSON.parse(streamed.function.arguments)).toEqual({ city: 'example city', unit: 'c', days: 1 });
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('answers structured output with JSON that fits the schema, for chat.completions.parse()', async () => {
    const schema = {
      type: 'object',
      properties: {
        city: { type: 'string' },
        cost: { type: 'number' },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['city', 'cost', 'tags'],
      additionalProperties: false,
    };
    const res = await client.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } },
    });
    expect(res.choices[0]?.message.parsed).toEqual({ city: 'example city', cost: 1, tags: ['example tags'] });
    expect(res.usage?.completion_tokens).toBe(
      countTokens(res.choices[0]?.message.content ?? '', 'gpt-4o-mini').tokens,
    );
    const json = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(json.choices[0]?.message.content ?? '')).toEqual({ answer: 'example answer' });
  });

  it('rejects a request without messages with a typed BadRequestError', async () => {
    await expect(
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }),
    ).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });
});
