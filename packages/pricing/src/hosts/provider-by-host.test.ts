import { afterEach, describe, expect, it } from 'vitest';
import { loadPricingData } from '../table/load-pricing.js';
import { PricingFileError } from '../table/pricing-file-error.js';
import { resetPricing } from '../table/pricing-state.js';
import { providerForHost } from './provider-by-host.js';
import { createProviderResolver, parseProviderByHost } from './provider-resolver.js';

afterEach(() => resetPricing());

describe('providerForHost: known OpenAI-compatible hosts', () => {
  it.each([
    ['https://api.openai.com/v1', 'openai'],
    ['https://api.groq.com/openai/v1', 'groq'],
    ['https://api.deepseek.com', 'deepseek'],
    ['https://api.deepseek.com/v1', 'deepseek'],
    ['https://api.x.ai/v1', 'x_ai'],
    ['https://api.together.xyz/v1', 'together_ai'],
    ['https://api.fireworks.ai/inference/v1', 'fireworks_ai'],
    ['https://openrouter.ai/api/v1', 'openrouter'],
    ['https://api.mistral.ai/v1', 'mistral_ai'],
    ['https://generativelanguage.googleapis.com/v1beta/openai/', 'gcp.gemini'],
    [
      'https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/endpoints/openapi',
      'gcp.vertex_ai',
    ],
    ['https://my-foundry.services.ai.azure.com/models', 'azure.ai.inference'],
    ['https://my-deployment.eastus2.models.ai.azure.com', 'azure.ai.inference'],
    ['https://my-resource.openai.azure.com/openai/v1', 'azure.ai.openai'],
    ['https://bedrock-runtime.us-west-2.amazonaws.com/openai/v1', 'aws.bedrock'],
    ['https://bedrock-mantle.us-east-1.api.aws/v1', 'aws.bedrock'],
    ['https://api.anthropic.com/v1/', 'anthropic'],
    ['HTTPS://API.GROQ.COM/openai/v1', 'groq'],
  ])('%s -> %s', (baseURL, provider) => {
    expect(providerForHost(baseURL)).toBe(provider);
  });

  it.each([
    ['http://localhost:11434/v1', 'ollama'],
    ['http://127.0.0.1:11434/v1', 'ollama'],
    ['http://gpu-box.lan:11434/v1', 'ollama'],
    ['http://localhost:8000/v1', 'vllm'],
    ['http://127.0.0.1:8000/v1', 'vllm'],
    ['http://[::1]:1234/v1', 'lm_studio'],
  ])('local server %s -> %s', (baseURL, provider) => {
    expect(providerForHost(baseURL)).toBe(provider);
  });

  it.each([
    'http://127.0.0.1:41234/v1', // mock-llm, a LiteLLM proxy, a gateway: keep the SDK's provider
    'http://localhost:4000',
    'http://inference.example.com:8000/v1', // :8000 off loopback is not assumed to be vLLM
    'https://runtime.sagemaker.us-east-1.amazonaws.com',
    'https://evil-api.groq.com.example.net/v1',
    'not a url',
    '',
    undefined,
    42,
  ])('%j is not a known host (undefined)', (baseURL) => {
    expect(providerForHost(baseURL)).toBeUndefined();
  });
});

describe('providerForHost: overrides', () => {
  const overrides = new Map([
    ['127.0.0.1:41234', 'groq'],
    ['llm.internal.example.com', 'openai'],
    ['*.example.net', 'vllm'],
    ['*.gpu.example.net', 'ollama'],
    ['api.groq.com', 'my_groq_proxy'],
  ]);

  it('takes host:port, then host, then the longest *.suffix, before the known hosts', () => {
    expect(providerForHost('http://127.0.0.1:41234/v1', overrides)).toBe('groq');
    expect(providerForHost('http://127.0.0.1:41235/v1', overrides)).toBeUndefined();
    expect(providerForHost('https://llm.internal.example.com/v1', overrides)).toBe('openai');
    expect(providerForHost('https://a.example.net/v1', overrides)).toBe('vllm');
    expect(providerForHost('https://a.gpu.example.net/v1', overrides)).toBe('ollama');
    expect(providerForHost('https://api.groq.com/openai/v1', overrides)).toBe('my_groq_proxy');
  });

  it('tries the override maps in order (environment before pricing file)', () => {
    const env = new Map([['localhost:8000', 'local']]);
    const file = new Map([
      ['localhost:8000', 'vllm'],
      ['localhost:9000', 'vllm'],
    ]);
    expect(providerForHost('http://localhost:8000/v1', env, file)).toBe('local');
    expect(providerForHost('http://localhost:9000/v1', env, file)).toBe('vllm');
  });
});

describe('parseProviderByHost (LLMCOST_PROVIDER_BY_HOST)', () => {
  it('reads host=provider pairs, lower-casing hosts', () => {
    expect(parseProviderByHost('127.0.0.1=groq, LLM.Example.com:8443=openai,*.corp.net=vllm,')).toEqual({
      map: new Map([
        ['127.0.0.1', 'groq'],
        ['llm.example.com:8443', 'openai'],
        ['*.corp.net', 'vllm'],
      ]),
    });
  });

  it.each([
    ['groq', /"groq", which is not host=provider/],
    [
      'https://api.example.com=openai',
      /not host=provider \(host, host:port or \*\.domain, no scheme or path\)/,
    ],
    ['api.example.com/v1=openai', /not host=provider/],
    ['api.example.com=', /maps api\.example\.com to "", which is not a gen_ai\.provider\.name/],
    ['api.example.com=Open AI', /maps api\.example\.com to "Open AI"/],
  ])('%j -> an error naming the bad pair', (text, message) => {
    const parsed = parseProviderByHost(text);
    expect('error' in parsed && parsed.error).toMatch(message);
  });
});

describe('pricing file providerByHost', () => {
  it('maps hosts for the resolver, environment overrides first, and is dropped on reset', () => {
    const resolve = createProviderResolver(new Map([['gateway.example.com', 'openai']]));
    expect(resolve('https://llm.example.com/v1')).toBeUndefined();
    const result = loadPricingData({
      entries: [],
      providerByHost: { 'llm.example.com': 'together_ai', 'gateway.example.com': 'groq' },
    });
    expect(result.providerByHost).toBe(2);
    expect(resolve('https://llm.example.com/v1')).toBe('together_ai');
    expect(resolve('https://gateway.example.com/v1')).toBe('openai');
    resetPricing();
    expect(resolve('https://llm.example.com/v1')).toBeUndefined();
  });

  it('is read from a LiteLLM-format file too', () => {
    loadPricingData({
      providerByHost: { 'localhost:9000': 'vllm' },
      'my-model': { input_cost_per_token: 1e-7, output_cost_per_token: 2e-7, litellm_provider: 'openai' },
    });
    expect(createProviderResolver()('http://localhost:9000/v1')).toBe('vllm');
  });

  it.each([
    [{ providerByHost: ['a'] }, /field "providerByHost" must map a host to a gen_ai\.provider\.name/],
    [
      { providerByHost: { 'http://x.com': 'openai' } },
      /field "providerByHost\.http:\/\/x\.com" is not a host/,
    ],
    [
      { providerByHost: { 'x.com': 'Open AI' } },
      /field "providerByHost\.x\.com" must be a gen_ai\.provider\.name/,
    ],
  ])('refuses %j with one line', (extra, message) => {
    const load = () => loadPricingData({ entries: [], ...extra }, 'p.json');
    expect(load).toThrow(PricingFileError);
    expect(load).toThrow(message);
    expect(() => load()).not.toThrow(/\n/);
  });
});
