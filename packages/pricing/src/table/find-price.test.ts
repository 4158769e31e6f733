import { afterEach, describe, expect, it } from 'vitest';
import { findPrice, getModelLimits } from './find-price.js';
import { loadPricingData } from './load-pricing.js';
import { resetPricing } from './pricing-state.js';

const row = (model: string, provider?: string) => {
  const e = findPrice(model, provider === undefined ? {} : { provider });
  return e && `${e.provider}:${e.model}`;
};

afterEach(() => resetPricing());

describe('findPrice: snapshots and aliases', () => {
  it.each([
    ['gpt-4o', 'openai:gpt-4o'],
    ['gpt-4o-2024-08-06', 'openai:gpt-4o'],
    ['gpt-4o-2024-11-20', 'openai:gpt-4o'],
    ['GPT-4o-Mini-2024-07-18', 'openai:gpt-4o-mini'],
    ['o3-mini-2025-01-31', 'openai:o3-mini'],
    ['gpt-5-2025-08-07', 'openai:gpt-5'],
    ['gpt-5-chat-latest', 'openai:gpt-5'],
    ['gpt-5.2-codex', 'openai:gpt-5.2'],
    ['gpt-3.5-turbo-0125', 'openai:gpt-3.5-turbo'],
    ['gpt-4-0613', 'openai:gpt-4'],
    ['claude-3-5-sonnet-20241022', 'anthropic:claude-3-5-sonnet'],
    ['claude-3-5-sonnet-20240620', 'anthropic:claude-3-5-sonnet'],
    ['claude-3-5-sonnet-latest', 'anthropic:claude-3-5-sonnet'],
    ['claude-sonnet-4-20250514', 'anthropic:claude-sonnet-4'],
    ['claude-sonnet-4-0', 'anthropic:claude-sonnet-4'],
    ['claude-opus-4-1-20250805', 'anthropic:claude-opus-4-1'],
    ['claude-haiku-4-5-20251001', 'anthropic:claude-haiku-4-5'],
    ['gemini-2.5-flash-preview-05-20', 'gcp.gemini:gemini-2.5-flash'],
    ['gemini-2.0-flash-001', 'gcp.gemini:gemini-2.0-flash'],
    ['gemini-3-flash', 'gcp.gemini:gemini-3-flash-preview'],
    ['mistral-large-latest', 'mistral_ai:mistral-large-2512'],
    ['mistral-small-2506', 'mistral_ai:mistral-small'],
    ['grok-4-0709', 'x_ai:grok-4'],
    ['deepseek-reasoner', 'deepseek:deepseek-v4-flash'],
  ])('%s -> %s', (model, expected) => {
    expect(row(model)).toBe(expected);
  });

  it('prefers a snapshot that has its own price over its family', () => {
    expect(findPrice('gpt-4o-2024-05-13')?.input).toBe(5);
    expect(findPrice('gpt-4o-2024-08-06')?.input).toBe(2.5);
  });

  it('keeps the exact id of a model whose name looks like a snapshot (text-embedding-ada-002)', () => {
    expect(row('text-embedding-ada-002')).toBe('openai:text-embedding-ada-002');
  });
});

describe('findPrice: prefixes and resource names', () => {
  it.each([
    ['openai/gpt-4o', 'openai:gpt-4o'],
    ['openrouter/anthropic/claude-3.5-sonnet', 'anthropic:claude-3-5-sonnet'],
    ['anthropic/claude-sonnet-4.5', 'anthropic:claude-sonnet-4-5'],
    ['gemini/gemini-2.5-pro', 'gcp.gemini:gemini-2.5-pro'],
    ['models/gemini-2.5-pro', 'gcp.gemini:gemini-2.5-pro'],
    [
      'projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash',
      'gcp.gemini:gemini-2.5-flash',
    ],
    ['grok-4-fast-reasoning', 'x_ai:grok-4-fast'],
    ['grok-4-fast-non-reasoning', 'x_ai:grok-4-fast'],
    ['grok-4-1-fast-reasoning', 'x_ai:grok-4-1-fast'],
  ])('%s -> %s', (model, expected) => {
    expect(row(model)).toBe(expected);
  });

  it('takes the longest matching prefix', () => {
    loadPricingData({
      entries: [
        { provider: 'x_ai', model: 'grok-9', prefixes: ['grok-9-'], input: 1, output: 2 },
        { provider: 'x_ai', model: 'grok-9-fast', prefixes: ['grok-9-fast-'], input: 0.1, output: 0.2 },
      ],
    });
    expect(row('grok-9-fast-reasoning')).toBe('x_ai:grok-9-fast');
    expect(row('grok-9-heavy')).toBe('x_ai:grok-9');
  });
});

