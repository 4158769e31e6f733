// Gemini API and Vertex AI wire format, over HTTP (the real @google/genai SDK drives these routes in
// packages/otel/src/google-genai and the out-of-process matrix).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { route } from '../src/routes.js';
import { startMockLlm } from '../src/server.js';
import type { MockLlmServer } from '../src/types.js';

let mock: MockLlmServer;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${mock.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const contents = [{ role: 'user', parts: [{ text: 'Why is the sky blue?' }] }];

describe('Gemini routes', () => {
  it.each([
    ['/v1beta/models/gemini-2.5-flash:generateContent', 'gemini', 'generate_content', false],
    ['/v1beta/models/gemini-2.5-flash:streamGenerateContent', 'gemini', 'generate_content', true],
    ['/v1beta/models/gemini-embedding-001:batchEmbedContents', 'gemini', 'embed_content', false],
    ['/v1beta/models/gemini-2.5-flash:countTokens', 'gemini', 'count_tokens', false],
    [
      '/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent',
      'vertex_ai',
      'generate_content',
      false,
    ],
    ['/v1/publishers/google/models/text-embedding-005:predict', 'vertex_ai', 'embed_content', false],
  ] as const)('POST %s', (path, provider, operation, stream) => {
    expect(route('POST', path, {})).toMatchObject({ provider, operation, stream });
  });

  it('generateContent: usageMetadata adds up; thoughts inside maxOutputTokens; MAX_TOKENS when cut', async () => {
    const res = await post('/v1beta/models/gemini-2.5-flash:generateContent', {
      contents,
      generationConfig: { maxOutputTokens: 40 },
    });
    const body: any = await res.json();
    const u = body.usageMetadata;
    expect(u.thoughtsTokenCount).toBeGreaterThan(0);
    expect(u.thoughtsTokenCount + u.candidatesTokenCount).toBe(40);
    expect(u.totalTokenCount).toBe(u.promptTokenCount + u.candidatesTokenCount + u.thoughtsTokenCount);
    expect(body.candidates[0].finishReason).toBe('MAX_TOKENS');
    expect(body.modelVersion).toBe('gemini-2.5-flash');
  });

  it('stream: SSE chunks with running usage, complete on the last chunk', async () => {
    const res = await post('/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse', { contents });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const chunks = (await res.text())
      .split('\n\n')
      .filter((e) => e.startsWith('data: '))
      .map((e) => JSON.parse(e.slice(6)));
    expect(chunks.length).toBeGreaterThan(2);
    const last = chunks.at(-1);
    expect(last.candidates[0].finishReason).toBe('STOP');
    expect(chunks[0].usageMetadata.candidatesTokenCount).toBeUndefined();
    expect(last.usageMetadata.candidatesTokenCount).toBe(60);
    expect(mock.requests.at(-1)!.stream).toBe(true);
  });

  it('Vertex :predict reports token counts per instance; the Gemini API batchEmbedContents none', async () => {
    const vertex: any = await (
      await post('/v1/publishers/google/models/text-embedding-005:predict', {
        instances: [{ content: 'one two three' }],
      })
    ).json();
    expect(vertex.predictions[0].embeddings.statistics.token_count).toBeGreaterThan(0);
    expect(vertex.predictions[0].embeddings.values).toHaveLength(768);
    const gemini: any = await (
      await post('/v1beta/models/gemini-embedding-001:batchEmbedContents', {
        requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'x' }] } }],
      })
    ).json();
    expect(Object.keys(gemini)).toEqual(['embeddings']);
  });

  it('errors in the google.rpc.Status shape', async () => {
    const res = await post(
      '/v1beta/models/gemini-2.5-flash:generateContent',
      { contents },
      { 'x-mock-error': '429' },
    );
    expect(res.status).toBe(429);
    expect(((await res.json()) as any).error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
  });
});
