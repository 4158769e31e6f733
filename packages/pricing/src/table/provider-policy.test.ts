import { afterEach, describe, expect, it } from 'vitest';
import { computeCost } from '../cost/compute-cost.js';
import { findPrice } from './find-price.js';
import { loadPricingData } from './load-pricing.js';
import { resetPricing } from './pricing-state.js';

const row = (model: string, provider: string) => {
  const e = findPrice(model, { provider });
  return e && `${e.provider}:${e.model}`;
};

afterEach(() => resetPricing());

describe('hosts of open-weight models are priced by their own rows only', () => {
  it('prices the same weights at each host its own price', () => {
    expect(row('openai/gpt-oss-120b', 'groq')).toBe('groq:openai/gpt-oss-120b');
    expect(row('openai/gpt-oss-120b', 'together_ai')).toBe('together_ai:openai/gpt-oss-120b');
    expect(row('accounts/fireworks/models/gpt-oss-120b', 'fireworks_ai')).toBe(
      'fireworks_ai:accounts/fireworks/models/gpt-oss-120b',
    );
    expect(row('openai.gpt-oss-120b-1:0', 'aws.bedrock')).toBe('aws.bedrock:openai.gpt-oss-120b');
    expect(findPrice('openai/gpt-oss-20b', { provider: 'groq' })?.input).toBe(0.075);
    expect(findPrice('openai/gpt-oss-20b', { provider: 'together_ai' })?.input).toBe(0.05);
  });

  it('never borrows another host price or a vendor list price for a model the host has no row for', () => {
    // Together sells this Llama; Groq does not list it: unpriced on Groq, not Together's price.
    expect(
      findPrice('meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo', { provider: 'together_ai' })?.input,
    ).toBe(3.5);
    expect(findPrice('meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo', { provider: 'groq' })).toBeUndefined();
    // A DeepSeek model on Fireworks is not priced at DeepSeek's own API price.
    expect(findPrice('deepseek-chat', { provider: 'fireworks_ai' })).toBeUndefined();
    expect(computeCost({ inputTokens: 10, outputTokens: 10 }, 'gpt-4o', { provider: 'groq' }).status).toBe(
      'unpriced',
    );
  });
});

describe('local servers', () => {
  it.each(['ollama', 'vllm', 'lm_studio', 'local'])(
    '%s is unpriced by default, even for a cloud model name',
    (provider) => {
      expect(computeCost({ inputTokens: 1000, outputTokens: 100 }, 'llama3.2:3b', { provider }).status).toBe(
        'unpriced',
      );
      expect(computeCost({ inputTokens: 1000, outputTokens: 100 }, 'gpt-4o', { provider }).status).toBe(
        'unpriced',
      );
      expect(
        computeCost({ inputTokens: 1000, outputTokens: 100 }, 'openai/gpt-oss-20b', { provider }).status,
      ).toBe('unpriced');
    },
  );

  it('is priced by a configured rate: a "*" row of its provider, or a row naming the model', () => {
    loadPricingData({
      entries: [
        { provider: 'ollama', model: '*', input: 0.02, output: 0.04, notes: 'GPU hours / tokens per month' },
        { provider: 'ollama', model: 'llama3.3:70b', input: 0.1, output: 0.1 },
      ],
    });
    // 1000 x $0.02 + 100 x $0.04 per 1M
    expect(
      computeCost({ inputTokens: 1000, outputTokens: 100 }, 'qwen3:8b', { provider: 'ollama' }).totalUsdExact,
    ).toBe('0.000024');
    expect(findPrice('llama3.3:70b', { provider: 'ollama' })?.input).toBe(0.1);
    // the rate is ollama's only: vLLM stays unpriced, and no other provider picks up the "*" row
    expect(findPrice('qwen3:8b', { provider: 'vllm' })).toBeUndefined();
    expect(findPrice('qwen3:8b', { provider: 'openai' })).toBeUndefined();
    expect(findPrice('qwen3:8b')).toBeUndefined();
  });
});

describe('OpenRouter and Azure AI Foundry', () => {
  it('prices closed models at the vendor list price, open-weight models not at all (usage.cost carries them)', () => {
    expect(row('anthropic/claude-sonnet-4.5', 'openrouter')).toBe('anthropic:claude-sonnet-4-5');
    expect(row('openai/gpt-4o-mini', 'openrouter')).toBe('openai:gpt-4o-mini');
    expect(row('google/gemini-2.5-flash', 'openrouter')).toBe('gcp.gemini:gemini-2.5-flash');
    expect(row('x-ai/grok-4', 'openrouter')).toBe('x_ai:grok-4');
    expect(row('mistralai/mistral-large-2411', 'openrouter')).toBe('mistral_ai:mistral-large-2411');
    expect(findPrice('meta-llama/llama-3.3-70b-instruct', { provider: 'openrouter' })).toBeUndefined();
    expect(findPrice('deepseek/deepseek-chat', { provider: 'openrouter' })).toBeUndefined();
  });

  it('prices OpenAI models on Azure AI Foundry at the Azure OpenAI / OpenAI price, partner models not by guess', () => {
    expect(row('gpt-4o', 'azure.ai.inference')).toBe('openai:gpt-4o');
    expect(findPrice('DeepSeek-R1', { provider: 'azure.ai.inference' })).toBeUndefined();
  });
});

describe('the vendors through their own OpenAI-compatible endpoints', () => {
  it.each([
    ['gemini-2.5-flash', 'gcp.gemini', 'gcp.gemini:gemini-2.5-flash'],
    ['models/gemini-3.5-flash', 'gcp.gemini', 'gcp.gemini:gemini-3.5-flash'],
    ['mistral-large-latest', 'mistral_ai', 'mistral_ai:mistral-large-2512'],
    ['mistral-medium-latest', 'mistral_ai', 'mistral_ai:mistral-medium-3-5'],
    ['deepseek-v4-pro', 'deepseek', 'deepseek:deepseek-v4-pro'],
    ['grok-4.5', 'x_ai', 'x_ai:grok-4.5'],
    ['llama-3.3-70b-versatile', 'groq', 'groq:llama-3.3-70b-versatile'],
    ['meta-llama/llama-4-scout-17b-16e-instruct', 'groq', 'groq:meta-llama/llama-4-scout-17b-16e-instruct'],
  ])('%s on %s -> %s', (model, provider, expected) => {
    expect(row(model, provider)).toBe(expected);
  });
});
