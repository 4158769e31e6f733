import { describe, expect, it } from 'vitest';
import { fixture, MALFORMED, streamFixture } from './__fixtures__/read-fixture.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';

describe('convertGeminiUsage', () => {
  it('adds thoughts (not in candidatesTokenCount) to output; cached content is inside promptTokenCount', () => {
    expect(convertGeminiUsage(fixture('gemini-generate-content.json'))).toEqual({
      inputTokens: 12043,
      outputTokens: 405 + 934,
      cacheReadInputTokens: 11980,
      reasoningOutputTokens: 934,
    });
  });

  it('agrees with totalTokenCount', () => {
    const response = fixture('gemini-generate-content.json');
    const usage = convertGeminiUsage(response)!;
    expect(usage.inputTokens + usage.outputTokens).toBe(response.usageMetadata.totalTokenCount);
  });

  it('reads running totals of stream chunks; the first chunk may have no candidatesTokenCount', () => {
    const [first, last] = streamFixture('gemini-stream.ndjson');
    expect(convertGeminiUsage(first)).toEqual({ inputTokens: 9, outputTokens: 0 });
    expect(convertGeminiUsage(last)).toEqual({ inputTokens: 9, outputTokens: 11 });
  });

  it('counts tool-use prompt tokens as input', () => {
    expect(
      convertGeminiUsage({ promptTokenCount: 10, candidatesTokenCount: 2, toolUsePromptTokenCount: 30 }),
    ).toEqual({
      inputTokens: 40,
      outputTokens: 2,
    });
  });

  it('returns undefined for malformed objects, never throws', () => {
    for (const bad of MALFORMED) expect(convertGeminiUsage(bad)).toBeUndefined();
    expect(convertGeminiUsage({ promptTokenCount: 1, thoughtsTokenCount: 'x' })).toBeUndefined();
  });
});
