import { describe, expect, it } from 'vitest';
import { fixture, MALFORMED } from './__fixtures__/read-fixture.js';
import { convertOpenAIEmbeddingsUsage } from './convert-openai-embeddings-usage.js';

describe('convertOpenAIEmbeddingsUsage', () => {
  it('counts prompt tokens as input and no output', () => {
    expect(convertOpenAIEmbeddingsUsage(fixture('openai-embeddings.json'))).toEqual({
      inputTokens: 8,
      outputTokens: 0,
    });
    expect(convertOpenAIEmbeddingsUsage(fixture('openai-embeddings.json').usage)).toEqual({
      inputTokens: 8,
      outputTokens: 0,
    });
  });

  it('returns undefined for malformed objects, never throws', () => {
    for (const bad of MALFORMED) expect(convertOpenAIEmbeddingsUsage(bad)).toBeUndefined();
  });
});
