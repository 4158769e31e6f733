import { describe, expect, it } from 'vitest';
import { fixture, MALFORMED, streamFixture } from './__fixtures__/read-fixture.js';
import { convertOpenAIChatUsage } from './convert-openai-chat-usage.js';

describe('convertOpenAIChatUsage', () => {
  it('keeps prompt_tokens and completion_tokens, which already include cached and reasoning tokens', () => {
    expect(convertOpenAIChatUsage(fixture('openai-chat-completion.json').usage)).toEqual({
      inputTokens: 1117,
      outputTokens: 46,
    });
  });

  it('reports cached_tokens as cache reads and reasoning_tokens as reasoning, inside the totals', () => {
    expect(convertOpenAIChatUsage(fixture('openai-chat-completion-reasoning-cached.json').usage)).toEqual({
      inputTokens: 2006,
      outputTokens: 300,
      cacheReadInputTokens: 1920,
      reasoningOutputTokens: 192,
    });
  });

  it('accepts the whole completion object', () => {
    expect(
      convertOpenAIChatUsage(fixture('openai-chat-completion-reasoning-cached.json'))?.cacheReadInputTokens,
    ).toBe(1920);
  });

  it('reads the usage of the final stream chunk and nothing from the chunks before it', () => {
    const chunks = streamFixture('openai-chat-stream.ndjson');
    expect(chunks.slice(0, -1).map((c) => convertOpenAIChatUsage(c))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(convertOpenAIChatUsage(chunks.at(-1))).toEqual({ inputTokens: 9, outputTokens: 12 });
  });

  it('reads DeepSeek prompt_cache_hit_tokens as cache reads', () => {
    expect(convertOpenAIChatUsage(fixture('deepseek-chat-completion.json'))).toEqual({
      inputTokens: 1016,
      outputTokens: 10,
      cacheReadInputTokens: 960,
    });
  });

  it('returns undefined for malformed objects, never throws', () => {
    for (const bad of MALFORMED) expect(convertOpenAIChatUsage(bad)).toBeUndefined();
  });
});
