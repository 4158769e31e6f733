import { afterEach, describe, expect, it } from 'vitest';
import { computeCost } from '../cost/compute-cost.js';
import { findPrice } from './find-price.js';
import { loadPricingData } from './load-pricing.js';
import { resetPricing } from './pricing-state.js';

afterEach(() => resetPricing());

// Rows shaped like LiteLLM's model_prices_and_context_window.json, where some rows lack one of the two rates.
const complete = {
  'acme-chat-1': {
    input_cost_per_token: 1e-6,
    output_cost_per_token: 4e-6,
    litellm_provider: 'openai',
    max_input_tokens: 128000,
    max_output_tokens: 16384,
    mode: 'chat',
  },
};
const inputOnlyChat = {
  'acme-chat-2': {
    input_cost_per_token: 5e-7,
    litellm_provider: 'openai',
    max_input_tokens: 128000,
    max_tokens: 4096,
    mode: 'chat',
    supports_function_calling: true,
  },
};
const outputOnlyChat = {
  'acme-chat-3': { output_cost_per_token: 2e-6, litellm_provider: 'openai', mode: 'chat' },
};
const embeddingNoOutput = {
  'acme-embed-1': {
    input_cost_per_token: 2e-8,
    litellm_provider: 'openai',
    max_input_tokens: 8191,
    max_tokens: 8191,
    mode: 'embedding',
    output_vector_size: 1536,
  },
};
const outputOnlyEmbedding = {
  'acme-embed-2': { output_cost_per_token: 0, litellm_provider: 'openai', mode: 'embedding' },
};

describe('fromLiteLLM: a missing rate is unknown, never $0', () => {
  it('skips a chat row without output_cost_per_token: 100,000 output tokens stay unpriced', () => {
    expect(loadPricingData({ ...complete, ...inputOnlyChat }, 'prices.json').entries).toBe(1);
    expect(findPrice('acme-chat-2')).toBeUndefined();
    const cost = computeCost({ inputTokens: 1000, outputTokens: 100_000 }, 'acme-chat-2');
    expect(cost.status).toBe('unpriced');
    expect(computeCost({ inputTokens: 0, outputTokens: 100_000 }, 'acme-chat-1')).toMatchObject({
      status: 'priced',
      totalUsdExact: '0.4',
    });
  });

  it('skips a row without input_cost_per_token, whatever its mode', () => {
    loadPricingData({ ...complete, ...outputOnlyChat, ...outputOnlyEmbedding }, 'prices.json');
    expect(findPrice('acme-chat-3')).toBeUndefined();
    expect(findPrice('acme-embed-2')).toBeUndefined();
    expect(computeCost({ inputTokens: 10, outputTokens: 10 }, 'acme-chat-3').status).toBe('unpriced');
  });

  it('keeps the built-in rate of a model whose file row is skipped', () => {
    const builtIn = findPrice('gpt-4o');
    expect(builtIn?.output).toBeGreaterThan(0);
    loadPricingData(
      { ...complete, 'gpt-4o': { input_cost_per_token: 1e-9, litellm_provider: 'openai', mode: 'chat' } },
      'prices.json',
    );
    expect(findPrice('gpt-4o')).toEqual(builtIn);
  });

  it('accepts an embedding row without output_cost_per_token: embeddings produce no output tokens', () => {
    expect(loadPricingData(embeddingNoOutput, 'prices.json').entries).toBe(1);
    expect(findPrice('acme-embed-1')).toMatchObject({ input: 0.02, output: 0, contextWindow: 8191 });
    expect(computeCost({ inputTokens: 1_000_000, outputTokens: 0 }, 'acme-embed-1')).toMatchObject({
      status: 'priced',
      totalUsdExact: '0.02',
    });
  });

  it('skipping rows of other modes is not an error', () => {
    const data = {
      ...complete,
      ...inputOnlyChat,
      'tts-9': { input_cost_per_character: 1.5e-5, litellm_provider: 'openai', mode: 'audio_speech' },
      'whisper-9': { input_cost_per_second: 1e-4, litellm_provider: 'openai', mode: 'audio_transcription' },
    };
    expect(loadPricingData(data, 'prices.json')).toMatchObject({ format: 'litellm', entries: 1 });
  });

  it('a file that yields no priced row is one error line naming the file', () => {
    const data = {
      ...inputOnlyChat,
      ...outputOnlyChat,
      'dall-e-9': { output_cost_per_image: 0.04, litellm_provider: 'openai', mode: 'image_generation' },
    };
    expect(() => loadPricingData(data, '/etc/llmcost/prices.json')).toThrow(
      'pricing file /etc/llmcost/prices.json: has no model priced per token; each chat model needs input_cost_per_token and output_cost_per_token (embeddings: input_cost_per_token)',
    );
    expect(findPrice('acme-chat-2')).toBeUndefined();
  });
});
