import { describe, expect, it } from 'vitest';
import { normaliseProvider, readForeignGenAiCall } from './read-usage.js';

describe('normaliseProvider', () => {
  it.each([
    ['openai.chat', 'openai'],
    ['openai.responses', 'openai'],
    ['anthropic.messages', 'anthropic'],
    ['openai', 'openai'],
    ['azure.ai.openai', 'azure.ai.openai'],
    ['gcp.vertex_ai', 'gcp.vertex_ai'],
    ['aws.bedrock', 'aws.bedrock'],
  ])('%s -> %s', (raw, expected) => {
    expect(normaliseProvider(raw)).toBe(expected);
  });
});

describe('readForeignGenAiCall', () => {
  it('keeps a dotted semconv provider, so Azure deployments can be priced through the mapping', () => {
    const call = readForeignGenAiCall({
      'gen_ai.provider.name': 'azure.ai.openai',
      'gen_ai.request.model': 'prod-gpt4o',
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 30,
    });
    expect(call).toEqual({
      provider: 'azure.ai.openai',
      model: 'prod-gpt4o',
      usage: { inputTokens: 120, outputTokens: 30 },
    });
  });

  it('reads the AI SDK provider and usage attributes', () => {
    const call = readForeignGenAiCall({
      'ai.model.provider': 'openai.responses',
      'ai.model.id': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.output_tokens': 5,
      'ai.usage.cachedInputTokens': 4,
    });
    expect(call).toEqual({
      provider: 'openai',
      model: 'gpt-4o-mini',
      usage: { inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 4 },
    });
  });

  it('ignores spans without token usage or model', () => {
    expect(readForeignGenAiCall({ 'gen_ai.request.model': 'gpt-4o' })).toBeUndefined();
    expect(readForeignGenAiCall({ 'gen_ai.usage.input_tokens': 3 })).toBeUndefined();
  });
});
