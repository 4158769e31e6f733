import { computeCost, convertOpenAIEmbeddingsUsage } from '@llmcost/pricing';
import { describe, expect, it } from 'vitest';
import { loadOpenAI, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { OpenAIInstrumentation } from './index.js';

const t = useInstrumentation(new OpenAIInstrumentation());

describe.each([4, 5, 6] as const)('openai v%i embeddings.create', (major) => {
  const sdk = loadOpenAI(major);
  const client = () => new sdk.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });

  it('records an embeddings call with its input tokens and cost', async () => {
    const res = await client().embeddings.create({
      model: 'text-embedding-3-small',
      input: ['first document', 'second document'],
      encoding_format: 'float',
    });
    expect(res.data).toHaveLength(2);
    const span = t.telemetry.onlySpan();
    const cost = computeCost(convertOpenAIEmbeddingsUsage(res.usage)!, res.model, { provider: 'openai' });
    expect(cost.status).toBe('priced');
    expect(span.name).toBe('embeddings text-embedding-3-small');
    expect(span.attributes['gen_ai.operation.name']).toBe('embeddings');
    expect(span.attributes['gen_ai.request.encoding_formats']).toEqual(['float']);
    expect(span.attributes['gen_ai.response.model']).toBe(res.model);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(res.usage.prompt_tokens);
    expect(span.attributes['gen_ai.usage.cost']).toBe(cost.totalUsd);
  });

  it('keeps the SDK base64 decoding when the caller sets no encoding_format', async () => {
    const res = await client().embeddings.create({ model: 'text-embedding-3-small', input: 'one' });
    expect(Array.isArray(res.data[0].embedding)).toBe(true);
    expect(typeof res.data[0].embedding[0]).toBe('number');
    expect(t.telemetry.onlySpan().attributes['gen_ai.request.encoding_formats']).toBeUndefined();
  });
});
