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

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('POST /v1/embeddings', () => {
  it('decodes the SDK default base64 format into floats, with usage = real token count', async () => {
    server.resetRequests();
    const input = ['the quick brown fox', 'jumps over the lazy dog'];
    const res = await client.embeddings.create({ model: 'text-embedding-3-small', input });
    expect(server.requests[0]?.body).toMatchObject({ encoding_format: 'base64' });
    expect(res.data).toHaveLength(2);
    const first = Array.from(res.data[0]?.embedding ?? []);
    expect(first).toHaveLength(1536);
    expect(first.every((x) => Number.isFinite(x))).toBe(true);
    expect(norm(first)).toBeCloseTo(1, 4);
    const tokens = input.reduce((s, t) => s + countTokens(t, 'text-embedding-3-small').tokens, 0);
    expect(res.usage).toEqual({ prompt_tokens: tokens, total_tokens: tokens });
  });

  it('gives the same vector in float format, and honours dimensions', async () => {
    const b64 = await client.embeddings.create({
      model: 'text-embedding-3-large',
      input: 'same text',
      dimensions: 256,
    });
    const floats = await client.embeddings.create({
      model: 'text-embedding-3-large',
      input: 'same text',
      dimensions: 256,
      encoding_format: 'float',
    });
    const a = Array.from(b64.data[0]?.embedding ?? []);
    const b = floats.data[0]?.embedding ?? [];
    expect(a).toHaveLength(256);
    expect(b).toHaveLength(256);
    for (let i = 0; i < 256; i++) expect(a[i]).toBeCloseTo(b[i] as number, 6);
  });

  it('counts token-array input by its length', async () => {
    const res = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: [
        [1, 2, 3],
        [4, 5],
      ],
      encoding_format: 'float',
    });
    expect(res.usage.prompt_tokens).toBe(5);
  });
});

describe('GET /v1/models', () => {
  it('lists and retrieves models in the OpenAI shape', async () => {
    const list = await client.models.list();
    expect(list.data.map((m) => m.id)).toContain('gpt-4o-mini');
    expect(list.data[0]?.object).toBe('model');
    const one = await client.models.retrieve('gpt-4o');
    expect(one).toMatchObject({ id: 'gpt-4o', object: 'model' });
  });
});

describe('unknown routes', () => {
  it('answer 404 with an OpenAI NotFoundError', async () => {
    const err = await client.get('/v1/no-such-thing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
  });
});
