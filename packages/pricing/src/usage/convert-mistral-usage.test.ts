import { describe, expect, it } from 'vitest';
import { MALFORMED } from './__fixtures__/read-fixture.js';
import { convertMistralUsage } from './convert-mistral-usage.js';

// Real api.mistral.ai responses recorded by the Vercel AI SDK's @ai-sdk/mistral tests (bodies copied unchanged):
// https://github.com/vercel/ai/blob/1d59af4caf524f7758965ebd7584a2db49b64752/packages/mistral/src/__fixtures__/mistral-usage-raw-live.json
const RECORDED_CHAT = {
  id: 'a2984449b4204304a731f30927977d5c',
  created: 1787865809,
  model: 'mistral-small-latest',
  usage: {
    prompt_tokens: 19,
    total_tokens: 21,
    completion_tokens: 2,
    prompt_tokens_details: { cached_tokens: 0 },
    service_tier: 'standard',
  },
  object: 'chat.completion',
  choices: [
    {
      index: 0,
      finish_reason: 'stop',
      message: { role: 'assistant', tool_calls: null, content: 'OK' },
    },
  ],
};

// The last chunk of the same recording's stream, which carries the usage with the finish reason:
// https://github.com/vercel/ai/blob/1d59af4caf524f7758965ebd7584a2db49b64752/packages/mistral/src/__fixtures__/mistral-usage-raw-live.chunks.txt
const RECORDED_STREAM = [
  '{"id":"b5810ef13dbb4811a20d34e1393d8431","object":"chat.completion.chunk","created":1787865810,"model":"mistral-small-latest","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}',
  '{"id":"b5810ef13dbb4811a20d34e1393d8431","object":"chat.completion.chunk","created":1787865810,"model":"mistral-small-latest","choices":[{"index":0,"delta":{"content":"OK"},"finish_reason":null}],"p":"abcdefghijklmnopqrstuvwxyz0123456789"}',
  '{"id":"b5810ef13dbb4811a20d34e1393d8431","object":"chat.completion.chunk","created":1787865810,"model":"mistral-small-latest","choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop"}],"usage":{"prompt_tokens":19,"total_tokens":21,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":0},"service_tier":"standard"},"p":"abcdef"}',
].map((line) => JSON.parse(line));

// A reasoning model (reasoning_effort high): the thinking is a `thinking` part of the answer, and its tokens are
// only inside completion_tokens (112), with no completion_tokens_details:
// https://github.com/vercel/ai/blob/712b08f9e2a5b309c6fd77ac58f546a350cd049e/packages/mistral/src/__fixtures__/mistral-large-4-reasoning-high.json
const RECORDED_REASONING_USAGE = {
  prompt_tokens: 26,
  total_tokens: 138,
  completion_tokens: 112,
  prompt_tokens_details: { cached_tokens: 0 },
  service_tier: 'standard',
};

describe('convertMistralUsage', () => {
  it('reads a recorded chat completion exactly', () => {
    expect(convertMistralUsage(RECORDED_CHAT)).toEqual({ inputTokens: 19, outputTokens: 2 });
    expect(convertMistralUsage(RECORDED_CHAT.usage)).toEqual({ inputTokens: 19, outputTokens: 2 });
    expect(19 + 2).toBe(RECORDED_CHAT.usage.total_tokens);
  });

  it('reads the usage of a recorded stream from its last chunk only', () => {
    expect(RECORDED_STREAM.map((c) => convertMistralUsage(c))).toEqual([
      undefined,
      undefined,
      { inputTokens: 19, outputTokens: 2 },
    ]);
  });

  it('counts a reasoning model’s thinking as output (it is inside completion_tokens)', () => {
    expect(convertMistralUsage(RECORDED_REASONING_USAGE)).toEqual({ inputTokens: 26, outputTokens: 112 });
    expect(26 + 112).toBe(RECORDED_REASONING_USAGE.total_tokens);
  });

  it('reads cached prompt tokens, inside prompt_tokens, wherever Mistral put them', () => {
    const base = { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 };
    const cached = { inputTokens: 100, outputTokens: 20, cacheReadInputTokens: 40 };
    expect(convertMistralUsage({ ...base, prompt_tokens_details: { cached_tokens: 40 } })).toEqual(cached);
    expect(convertMistralUsage({ ...base, prompt_token_details: { cached_tokens: 40 } })).toEqual(cached);
    // num_cached_tokens wins when both are there (Mistral sent it first).
    expect(
      convertMistralUsage({ ...base, num_cached_tokens: 40, prompt_tokens_details: { cached_tokens: 7 } }),
    ).toEqual(cached);
    expect(
      convertMistralUsage({ ...base, completion_tokens_details: { reasoning_tokens: 6 } })
        ?.reasoningOutputTokens,
    ).toBe(6);
  });

  // The shapes the SDK hands back for the recorded response's usage (zod: known fields renamed, others kept).
  it('reads the SDK’s objects: camelCase counts, extra fields at the top (2.x) or in additionalProperties (1.x)', () => {
    const v2 = {
      promptTokens: 100,
      completionTokens: 20,
      totalTokens: 120,
      prompt_tokens_details: { cached_tokens: 40 },
      serviceTier: 'standard',
    };
    const v1 = {
      promptTokens: 100,
      completionTokens: 20,
      totalTokens: 120,
      additionalProperties: { prompt_tokens_details: { cached_tokens: 40 }, service_tier: 'standard' },
    };
    const cached = { inputTokens: 100, outputTokens: 20, cacheReadInputTokens: 40 };
    expect(convertMistralUsage(v2)).toEqual(cached);
    expect(convertMistralUsage(v1)).toEqual(cached);
    // A stream event of the SDK is `{ data: chunk }`; its chunk carries `usage`.
    expect(convertMistralUsage({ data: { id: 'x', usage: v2, choices: [] } })).toEqual(cached);
  });

  it('reads embeddings usage (no completion tokens)', () => {
    expect(convertMistralUsage({ prompt_tokens: 6, total_tokens: 6 })).toEqual({
      inputTokens: 6,
      outputTokens: 0,
    });
  });

  it('never reports more cached tokens than prompt tokens', () => {
    expect(
      convertMistralUsage({ prompt_tokens: 10, completion_tokens: 1, num_cached_tokens: 50 })
        ?.cacheReadInputTokens,
    ).toBe(10);
  });

  it('returns undefined for malformed objects, never throws', () => {
    for (const bad of MALFORMED) expect(convertMistralUsage(bad)).toBeUndefined();
    expect(convertMistralUsage({ promptTokens: 3, completionTokens: 'x' })).toBeUndefined();
  });
});