describe('findPrice: Bedrock and Vertex AI ids', () => {
  it.each([
    ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'anthropic:claude-3-5-sonnet'],
    ['us.anthropic.claude-3-5-sonnet-20241022-v2:0', 'anthropic:claude-3-5-sonnet'],
    ['eu.anthropic.claude-3-7-sonnet-20250219-v1:0', 'anthropic:claude-3-7-sonnet'],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic:claude-sonnet-4-5'],
    ['apac.anthropic.claude-3-haiku-20240307-v1:0', 'anthropic:claude-3-haiku'],
    ['claude-3-5-sonnet-v2@20241022', 'anthropic:claude-3-5-sonnet'],
    ['claude-sonnet-4@20250514', 'anthropic:claude-sonnet-4'],
    ['claude-opus-4-1@20250805', 'anthropic:claude-opus-4-1'],
    ['publishers/anthropic/models/claude-3-5-haiku@20241022', 'anthropic:claude-3-5-haiku'],
  ])('%s -> %s', (model, expected) => {
    expect(
      row(model, model.includes('@') || model.startsWith('publishers') ? 'gcp.vertex_ai' : 'aws.bedrock'),
    ).toBe(expected);
    expect(row(model)).toBe(expected);
  });
});

describe('findPrice: fine-tunes', () => {
  it('prices an OpenAI fine-tune at the base model fine-tune rates', () => {
    const e = findPrice('ft:gpt-4o-mini-2024-07-18:my-org::9abcDEF');
    expect(e).toMatchObject({
      model: 'ft:gpt-4o-mini',
      provider: 'openai',
      input: 0.3,
      output: 1.2,
      cacheRead: 0.15,
    });
    expect(findPrice('ft:gpt-4o-2024-08-06:my-org:custom-suffix:id')).toMatchObject({
      input: 3.75,
      output: 15,
    });
  });

  it('falls back to the base model rates when the base has no fine-tune price', () => {
    expect(findPrice('ft:o4-mini-2025-04-16:org::x')).toMatchObject({
      model: 'ft:o4-mini',
      input: 1.1,
      output: 4.4,
    });
  });

  it('is unpriced when the base model is unknown', () => {
    expect(findPrice('ft:davinci-002:org::x')).toBeUndefined();
  });
});

describe('findPrice: provider disambiguation', () => {
  it('picks the row of the requested provider when several claim the id, else the vendor list price', () => {
    loadPricingData({
      entries: [
        {
          provider: 'aws.bedrock',
          model: 'claude-3-5-sonnet',
          input: 3.3,
          output: 16.5,
          source: 'https://aws.amazon.com/bedrock/pricing/',
        },
      ],
    });
    expect(findPrice('anthropic.claude-3-5-sonnet-20241022-v2:0', { provider: 'aws.bedrock' })?.input).toBe(
      3.3,
    );
    expect(findPrice('claude-3-5-sonnet-20241022', { provider: 'anthropic' })?.input).toBe(3);
    expect(findPrice('claude-3-5-sonnet-20241022', { provider: 'gcp.vertex_ai' })?.input).toBe(3);
    // Without a provider, the Bedrock-style id implies Bedrock.
    expect(findPrice('us.anthropic.claude-3-5-sonnet-20241022-v2:0')?.input).toBe(3.3);
  });

  it('prices a reseller at the vendor row when it has none of its own', () => {
    expect(row('gpt-4o', 'azure.ai.openai')).toBe('openai:gpt-4o');
    expect(row('gemini-2.5-pro', 'gcp.vertex_ai')).toBe('gcp.gemini:gemini-2.5-pro');
  });

  it('still prices a known model called through another provider name', () => {
    expect(row('deepseek-chat', 'openai')).toBe('deepseek:deepseek-v4-flash');
  });
});

describe('findPrice: unknown models', () => {
  it.each(['no-such-model', 'gpt-4o-realtime-preview', 'llama-3.1-70b', '', '   ', 'gpt'])(
    '%j is undefined',
    (model) => {
      expect(findPrice(model)).toBeUndefined();
    },
  );

  it('does not throw on non-string input', () => {
    expect(findPrice(undefined as unknown as string)).toBeUndefined();
    expect(findPrice(42 as unknown as string)).toBeUndefined();
  });
});

describe('getModelLimits', () => {
  it('gives context window and max output for the budget guard worst case', () => {
    expect(getModelLimits('gpt-4o-2024-08-06')).toEqual({ contextWindow: 128000, maxOutputTokens: 16384 });
    expect(getModelLimits('us.anthropic.claude-opus-4-1-20250805-v1:0', { provider: 'aws.bedrock' })).toEqual(
      {
        contextWindow: 200000,
        maxOutputTokens: 32000,
      },
    );
    expect(getModelLimits('grok-3')).toEqual({ contextWindow: 131072, maxOutputTokens: 131072 });
    expect(getModelLimits('text-embedding-3-small')).toEqual({ contextWindow: 8191 });
    expect(getModelLimits('unknown-model')).toBeUndefined();
  });
});
