import { describe, expect, it } from 'vitest';
import { computeCost } from '../cost/compute-cost.js';
import { fixture, MALFORMED } from './__fixtures__/read-fixture.js';
import {
  convertBedrockBodyUsage,
  convertBedrockInvocationMetrics,
  convertBedrockUsage,
} from './convert-bedrock-usage.js';

// Real Converse responses recorded against Bedrock by the pydantic-ai test suite (pydantic/pydantic-ai, commit 111dda9):
// https://github.com/pydantic/pydantic-ai/blob/111dda9bcd3bb8542d24be815343c17ca133e4e8/tests/models/cassettes/test_bedrock/test_bedrock_cache_write_and_read.yaml
// (us.anthropic.claude-sonnet-4-5-20250929-v1:0, a cache write then a read of the same 1322-token prefix) and
// https://github.com/pydantic/pydantic-ai/blob/111dda9bcd3bb8542d24be815343c17ca133e4e8/tests/models/cassettes/test_bedrock/test_bedrock_cache_point_adds_cache_control%5Bnova-lite%5D.yaml
// (us.amazon.nova-lite-v1:0). Their totalTokens = inputTokens + cache read + cache write + outputTokens: the
// cache counts are NOT inside inputTokens.
describe('convertBedrockUsage', () => {
  it('reads a recorded Claude cache write exactly (inputTokens excludes the cached prefix)', () => {
    const response = fixture('bedrock-converse-cache-write-recorded.json');
    expect(convertBedrockUsage(response)).toEqual({
      inputTokens: 2 + 1322,
      outputTokens: 5,
      cacheCreationInputTokens: 1322,
    });
    expect(2 + 1322 + 5).toBe(response.usage.totalTokens);
    expect(convertBedrockUsage(response.usage)).toEqual(convertBedrockUsage(response));
  });

  it('reads the recorded cache read of the same prefix, and prices it at the regional Bedrock rates', () => {
    const usage = convertBedrockUsage(fixture('bedrock-converse-cache-read-recorded.json'));
    expect(usage).toEqual({ inputTokens: 1324, outputTokens: 5, cacheReadInputTokens: 1322 });
    // us. profile of Claude Sonnet 4.5 (regional, +10%): 2 x $3.30 + 1322 x $0.33 + 5 x $16.50 per 1M tokens
    // = (6.6 + 436.26 + 82.5) / 1M.
    const cost = computeCost(usage!, 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', {
      provider: 'aws.bedrock',
    });
    expect(cost.status).toBe('priced');
    expect(cost.status === 'priced' && cost.totalUsdExact).toBe('0.00052536');
  });

  it('reads a recorded Nova cache write the same way', () => {
    const response = fixture('bedrock-converse-nova-cache-write-recorded.json');
    expect(convertBedrockUsage(response)).toEqual({
      inputTokens: 10 + 1298,
      outputTokens: 3,
      cacheCreationInputTokens: 1298,
    });
    expect(10 + 1298 + 3).toBe(response.usage.totalTokens);
  });

  it('reads the ConverseStream metadata event, the Count spellings and 1-hour writes', () => {
    // The `metadata` event of a ConverseStream recorded in the same suite (amazon.nova-micro-v1:0), decoded from
    // packages/mock-llm/test/fixtures/bedrock-converse-stream-recorded.b64.
    expect(
      convertBedrockUsage({
        metadata: {
          metrics: { latencyMs: 391 },
          usage: { inputTokens: 13, outputTokens: 82, serverToolUsage: {}, totalTokens: 95 },
        },
      }),
    ).toEqual({ inputTokens: 13, outputTokens: 82 });
    expect(
      convertBedrockUsage({
        inputTokens: 5,
        outputTokens: 7,
        cacheReadInputTokenCount: 100,
        cacheWriteInputTokenCount: 300,
        cacheDetails: [
          { inputTokens: 200, ttl: '1h' },
          { inputTokens: 100, ttl: '5m' },
        ],
      }),
    ).toEqual({
      inputTokens: 405,
      outputTokens: 7,
      cacheReadInputTokens: 100,
      cacheCreationInputTokens: 300,
      cacheCreation1hInputTokens: 200,
    });
  });

  it.each(MALFORMED)('returns undefined for %j', (raw) => {
    expect(convertBedrockUsage(raw)).toBeUndefined();
    expect(convertBedrockInvocationMetrics(raw)).toBeUndefined();
    expect(convertBedrockBodyUsage(raw)).toBeUndefined();
  });
});

describe('convertBedrockInvocationMetrics', () => {
  it('adds the cache counts to inputTokenCount (they are not inside it)', () => {
    const chunk = {
      type: 'message_stop',
      'amazon-bedrock-invocationMetrics': {
        inputTokenCount: 7,
        outputTokenCount: 126,
        invocationLatency: 4069,
        firstByteLatency: 1117,
        cacheReadInputTokenCount: 14486,
        cacheWriteInputTokenCount: 2238,
      },
    };
    expect(convertBedrockInvocationMetrics(chunk)).toEqual({
      inputTokens: 7 + 14486 + 2238,
      outputTokens: 126,
      cacheReadInputTokens: 14486,
      cacheCreationInputTokens: 2238,
    });
    expect(convertBedrockInvocationMetrics({ inputTokenCount: 21, outputTokenCount: 22 })).toEqual({
      inputTokens: 21,
      outputTokens: 22,
    });
  });
});

describe('convertBedrockBodyUsage', () => {
  it('reads Llama, Titan Text and Titan Embeddings bodies', () => {
    expect(
      convertBedrockBodyUsage({
        generation: 'Hi',
        prompt_token_count: 17,
        generation_token_count: 9,
        stop_reason: 'stop',
      }),
    ).toEqual({ inputTokens: 17, outputTokens: 9 });
    expect(
      convertBedrockBodyUsage({
        inputTextTokenCount: 8,
        results: [{ tokenCount: 30, outputText: 'x', completionReason: 'FINISH' }],
      }),
    ).toEqual({ inputTokens: 8, outputTokens: 30 });
    expect(convertBedrockBodyUsage({ embedding: [0.1], inputTextTokenCount: 6 })).toEqual({
      inputTokens: 6,
      outputTokens: 0,
    });
    // A Titan stream chunk has no `results`: not a complete usage.
    expect(convertBedrockBodyUsage({ outputText: 'x', inputTextTokenCount: 8 })).toBeUndefined();
  });
});
