import { countTokens } from '@llmcost/pricing';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockLlmServer, startMockLlm } from '../src/index.js';

let server: MockLlmServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startMockLlm();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 });
});
afterAll(() => server.close());

describe('POST /v1/responses', () => {
  it('answers with a completed response, output_text and usage', async () => {
    const res = await client.responses.create({
      model: 'gpt-4.1-mini',
      instructions: 'Be brief.',
      input: 'Price this call',
    });
    expect(res.object).toBe('response');
    expect(res.id).toMatch(/^resp_/);
    expect(res.status).toBe('completed');
    expect(res.model).toBe('gpt-4.1-mini');
    expect(res.output_text.length).toBeGreaterThan(0);
    expect(res.usage?.output_tokens).toBe(countTokens(res.output_text, 'gpt-4.1-mini').tokens);
    expect(res.usage?.output_tokens).toBe(60);
    expect(res.usage?.input_tokens).toBeGreaterThan(5);
    expect(res.usage?.total_tokens).toBe((res.usage?.input_tokens ?? 0) + 60);
    expect(res.usage?.input_tokens_details.cached_tokens).toBe(0);
    expect(res.usage?.output_tokens_details.reasoning_tokens).toBe(0);
  });

  it('counts input items like the equivalent chat messages', async () => {
    const short = await client.responses.create({ model: 'gpt-4o', input: 'hi' });
    const long = await client.responses.create({
      model: 'gpt-4o',
      input: [
        {
          role: 'user',
          content: [{ type: 'input_text', text: 'hi, and a much longer question about cost control' }],
        },
      ],
    });
    expect(long.usage?.input_tokens).toBeGreaterThan(short.usage?.input_tokens ?? 0);
  });

  it('streams the documented event sequence ending with response.completed', async () => {
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'hi', stream: true });
    const types: string[] = [];
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    const runs = types.filter((t, i) => t !== types[i - 1]);
    expect(runs).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(completed?.usage?.output_tokens).toBe(countTokens(text, 'gpt-4o-mini').tokens);
  });

  it('works with responses.stream().finalResponse()', async () => {
    const stream = client.responses.stream({ model: 'gpt-4o-mini', input: 'hi' });
    let deltas = '';
    stream.on('response.output_text.delta', (e) => {
      deltas += e.delta;
    });
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(deltas);
    expect(final.usage?.output_tokens).toBe(60);
  });

  it('reports reasoning for o-series models and an incomplete response at max_output_tokens', async () => {
    const res = await client.responses.create({ model: 'o3', input: 'think', max_output_tokens: 1000 });
    expect(res.output[0]?.type).toBe('reasoning');
    const reasoning = res.usage?.output_tokens_details.reasoning_tokens ?? 0;
    expect(reasoning).toBeGreaterThan(0);
    expect(res.usage?.output_tokens).toBe(60 + reasoning);
    const cut = await client.responses.create({ model: 'gpt-4o-mini', input: 'hi', max_output_tokens: 16 });
    expect(cut.status).toBe('incomplete');
    expect(cut.incomplete_details?.reason).toBe('max_output_tokens');
    expect(cut.usage?.output_tokens).toBe(16);
    const events: string[] = [];
    const stream = await client.responses.create({
      model: 'gpt-4o-mini',
      input: 'hi',
      max_output_tokens: 16,
      stream: true,
    });
    for await (const event of stream) events.push(event.type);
    expect(events[events.length - 1]).toBe('response.incomplete');
  });

  it('answers text.format json_schema with JSON that fits the schema, streaming too', async () => {
    const format = {
      type: 'json_schema' as const,
      name: 'verdict',
      strict: true,
      schema: {
        type: 'object',
        properties: { ok: { type: 'boolean' } },
        required: ['ok'],
        additionalProperties: false,
      },
    };
    const res = await client.responses.create({ model: 'gpt-4o-mini', input: 'ok?', text: { format } });
    expect(JSON.parse(res.output_text)).toEqual({ ok: true });
    const final = await client.responses
      .stream({ model: 'gpt-4o-mini', input: 'ok?', text: { format } })
      .finalResponse();
    expect(JSON.parse(final.output_text)).toEqual({ ok: true });
    expect(final.usage?.output_tokens).toBe(countTokens(final.output_text, 'gpt-4o-mini').tokens);
  });

  it('calls a function tool when tool_choice forces it, streaming too', async () => {
    const tools: OpenAI.Responses.Tool[] = [
      {
        type: 'function',
        name: 'get_budget',
        strict: true,
        parameters: {
          type: 'object',
          properties: { user: { type: 'string' } },
          required: ['user'],
          additionalProperties: false,
        },
      },
    ];
    const res = await client.responses.create({
      model: 'gpt-4o-mini',
      input: 'budget?',
      tools,
      tool_choice: 'required',
    });
    const call = res.output[0];
    if (call?.type !== 'function_call') throw new Error('expected function_call');
    expect(call.name).toBe('get_budget');
    expect(JSON.parse(call.arguments)).toEqual({ user: 'example user' });
    const final = await client.responses
      .stream({
        model: 'gpt-4o-mini',
        input: 'budget?',
        tools,
        tool_choice: { type: 'function', name: 'get_budget' },
      })
      .finalResponse();
    const streamed = final.output[0];
    if (streamed?.type !== 'function_call') throw new Error('expected streamed function_call');
    expect(JSON.parse(streamed.arguments)).toEqual({ user: 'example user' });
  });
});
