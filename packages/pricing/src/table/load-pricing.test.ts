import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { computeCost } from '../cost/compute-cost.js';
import { findPrice } from './find-price.js';
import { loadPricing } from './load-pricing.js';
import { getPricingVersion, listPrices, PRICING_VERSION, resetPricing } from './pricing-state.js';

const GEMINI_BUILT_IN_SOURCE = 'https://ai.google.dev/gemini-api/docs/pricing';
const dir = mkdtempSync(join(tmpdir(), 'llmcost-pricing-'));
let n = 0;
const file = (content: unknown) => {
  const path = join(dir, `p${n++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const ours = (entry: Record<string, unknown>) =>
  file({ entries: [{ provider: 'openai', model: 'my-model', input: 1, output: 2, ...entry }] });
const errorOf = (path: string): string => {
  try {
    loadPricing(path);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('loadPricing accepted a bad file');
};

afterEach(() => resetPricing());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadPricing: our format', () => {
  it('adds rows and replaces a built-in row of the same provider and model', () => {
    const path = file({
      version: 'acme-1',
      entries: [
        {
          provider: 'openai',
          model: 'gpt-4o',
          input: 2,
          output: 8,
          cacheRead: 1,
          source: 'https://example.com/contract',
          asOf: '2026-01-01',
        },
        { provider: 'openai', model: 'my-model', aliases: ['my-model-v2'], input: 0.5, output: 1.5 },
      ],
    });
    expect(loadPricing(path)).toMatchObject({ format: 'llmcost', entries: 2 });
    expect(findPrice('gpt-4o-2024-08-06')).toMatchObject({
      input: 2,
      source: 'https://example.com/contract',
    });
    expect(findPrice('my-model-v2')).toMatchObject({
      model: 'my-model',
      asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      source: `file ${path}`,
    });
    expect(computeCost({ inputTokens: 1_000_000, outputTokens: 0 }, 'my-model').totalUsd).toBe(0.5);
    expect(listPrices().filter((e) => e.provider === 'openai' && e.model === 'gpt-4o')).toHaveLength(1);
  });

  it('marks the version while overrides are loaded, and reset restores the built-in table', () => {
    expect(getPricingVersion()).toBe(PRICING_VERSION);
    loadPricing(ours({}));
    expect(getPricingVersion()).toMatch(new RegExp(`^${PRICING_VERSION}\\+custom\\.[0-9a-f]{8}$`));
    expect(computeCost({ inputTokens: 1, outputTokens: 1 }, 'my-model').pricingVersion).toBe(
      getPricingVersion(),
    );
    resetPricing();
    expect(getPricingVersion()).toBe(PRICING_VERSION);
    expect(findPrice('my-model')).toBeUndefined();
  });

  it('lets a later file win over an earlier one', () => {
    loadPricing(ours({ input: 1 }));
    loadPricing(ours({ input: 7 }));
    expect(findPrice('my-model')?.input).toBe(7);
  });

  it('maps Azure OpenAI deployment names to models', () => {
    loadPricing(
      file({
        entries: [],
        azureDeployments: { 'prod-gpt4o': 'gpt-4o', 'Cheap-Mini': 'gpt-4o-mini-2024-07-18' },
      }),
    );
    expect(findPrice('prod-gpt4o', { provider: 'azure.ai.openai' })?.model).toBe('gpt-4o');
    expect(findPrice('cheap-mini', { provider: 'azure.ai.openai' })?.model).toBe('gpt-4o-mini');
    expect(findPrice('prod-gpt4o')).toBeUndefined();
  });
});

describe('loadPricing: bad files fail with one line naming file, entry, field and fix', () => {
  it.each([
    [
      'a rate that is text',
      { input: 'abc' },
      'entry "my-model": field "input" must be a non-negative number of USD per 1M tokens (got "abc")',
    ],
    [
      'a negative rate',
      { output: -1 },
      'entry "my-model": field "output" must be a non-negative number of USD per 1M tokens (got -1)',
    ],
    [
      'a missing required rate',
      { output: undefined },
      'entry "my-model": field "output" must be a non-negative number of USD per 1M tokens (got nothing)',
    ],
    ['a bad cache rate', { cacheRead: null }, 'field "cacheRead" must be a non-negative number'],
    [
      'a typo in a field name',
      { inptu: 1 },
      'entry "my-model": field "inptu" is not a known field; use one of',
    ],
    [
      'a bad date',
      { asOf: '22/11/2026' },
      'field "asOf" must be the date the price was true, as YYYY-MM-DD (got "22/11/2026")',
    ],
    ['no provider', { provider: '' }, 'field "provider" must be a gen_ai.provider.name value'],
    [
      'a bad context window',
      { contextWindow: 1.5 },
      'field "contextWindow" must be a positive whole number of tokens (got 1.5)',
    ],
    [
      'a bad batch discount',
      { batchDiscount: 2 },
      'field "batchDiscount" must be the fraction taken off for batch requests',
    ],
    [
      'a bad long-context tier',
      { longContext: [{ input: 2, output: 3 }] },
      'field "longContext[0].aboveInputTokens" is required',
    ],
    [
      'a bad tier rate',
      { longContext: [{ aboveInputTokens: 10, input: 'x', output: 3 }] },
      'field "longContext[0].input" must be a non-negative number',
    ],
    [
      'a bad service tier',
      { serviceTiers: { flex: { input: 1 } } },
      'field "serviceTiers.flex.output" must be a non-negative number',
    ],
    ['bad aliases', { aliases: 'gpt' }, 'field "aliases" must be a list of model id strings (got "gpt")'],
  ])('%s', (_what, entry, expected) => {
    const path = ours(entry);
    const message = errorOf(path);
    expect(message).toContain(`pricing file ${path}: `);
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
  });

  it('names an entry without a model by its position', () => {
    const path = file({ entries: [{ provider: 'openai', input: 1, output: 1 }] });
    expect(errorOf(path)).toBe(
      `pricing file ${path}: entry "#0": field "model" must be the model id as the API reports it, e.g. "gpt-4o" (got nothing)`,
    );
  });

  it('rejects two rows claiming one id for one provider', () => {
    const path = file({
      entries: [
        { provider: 'openai', model: 'a', input: 1, output: 1 },
        { provider: 'openai', model: 'b', aliases: ['a'], input: 1, output: 1 },
      ],
    });
    expect(errorOf(path)).toBe(
      `pricing file ${path}: entry "b": field "aliases" claims "a" which entry "a" already claims for provider "openai"; keep one of them`,
    );
  });

  it('rejects files that are not JSON, unreadable, or neither format', () => {
    const broken = file('{"entries": [');
    expect(errorOf(broken)).toMatch(
      new RegExp(`^pricing file ${broken}: is not valid JSON \\(.+\\); fix the syntax$`),
    );
    expect(errorOf(join(dir, 'missing.json'))).toBe(
      `pricing file ${join(dir, 'missing.json')}: cannot be read (ENOENT); check the path`,
    );
    const neither = file({ models: [] });
    expect(errorOf(neither)).toContain(
      'is neither an llmcost price table ({"entries": [...]}) nor a LiteLLM model_prices_and_context_window.json map',
    );
    const extra = file({ entries: [], prices: {} });
    expect(errorOf(extra)).toBe(
      `pricing file ${extra}: field "prices" is not a known top-level field; use version, entries, azureDeployments, providerByHost`,
    );
    const azure = file({ entries: [], azureDeployments: { prod: 5 } });
    expect(errorOf(azure)).toBe(
      `pricing file ${azure}: field "azureDeployments.prod" must be the model id the deployment serves, e.g. "gpt-4o" (got 5)`,
    );
  });

  it('leaves the table as it was after a bad file', () => {
    loadPricing(ours({ input: 3 }));
    const version = getPricingVersion();
    errorOf(
      file({
        entries: [
          { provider: 'openai', model: 'other', input: 1, output: 1 },
          { provider: 'openai', model: 'bad', input: -1, output: 1 },
        ],
      }),
    );
    expect(findPrice('other')).toBeUndefined();
    expect(findPrice('my-model')?.input).toBe(3);
    expect(getPricingVersion()).toBe(version);
  });
});

describe('loadPricing: LiteLLM format', () => {
  const litellm = {
    sample_spec: {
      input_cost_per_token: 0.0,
      litellm_provider: 'one of https://docs.litellm.ai/docs/providers',
      max_tokens: 'LEGACY parameter',
    },
    'my-finetuned-llama': {
      input_cost_per_token: 3e-7,
      output_cost_per_token: 1.2e-6,
      cache_read_input_token_cost: 7.5e-8,
      litellm_provider: 'openai',
      max_input_tokens: 131072,
      max_output_tokens: 8192,
      mode: 'chat',
    },
    'gemini/gemini-9-pro': {
      input_cost_per_token: 1.25e-6,
      input_cost_per_token_above_200k_tokens: 2.5e-6,
      output_cost_per_token: 1e-5,
      output_cost_per_token_above_200k_tokens: 1.5e-5,
      cache_read_input_token_cost: 1.25e-7,
      cache_read_input_token_cost_above_200k_tokens: 2.5e-7,
      input_cost_per_token_batches: 6.25e-7,
      litellm_provider: 'gemini',
      max_input_tokens: 1048576,
      max_output_tokens: 65535,
      mode: 'chat',
    },
    'claude-next-1': {
      input_cost_per_token: 3e-6,
      output_cost_per_token: 1.5e-5,
      cache_creation_input_token_cost: 3.75e-6,
      cache_creation_input_token_cost_above_1hr: 6e-6,
      cache_read_input_token_cost: 3e-7,
      litellm_provider: 'anthropic',
      max_tokens: 64000,
      mode: 'chat',
    },
    'us.anthropic.claude-next-1-v1:0': {
      input_cost_per_token: 3.3e-6,
      output_cost_per_token: 1.65e-5,
      litellm_provider: 'bedrock_converse',
      mode: 'chat',
    },
    'eu.anthropic.claude-next-1-v1:0': {
      input_cost_per_token: 3.4e-6,
      output_cost_per_token: 1.7e-5,
      litellm_provider: 'bedrock_converse',
      mode: 'chat',
    },
    'gpt-next': {
      input_cost_per_token: 1.25e-6,
      output_cost_per_token: 1e-5,
      cache_read_input_token_cost: 1.25e-7,
      input_cost_per_token_flex: 6.25e-7,
      output_cost_per_token_flex: 5e-6,
      cache_read_input_token_cost_flex: 6.25e-8,
      litellm_provider: 'openai',
      mode: 'responses',
    },
    'dall-e-9': { output_cost_per_image: 0.04, litellm_provider: 'openai', mode: 'image_generation' },
    azureDeployments: { 'prod-next': 'gpt-next' },
  };

  it('detects the format and imports per-token rates exactly, tiers, batch, service tiers and limits', () => {
    const path = file(litellm);
    expect(loadPricing(path)).toMatchObject({ format: 'litellm', entries: 5, azureDeployments: 1 });
    expect(findPrice('my-finetuned-llama')).toMatchObject({
      provider: 'openai',
      input: 0.3,
      output: 1.2,
      cacheRead: 0.075,
      contextWindow: 131072,
      maxOutputTokens: 8192,
    });
    expect(findPrice('gemini-9-pro', { provider: 'gcp.gemini' })).toMatchObject({
      provider: 'gcp.gemini',
      input: 1.25,
      batchDiscount: 0.5,
      longContext: [{ aboveInputTokens: 200000, input: 2.5, output: 15, cacheRead: 0.25 }],
    });
    expect(findPrice('claude-next-1-20270101')).toMatchObject({
      provider: 'anthropic',
      cacheWrite: 3.75,
      cacheWrite1h: 6,
      maxOutputTokens: 64000,
    });
    expect(findPrice('dall-e-9')).toBeUndefined();
    expect(
      computeCost({ inputTokens: 1_000_000, outputTokens: 0 }, 'prod-next', {
        provider: 'azure.ai.openai',
        serviceTier: 'flex',
      }).totalUsd,
    ).toBe(0.625);
    expect(computeCost({ inputTokens: 300_000, outputTokens: 0 }, 'gemini/gemini-9-pro').totalUsdExact).toBe(
      '0.75',
    );
  });

  it('keeps the first of several regional Bedrock ids of one model', () => {
    loadPricing(file(litellm));
    expect(findPrice('eu.anthropic.claude-next-1-v1:0', { provider: 'aws.bedrock' })?.input).toBe(3.3);
    expect(findPrice('claude-next-1', { provider: 'anthropic' })?.input).toBe(3);
  });

  it.each([
    [
      { 'm-1': { input_cost_per_token: 'abc', litellm_provider: 'openai' } },
      'entry "m-1": field "input_cost_per_token" must be a non-negative number of USD per token (got "abc")',
    ],
    [
      { 'm-1': { input_cost_per_token: 1e-6, output_cost_per_token: -1, litellm_provider: 'openai' } },
      'entry "m-1": field "output_cost_per_token" must be a non-negative number of USD per token (got -1)',
    ],
    [
      { 'm-1': { input_cost_per_token: 1e-6, litellm_provider: '' } },
      'entry "m-1": field "litellm_provider" must name the provider, e.g. "openai" (got "")',
    ],
    [
      { 'm-1': { input_cost_per_token: 1e-6, litellm_provider: 'openai', max_output_tokens: 'lots' } },
      'entry "m-1": field "max_output_tokens" must be a positive whole number of tokens (got "lots")',
    ],
    [
      {
        'm-1': {
          input_cost_per_token: 1e-6,
          input_cost_per_token_above_200k_tokens: true,
          litellm_provider: 'openai',
        },
      },
      'entry "m-1": field "input_cost_per_token_above_200k_tokens" must be a non-negative number of USD per token (got true)',
    ],
    [
      { 'm-1': { input_cost_per_token: 1e-6, litellm_provider: 'openai' }, 'm-2': 'cheap' },
      'entry "m-2" must be an object of LiteLLM fields such as input_cost_per_token (got "cheap")',
    ],
    [
      { 'm-1': { input_cost_per_token: 1e-6, litellm_provider: 'openai', max_input_tokens: -5 } },
      'entry "m-1": field "max_input_tokens" must be a positive whole number of tokens (got -5)',
    ],
    [
      {
        'm-1': {
          input_cost_per_token: 1e-6,
          cache_read_input_token_cost: '1e-7',
          litellm_provider: 'openai',
        },
      },
      'entry "m-1": field "cache_read_input_token_cost" must be a non-negative number of USD per token (got "1e-7")',
    ],
    [
      { 'm-1': { input_cost_per_token: 1e-6, litellm_provider: 'openai' }, azureDeployments: ['gpt-4o'] },
      'field "azureDeployments" must map a deployment name to a model id, e.g. {"prod-gpt4o": "gpt-4o"}',
    ],
  ])('rejects %j', (content, expected) => {
    const path = file(content);
    const message = errorOf(path);
    expect(message).toBe(`pricing file ${path}: ${expected}`);
  });
});

describe('loadPricing: a sample of the real LiteLLM file', () => {
  const sample = fileURLToPath(new URL('./__fixtures__/litellm-sample.json', import.meta.url));

  it('imports the token-priced rows and skips sample_spec, images and speech', () => {
    expect(loadPricing(sample)).toMatchObject({ format: 'litellm', entries: 4 });
    expect(findPrice('gemini-2.5-flash-preview-tts', { provider: 'gcp.gemini' })).toBeUndefined();
    expect(findPrice('gemini-2.5-pro', { provider: 'gcp.gemini' })?.source).not.toBe(GEMINI_BUILT_IN_SOURCE);
    expect(findPrice('gemini-flash-lite-latest')).toMatchObject({
      provider: 'gcp.gemini',
      input: 0.1,
      output: 0.4,
      cacheRead: 0.025,
      reasoning: 0.4,
    });
  });

  it('reads tiers, batch and service tiers as published', () => {
    loadPricing(sample);
    expect(findPrice('gemini-3-pro-preview', { provider: 'gcp.gemini' })).toMatchObject({
      input: 2,
      output: 12,
      cacheRead: 0.2,
      batchDiscount: 0.5,
      longContext: [{ aboveInputTokens: 200000, input: 4, output: 18, cacheRead: 0.4 }],
      serviceTiers: { priority: { input: 3.6, output: 21.6, cacheRead: 0.36 } },
      contextWindow: 1048576,
      maxOutputTokens: 65535,
      source: 'https://cloud.google.com/vertex-ai/generative-ai/pricing',
    });
    const u = { inputTokens: 300_000, outputTokens: 1000, cacheReadInputTokens: 100_000 };
    expect(computeCost(u, 'gemini-3-pro-preview', { provider: 'gcp.gemini' }).totalUsdExact).toBe('0.858');
    // The flex tier lists no output rate: output stays at the standard $1.50.
    expect(
      computeCost(u, 'gemini-3.1-flash-lite', { provider: 'gcp.gemini', serviceTier: 'flex' }).totalUsdExact,
    ).toBe('0.02775');
  });
});
