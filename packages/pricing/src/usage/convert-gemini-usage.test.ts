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

  // Real responses recorded by the @google/genai test suite (googleapis/js-genai, commits ca8f9f8 and 828c6d3):
  // https://github.com/googleapis/js-genai/blob/ca8f9f89b5aebcac5de77a092ee7af9627c2cc9d/test/system/recordings/Client_Tests_generateContent_ML_Dev_should_generate_content_with_retry_options_provided_to_the_client.json
  // https://github.com/googleapis/js-genai/blob/828c6d34bf750907489c665881074c23be7ccfbf/test/system/recordings/Client_Tests_Vertex_AI_should_generate_content_with_retry_options_provided_to_the_client.json
  // maxOutputTokens was 200 in both: thoughts + candidates (41 + 157, 41 + 156) stay under it, so the limit
  // covers thinking too, and totalTokenCount = prompt + candidates + thoughts.
  it('reads a recorded Gemini API response exactly (thinking billed as output)', () => {
    const response = fixture('gemini-generate-content-recorded.json');
    expect(convertGeminiUsage(response)).toEqual({
      inputTokens: 7,
      outputTokens: 157 + 41,
      reasoningOutputTokens: 41,
    });
    expect(convertGeminiUsage(response.usageMetadata)).toEqual(convertGeminiUsage(response));
    expect(7 + 157 + 41).toBe(response.usageMetadata.totalTokenCount);
  });

  it('reads a recorded Vertex AI response exactly (its extra fields ignored)', () => {
    const response = fixture('vertex-generate-content-recorded.json');
    expect(convertGeminiUsage(response)).toEqual({
      inputTokens: 6,
      outputTokens: 156 + 41,
      reasoningOutputTokens: 41,
    });
    expect(6 + 156 + 41).toBe(response.usageMetadata.totalTokenCount);
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
