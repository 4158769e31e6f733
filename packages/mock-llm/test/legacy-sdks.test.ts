import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockLlmServer, startMockLlm } from '../src/index.js';

// The older SDK majors the instrumentation supports, loaded from the workspace's test fixtures.
const fixture = (name: string) =>
  createRequire(fileURLToPath(new URL(`../../../test/fixtures/${name}/package.json`, import.meta.url)));
const load = (name: string, pkg: string) => {
  const mod = fixture(name)(pkg);
  return mod.default ?? mod;
};
const version = (name: string, pkg: string): string =>
  JSON.parse(
    readFileSync(
      new URL(`../../../test/fixtures/${name}/node_modules/${pkg}/package.json`, import.meta.url),
      'utf8',
    ),
  ).version;

let server: MockLlmServer;
beforeAll(async () => {
  server = await startMockLlm();
});
afterAll(() => server.close());

const messages = [{ role: 'user', content: 'hello from an older SDK' }];

for (const name of ['openai-v4', 'openai-v5']) {
  describe(`${name} (openai@${version(name, 'openai')})`, () => {
    const OpenAI = load(name, 'openai');
    const client = () => new OpenAI({ apiKey: 'k', baseURL: `${server.url}/v1`, maxRetries: 0 });

    it('parses chat completions, streams, helpers and embeddings', async () => {
      const res = await client().chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(res.usage.completion_tokens).toBe(60);
      const stream = await client().chat.completions.create({
        model: 'gpt-4o-mini',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage: { completion_tokens: number } | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        usage = chunk.usage ?? usage;
      }
      expect(text).toBe(res.choices[0].message.content);
      expect(usage?.completion_tokens).toBe(60);
      const c = client();
      const helper = c.chat.completions.stream ? c.chat.completions : c.beta.chat.completions;
      const final = await helper.stream({ model: 'gpt-4o-mini', messages }).finalChatCompletion();
      expect(final.choices[0].message.content).toBe(text);
      const emb = await c.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' });
      expect(Array.from(emb.data[0].embedding as ArrayLike<number>).every((x) => Number.isFinite(x))).toBe(
        true,
      );
      expect(emb.data[0].embedding).toHaveLength(1536);
    });

    it('parses responses, both ways', async () => {
      const res = await client().responses.create({ model: 'gpt-4o-mini', input: 'hi' });
      expect(res.output_text.length).toBeGreaterThan(0);
      const final = await client().responses.stream({ model: 'gpt-4o-mini', input: 'hi' }).finalResponse();
      // Older SDKs' finalResponse() does not add the output_text convenience field.
      expect(final.output[0].content[0].text).toBe(res.output_text);
      expect(final.usage.output_tokens).toBe(60);
    });

    it('raises the typed errors and surfaces a dropped stream', async () => {
      const c = client();
      for (const [status, type] of [
        [400, OpenAI.BadRequestError],
        [401, OpenAI.AuthenticationError],
        [429, OpenAI.RateLimitError],
        [500, OpenAI.InternalServerError],
      ]) {
        const err = await c.chat.completions
          .create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-mock-error': String(status) } })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(type);
      }
      const stream = await c.chat.completions.create({
        model: 'gpt-4o-mini::drop=2',
        messages,
        stream: true,
      });
      await expect(
        (async () => {
          for await (const _ of stream) {
          }
        })(),
      ).rejects.toBeInstanceOf(Error);
    });
  });
}

describe(`anthropic-v0 (@anthropic-ai/sdk@${version('anthropic-v0', '@anthropic-ai/sdk')})`, () => {
  const Anthropic = load('anthropic-v0', '@anthropic-ai/sdk');
  const client = () => new Anthropic({ apiKey: 'sk-ant-old', baseURL: server.url, maxRetries: 0 });
  const MODEL = 'claude-haiku-4-5';

  it('parses messages both ways, finalMessage and count_tokens', async () => {
    server.resetRequests();
    const res = await client().messages.create({ model: MODEL, max_tokens: 100, messages });
    expect(res.content[0].type).toBe('text');
    expect(res.usage.output_tokens).toBeGreaterThan(40);
    expect(server.requests[0]?.headers['x-api-key']).toBe('[REDACTED]');
    const stream = await client().messages.create({ model: MODEL, max_tokens: 100, messages, stream: true });
    let text = '';
    for await (const event of stream) if (event.type === 'content_block_delta') text += event.delta.text;
    expect(text).toBe(res.content[0].text);
    const final = await client().messages.stream({ model: MODEL, max_tokens: 100, messages }).finalMessage();
    expect(final.content[0].text).toBe(text);
    expect(final.usage.output_tokens).toBe(res.usage.output_tokens);
    const counted = await client().messages.countTokens({ model: MODEL, messages });
    expect(counted.input_tokens).toBe(res.usage.input_tokens);
  });

  it('raises the typed errors and surfaces a dropped stream', async () => {
    for (const [status, type] of [
      [400, Anthropic.BadRequestError],
      [401, Anthropic.AuthenticationError],
      [429, Anthropic.RateLimitError],
      [500, Anthropic.InternalServerError],
    ]) {
      const err = await client()
        .messages.create(
          { model: MODEL, max_tokens: 10, messages },
          { headers: { 'x-mock-error': String(status) } },
        )
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(type);
    }
    const stream = client().messages.stream({ model: `${MODEL}::drop=3`, max_tokens: 100, messages });
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(Error);
  });
});
