import { describe, expect, it } from 'vitest';
import { fixture, MALFORMED, streamFixture } from './__fixtures__/read-fixture.js';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.js';

describe('convertAnthropicUsage', () => {
  it('adds cache reads and writes, reported on top of input_tokens, into the input total', () => {
    expect(convertAnthropicUsage(fixture('anthropic-message.json').usage)).toEqual({
      inputTokens: 50 + 8000 + 2051,
      outputTokens: 503,
      cacheReadInputTokens: 8000,
      cacheCreationInputTokens: 2051,
      cacheCreation1hInputTokens: 2000,
    });
  });

  it('reads a message without the cache_creation breakdown as 5-minute writes', () => {
    expect(convertAnthropicUsage(fixture('anthropic-message-legacy.json'))).toEqual({
      inputTokens: 3595,
      outputTokens: 503,
      cacheCreationInputTokens: 1500,
    });
  });

  it('sums the TTL breakdown when cache_creation_input_tokens is absent', () => {
    expect(
      convertAnthropicUsage({
        input_tokens: 10,
        output_tokens: 1,
        cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 50 },
      }),
    ).toEqual({
      inputTokens: 160,
      outputTokens: 1,
      cacheCreationInputTokens: 150,
      cacheCreation1hInputTokens: 50,
    });
  });

  it('returns undefined for malformed objects, never throws', () => {
    for (const bad of MALFORMED) expect(convertAnthropicUsage(bad)).toBeUndefined();
    expect(convertAnthropicUsage({ input_tokens: 5, output_tokens: 'many' })).toBeUndefined();
  });
});

describe('mergeAnthropicUsage', () => {
  it('takes input and cache counts from message_start and the cumulative output from message_delta', () => {
    const events = streamFixture('anthropic-stream.ndjson');
    expect(mergeAnthropicUsage(...events)).toEqual({
      inputTokens: 472 + 1800,
      outputTokens: 15,
      cacheReadInputTokens: 1800,
    });
  });

  it('lets a message_delta that repeats the input counts agree with message_start', () => {
    const events = streamFixture('anthropic-stream-cumulative.ndjson');
    expect(mergeAnthropicUsage(...events)).toEqual({
      inputTokens: 3012,
      outputTokens: 256,
      cacheCreationInputTokens: 3000,
    });
  });

  it('is undefined for a stream cut before message_start (only a delta with output tokens)', () => {
    expect(mergeAnthropicUsage({ type: 'message_delta', usage: { output_tokens: 3 } })).toBeUndefined();
    expect(mergeAnthropicUsage()).toBeUndefined();
    expect(mergeAnthropicUsage(null, 'x', 4)).toBeUndefined();
  });
});
