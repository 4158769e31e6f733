import { AzureOpenAI } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockLlmServer, startMockLlm } from '../src/index.js';

let server: MockLlmServer;

beforeAll(async () => {
  server = await startMockLlm();
});
afterAll(() => server.close());
beforeEach(() => server.resetRequests());

const messages = [{ role: 'user' as const, content: 'hello azure' }];

describe('Azure OpenAI paths (AzureOpenAI client)', () => {
  it('serves chat completions on /openai/deployments/{deployment} with the underlying model name', async () => {
    const client = new AzureOpenAI({
      endpoint: server.url,
      apiKey: 'azure-secret',
      apiVersion: '2024-10-21',
      deployment: 'prod-gpt-4o-mini',
      maxRetries: 0,
    });
    const res = await client.chat.completions.create({ model: 'ignored-by-azure', messages });
    expect(res.model).toBe('gpt-4o-mini-2024-07-18');
    expect(res.usage?.completion_tokens).toBe(60);
    const [recorded] = server.requests;
    expect(recorded).toMatchObject({
      provider: 'azure',
      operation: 'chat',
      path: '/openai/deployments/prod-gpt-4o-mini/chat/completions',
      query: { 'api-version': '2024-10-21' },
    });
    expect(recorded?.headers['api-key']).toBe('[REDACTED]');
    expect(JSON.stringify(recorded)).not.toContain('azure-secret');
  });

  it('streams with the Azure content-filter first chunk (choices: []) and usage', async () => {
    const client = new AzureOpenAI({
      endpoint: server.url,
      apiKey: 'k',
      apiVersion: '2024-10-21',
      maxRetries: 0,
    });
    const stream = await client.chat.completions.create({
      model: 'chat-deployment',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(server.requests[0]?.path).toBe('/openai/deployments/chat-deployment/chat/completions');
    expect(chunks[0]?.choices).toEqual([]);
    expect(chunks[1]?.model).toBe('gpt-4o-2024-11-20');
    expect(chunks[chunks.length - 1]?.usage?.completion_tokens).toBe(60);
    const final = await client.chat.completions
      .stream({ model: 'chat-deployment', messages })
      .finalChatCompletion();
    expect(final.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });

  it('serves embeddings and responses on the paths the client builds', async () => {
    const client = new AzureOpenAI({
      endpoint: server.url,
      apiKey: 'k',
      apiVersion: 'preview',
      maxRetries: 0,
    });
    const emb = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' });
    expect(Array.from(emb.data[0]?.embedding ?? [])).toHaveLength(1536);
    const res = await client.responses.create({ model: 'gpt-4.1-deploy', input: 'hi' });
    expect(res.model).toBe('gpt-4.1-2025-04-14');
    expect(server.requests.map((r) => r.path)).toEqual([
      '/openai/deployments/text-embedding-3-small/embeddings',
      '/openai/responses',
    ]);
    const v1 = new AzureOpenAI({
      baseURL: `${server.url}/openai/v1`,
      apiKey: 'k',
      apiVersion: 'preview',
      maxRetries: 0,
    });
    const viaV1 = await v1.responses.create({ model: 'gpt-4o-mini', input: 'hi', stream: true });
    for await (const _ of viaV1) {
    }
    expect(server.requests[2]?.path).toBe('/openai/v1/responses');
    expect(server.requests[2]?.provider).toBe('azure');
  });
});
