import { computeCost, convertOpenAIChatUsage, loadPricingData } from '@llmcost/pricing';
import { describe, expect, it } from 'vitest';
import { loadOpenAI, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { OpenAIInstrumentation } from './index.js';

const t = useInstrumentation(new OpenAIInstrumentation());
const messages = [{ role: 'user', content: 'Say hello' }];

describe.each([4, 5, 6] as const)('openai v%i AzureOpenAI', (major) => {
  const sdk = loadOpenAI(major);
  const client = (deployment?: string) =>
    new sdk.AzureOpenAI({
      apiKey: TEST_API_KEY,
      endpoint: t.mock().url,
      apiVersion: '2024-10-21',
      maxRetries: 0,
      ...(deployment ? { deployment } : {}),
    });

  it('reports provider azure.ai.openai and the deployment as request model', async () => {
    const res = await client().chat.completions.create({ model: 'prod-chat', messages });
    const span = t.telemetry.onlySpan();
    expect(span.name).toBe('chat prod-chat');
    expect(span.attributes['gen_ai.provider.name']).toBe('azure.ai.openai');
    expect(span.attributes['gen_ai.request.model']).toBe('prod-chat');
    expect(span.attributes['gen_ai.response.model']).toBe(res.model);
    expect(t.mock().requests.at(-1)?.path).toBe('/openai/deployments/prod-chat/chat/completions');
    // Without a deployment mapping, the underlying model the response names is priced.
    const cost = computeCost(convertOpenAIChatUsage(res.usage)!, res.model, { provider: 'azure.ai.openai' });
    expect(span.attributes['gen_ai.usage.cost']).toBe(cost.totalUsd);
  });

  it('uses the client deployment option as request model', async () => {
    await client('eu-mini').chat.completions.create({ model: 'ignored-by-azure', messages });
    expect(t.telemetry.onlySpan().attributes['gen_ai.request.model']).toBe('eu-mini');
  });
});

describe('Azure deployment mapping from the pricing file', () => {
  it('prices the deployment name through azureDeployments', async () => {
    loadPricingData({ entries: [], azureDeployments: { 'prod-chat': 'gpt-4o-mini' } }, 'azure-test.json');
    const sdk = loadOpenAI(6);
    const client = new sdk.AzureOpenAI({
      apiKey: TEST_API_KEY,
      endpoint: t.mock().url,
      apiVersion: '2024-10-21',
      maxRetries: 0,
    });
    const res = await client.chat.completions.create({ model: 'prod-chat', messages });
    const cost = computeCost(convertOpenAIChatUsage(res.usage)!, 'prod-chat', {
      provider: 'azure.ai.openai',
    });
    expect(cost.status).toBe('priced');
    const span = t.telemetry.onlySpan();
    expect(span.attributes['llmcost.pricing.model']).toBe(cost.pricingModel);
    expect(span.attributes['gen_ai.usage.cost']).toBe(cost.totalUsd);
  });
});
