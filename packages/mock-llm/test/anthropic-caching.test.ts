import Anthropic from '@anthropic-ai/sdk';
import { countMessageTokens } from '@llmcost/pricing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockLlmServer, startMockLlm } from '../src/index.js';

let server: MockLlmServer;
let client: Anthropic;
const MODEL = 'claude-sonnet-4-6';
const LONG = 'Our price table lists every model with its input, output and cache rates. '.repeat(40);

beforeAll(async () => {
  server = await startMockLlm();
  client = new Anthropic({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.resetCache());

const question = [{ role: 'user' as const, content: 'What does a cached call cost?' }];
const system = (ttl?: '1h'): Anthropic.TextBlockParam[] => [
  { type: 'text', text: LONG, cache_control: ttl ? { type: 'ephemeral', ttl } : { type: 'ephemeral' } },
];

describe('Anthropic prompt caching model', () => {
  it('reports the prefix as cache creation the first time and as cache read afterwards', async () => {
    const prefix = countMessageTokens([], MODEL, { system: [{ type: 'text', text: LONG }] }).tokens;
    const total = countMessageTokens(question, MODEL, { system: [{ type: 'text', text: LONG }] }).tokens;
    const first = await client.messages.create({
      model: MODEL,
      max_tokens: 50,
      system: system(),
      messages: question,
    });
    expect(first.usage.cache_creation_input_tokens).toBe(prefix);
    expect(first.usage.cache_creation).toEqual({
      ephemeral_5m_input_tokens: prefix,
      ephemeral_1h_input_tokens: 0,
    });
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(first.usage.input_tokens).toBe(total - prefix);

    const second = await client.messages.create({
      model: MODEL,
      max_tokens: 50,
      system: system(),
      messages: question,
    });
    expect(second.usage.cache_read_input_tokens).toBe(prefix);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.input_tokens).toBe(total - prefix);
  });

  it('splits writes by ttl and keeps prefixes per model', async () => {
    const first = await client.messages.create({
      model: MODEL,
      max_tokens: 50,
      system: system('1h'),
      messages: question,
    });
    expect(first.usage.cache_creation?.ephemeral_1h_input_tokens).toBe(
      first.usage.cache_creation_input_tokens,
    );
    expect(first.usage.cache_creation?.ephemeral_5m_input_tokens).toBe(0);
    const other = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 50,
      system: system('1h'),
      messages: question,
    });
    expect(other.usage.cache_read_input_tokens).toBe(0);
    expect(other.usage.cache_creation_input_tokens).toBeGreaterThan(0);
  });

  it('reads the previous turn and writes only the new part in a multi-turn conversation', async () => {
    const turn1: Anthropic.MessageParam[] = [
      { role: 'user', content: [{ type: 'text', text: LONG, cache_control: { type: 'ephemeral' } }] },
    ];
    const first = await client.messages.create({ model: MODEL, max_tokens: 50, messages: turn1 });
    const firstPrefix = first.usage.cache_creation_input_tokens ?? 0;
    expect(firstPrefix).toBeGreaterThan(300);
    // The next turn moves the breakpoint to its last message, as the docs recommend.
    const turn2: Anthropic.MessageParam[] = [
      { role: 'user', content: [{ type: 'text', text: LONG }] },
      { role: 'assistant', content: 'Noted.' },
      {
        role: 'user',
        content: [{ type: 'text', text: 'And the cost now?', cache_control: { type: 'ephemeral' } }],
      },
    ];
    const second = await client.messages.create({ model: MODEL, max_tokens: 50, messages: turn2 });
    const plain = turn2.map((m) => ({
      role: m.role,
      content:
        typeof m.content === 'string'
          ? m.content
          : m.content.map((b) => ({ type: 'text', text: (b as { text: string }).text })),
    }));
    const total = countMessageTokens(plain, MODEL).tokens;
    expect(second.usage.cache_read_input_tokens).toBe(firstPrefix);
    expect(second.usage.cache_creation_input_tokens).toBe(total - firstPrefix);
    expect(second.usage.input_tokens).toBe(0);
  });

  it('has no cache numbers without cache_control, and reports them in the streamed message_start', async () => {
    const plain = await client.messages.create({
      model: MODEL,
      max_tokens: 50,
      system: LONG,
      messages: question,
    });
    expect(plain.usage.cache_creation_input_tokens).toBe(0);
    expect(plain.usage.cache_read_input_tokens).toBe(0);
    await client.messages.create({ model: MODEL, max_tokens: 50, system: system(), messages: question });
    const final = await client.messages
      .stream({ model: MODEL, max_tokens: 50, system: system(), messages: question })
      .finalMessage();
    expect(final.usage.cache_read_input_tokens).toBeGreaterThan(300);
    expect(final.usage.cache_creation_input_tokens).toBe(0);
  });

  it('supports top-level automatic cache_control', async () => {
    const body = { model: MODEL, max_tokens: 50, messages: question, cache_control: { type: 'ephemeral' } };
    const post = () =>
      fetch(`${server.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<Anthropic.Message>);
    const first = await post();
    const total = countMessageTokens(question, MODEL).tokens;
    expect(first.usage.cache_creation_input_tokens).toBe(total);
    const second = await post();
    expect(second.usage.cache_read_input_tokens).toBe(total);
    expect(second.usage.input_tokens).toBe(0);
  });
});
