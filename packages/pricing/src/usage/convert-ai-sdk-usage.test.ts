// The usage objects below are what the @ai-sdk provider packages build from the vendor's usage (their
// convert-*-usage.ts files, read in @ai-sdk/openai 2.0.140 / 3.0.141, @ai-sdk/anthropic 2.0.112 / 3.0.140 /
// 4.0.112, @ai-sdk/google 2.0.108 / 3.0.143). The same conversions run end to end against the real packages in
// packages/otel/src/ai-sdk/*.test.ts.
import { describe, expect, it } from 'vitest';
import { MALFORMED } from './__fixtures__/read-fixture.js';
import { convertAiSdkEmbeddingUsage, convertAiSdkUsage } from './convert-ai-sdk-usage.js';

describe('convertAiSdkUsage, LanguageModelV3/V4 usage (ai 6 and 7)', () => {
  it('takes the totals, which already include cache reads and writes and reasoning', () => {
    // @ai-sdk/anthropic 3.x for input_tokens 6, cache_read 6289, cache_creation 3337 (1h: 1000), output 198
    const usage = {
      inputTokens: { total: 9632, noCache: 6, cacheRead: 6289, cacheWrite: 3337 },
      outputTokens: { total: 198, text: undefined, reasoning: undefined },
      raw: {
        input_tokens: 6,
        cache_read_input_tokens: 6289,
        cache_creation_input_tokens: 3337,
        cache_creation: { ephemeral_5m_input_tokens: 2337, ephemeral_1h_input_tokens: 1000 },
        output_tokens: 198,
      },
    };
    expect(convertAiSdkUsage(usage, { provider: 'anthropic' })).toEqual({
      inputTokens: 9632,
      outputTokens: 198,
      cacheReadInputTokens: 6289,
      cacheCreationInputTokens: 3337,
      cacheCreation1hInputTokens: 1000,
    });
  });

  it('keeps reasoning inside the output (Gemini thoughts are added by @ai-sdk/google)', () => {
    const usage = {
      inputTokens: { total: 120, noCache: 100, cacheRead: 20, cacheWrite: undefined },
      outputTokens: { total: 90, text: 40, reasoning: 50 },
      raw: { promptTokenCount: 120, candidatesTokenCount: 40, thoughtsTokenCount: 50 },
    };
    expect(convertAiSdkUsage(usage, { provider: 'gcp.gemini' })).toEqual({
      inputTokens: 120,
      outputTokens: 90,
      cacheReadInputTokens: 20,
      reasoningOutputTokens: 50,
    });
  });

  it('rebuilds a missing total from its parts', () => {
    const usage = {
      inputTokens: { total: undefined, noCache: 10, cacheRead: 5, cacheWrite: 2 },
      outputTokens: { total: undefined, text: 7, reasoning: 3 },
    };
    expect(convertAiSdkUsage(usage)).toEqual({
      inputTokens: 17,
      outputTokens: 10,
      cacheReadInputTokens: 5,
      cacheCreationInputTokens: 2,
      reasoningOutputTokens: 3,
    });
  });

  it('is undefined when the provider reported nothing (every field undefined)', () => {
    const none = {
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
      raw: undefined,
    };
    expect(convertAiSdkUsage(none, { provider: 'openai' })).toBeUndefined();
  });
});

describe('convertAiSdkUsage, LanguageModelV2 usage (ai 5)', () => {
  it('OpenAI: prompt_tokens and completion_tokens are semconv already', () => {
    const usage = { inputTokens: 1200, outputTokens: 300, cachedInputTokens: 1024, reasoningTokens: 64 };
    expect(convertAiSdkUsage(usage, { provider: 'openai' })).toEqual({
      inputTokens: 1200,
      outputTokens: 300,
      cacheReadInputTokens: 1024,
      reasoningOutputTokens: 64,
    });
  });

  it('Anthropic: adds cache reads and the writes from providerMetadata to input_tokens', () => {
    const usage = { inputTokens: 6, outputTokens: 198, totalTokens: 204, cachedInputTokens: 6289 };
    const providerMetadata = {
      anthropic: {
        cacheCreationInputTokens: 3337,
        usage: { input_tokens: 6, cache_creation: { ephemeral_1h_input_tokens: 3337 } },
      },
    };
    expect(convertAiSdkUsage(usage, { provider: 'anthropic', providerMetadata })).toEqual({
      inputTokens: 9632,
      outputTokens: 198,
      cacheReadInputTokens: 6289,
      cacheCreationInputTokens: 3337,
      cacheCreation1hInputTokens: 3337,
    });
  });

  it('Anthropic reached through another host: the metadata key decides, not the provider name', () => {
    const usage = { inputTokens: 10, outputTokens: 5, cachedInputTokens: 100 };
    const providerMetadata = { anthropic: { cacheCreationInputTokens: null } };
    expect(convertAiSdkUsage(usage, { provider: 'gcp.vertex_ai', providerMetadata })?.inputTokens).toBe(110);
  });

  it('Gemini: adds thinking (reasoningTokens) to candidatesTokenCount', () => {
    const usage = { inputTokens: 120, outputTokens: 40, reasoningTokens: 50, cachedInputTokens: 20 };
    expect(convertAiSdkUsage(usage, { provider: 'gcp.gemini', providerMetadata: { google: {} } })).toEqual({
      inputTokens: 120,
      outputTokens: 90,
      cacheReadInputTokens: 20,
      reasoningOutputTokens: 50,
    });
  });

  it('is undefined for the NaN / undefined counts the AI SDK fills in when a provider sent no usage', () => {
    expect(convertAiSdkUsage({ inputTokens: Number.NaN, outputTokens: Number.NaN })).toBeUndefined();
    expect(convertAiSdkUsage({ inputTokens: undefined, outputTokens: undefined })).toBeUndefined();
  });
});

describe('convertAiSdkEmbeddingUsage', () => {
  it('counts the tokens as input', () => {
    expect(convertAiSdkEmbeddingUsage({ tokens: 12 })).toEqual({ inputTokens: 12, outputTokens: 0 });
    expect(convertAiSdkEmbeddingUsage({ tokens: Number.NaN })).toBeUndefined();
  });
});

it('returns undefined for malformed objects, never throws', () => {
  for (const bad of MALFORMED) {
    expect(convertAiSdkUsage(bad)).toBeUndefined();
    expect(convertAiSdkEmbeddingUsage(bad)).toBeUndefined();
  }
});
