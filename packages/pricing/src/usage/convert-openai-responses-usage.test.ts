import { describe, expect, it } from 'vitest';
import { fixture, MALFORMED } from './__fixtures__/read-fixture.js';
import { convertOpenAIResponsesUsage } from './convert-openai-responses-usage.js';

describe('convertOpenAIResponsesUsage', () => {
  it('maps input/output tokens with their cached and reasoning details', () => {
    expect(convertOpenAIResponsesUsage(fixture('openai-responses.json').usage)).toEqual({
      inputTokens: 3281,
      outputTokens: 1186,
      cacheReadInputTokens: 3072,
      reasoningOutputTokens: 1024,
    });
  });

  it('accepts the response and the response.completed stream event', () => {
    const response = fixture('openai-responses.json');
    expect(convertOpenAIResponsesUsage(response)?.inputTokens).toBe(3281);
    expect(
      convertOpenAIResponsesUsage({ type: 'response.completed', sequence_number: 9, response })?.outputTokens,
    ).toBe(1186);
  });

  it('does not read a Chat Completions usage as a Responses one', () => {
    expect(convertOpenAIResponsesUsage(fixture('openai-chat-completion.json').usage)).toBeUndefined();
  });

  it('returns undefined for malformed objects, never throws', () => {
    for (const bad of MALFORMED) expect(convertOpenAIResponsesUsage(bad)).toBeUndefined();
  });
});
