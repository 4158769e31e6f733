// The OpenAI-specific attributes of semconv v1.41.1 docs/gen-ai/openai.md: conditionally required
// openai.request.service_tier (when requested and not `auto`), openai.response.service_tier (when the response
// has one), gen_ai.output.type (when the request sets an output format); recommended openai.api.type and
// openai.response.system_fingerprint. The tier the response reports is also the price: flex and priority differ.
import { computeCost, convertOpenAIChatUsage, convertOpenAIResponsesUsage } from '@llmcost/pricing';
import { describe, expect, it } from 'vitest';
import { loadOpenAI, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { matching } from '../core/test-support/telemetry.js';
import { OpenAIInstrumentation } from './index.js';

const t = useInstrumentation(new OpenAIInstrumentation());
const messages = [{ role: 'user' as const, content: 'Say hello' }];

describe.each([4, 6] as const)('openai v%i semconv OpenAI attributes', (major) => {
  const sdk = loadOpenAI(major);
  const client = () => new sdk.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });

  it('chat completions: api type, response tier and fingerprint; no request tier without one', async () => {
    const res = await client().chat.completions.create({ model: 'gpt-4o-mini', messages });
    const a = t.telemetry.onlySpan().attributes;
    expect(a['openai.api.type']).toBe('chat_completions');
    expect(a['openai.response.service_tier']).toBe(res.service_tier);
    expect(a['openai.response.system_fingerprint']).toBe(res.system_fingerprint);
    expect(a).not.toHaveProperty('openai.request.service_tier');
    expect(a).not.toHaveProperty('gen_ai.output.type');
  });

  it('service_tier auto is not recorded as a request tier; json_schema output is gen_ai.output.type json', async () => {
    await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      service_tier: 'auto',
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'greeting',
          schema: { type: 'object', properties: { text: { type: 'string' } } },
        },
      },
    });
    const a = t.telemetry.onlySpan().attributes;
    expect(a).not.toHaveProperty('openai.request.service_tier');
    expect(a['openai.response.service_tier']).toBe('default');
    expect(a['gen_ai.output.type']).toBe('json');
  });

  it('flex: request and response tier on the span, priced at the flex rates, tier on the metric points', async () => {
    const res = await client().chat.completions.create({
      model: 'gpt-5-mini',
      messages,
      service_tier: 'flex',
      response_format: { type: 'text' },
    });
    expect(res.service_tier).toBe('flex');
    const a = t.telemetry.onlySpan().attributes;
    expect(a['openai.request.service_tier']).toBe('flex');
    expect(a['openai.response.service_tier']).toBe('flex');
    expect(a['gen_ai.output.type']).toBe('text');
    const usage = convertOpenAIChatUsage(res.usage)!;
    const flex = computeCost(usage, res.model, { provider: 'openai', serviceTier: 'flex' });
    const standard = computeCost(usage, res.model, { provider: 'openai' });
    expect(flex.totalUsd).toBeLessThan(standard.totalUsd!);
    expect(a['gen_ai.usage.cost']).toBe(flex.totalUsd);
    const costPoints = matching(await t.telemetry.points('gen_ai.usage.cost'), {
      'gen_ai.request.model': 'gpt-5-mini',
    });
    expect(costPoints.map((p) => p.attributes['openai.response.service_tier'])).toEqual(['flex']);
  });

  it('a stream reads the tier and fingerprint from its chunks and prices priority at the priority rates', async () => {
    const stream = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
      service_tier: 'priority',
    });
    let usage: any;
    let model = '';
    let fingerprint = '';
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      model ||= chunk.model;
      fingerprint ||= chunk.system_fingerprint;
    }
    const a = t.telemetry.onlySpan().attributes;
    expect(a['openai.response.service_tier']).toBe('priority');
    expect(a['openai.response.system_fingerprint']).toBe(fingerprint);
    const priority = computeCost(convertOpenAIChatUsage(usage)!, model, {
      provider: 'openai',
      serviceTier: 'priority',
    });
    expect(a['gen_ai.usage.cost']).toBe(priority.totalUsd);
  });

  it('responses: api type responses, the response tier and its price', async () => {
    const res = await client().responses.create({
      model: 'gpt-5-mini',
      input: 'Say hello',
      service_tier: 'flex',
      text: { format: { type: 'json_object' } },
    });
    const a = t.telemetry.onlySpan().attributes;
    expect(a['openai.api.type']).toBe('responses');
    expect(a['openai.request.service_tier']).toBe('flex');
    expect(a['openai.response.service_tier']).toBe('flex');
    expect(a['gen_ai.output.type']).toBe('json');
    const flex = computeCost(convertOpenAIResponsesUsage(res.usage)!, res.model, {
      provider: 'openai',
      serviceTier: 'flex',
    });
    expect(a['gen_ai.usage.cost']).toBe(flex.totalUsd);
  });

  it('another provider behind an OpenAI client gets no openai.* attributes (semconv: consistent with the provider)', async () => {
    t.instrumentation.setConfig({ providerByHost: { [`127.0.0.1:${t.mock().port}`]: 'deepseek' } });
    await client().chat.completions.create({ model: 'deepseek-chat', messages, service_tier: 'flex' });
    const a = t.telemetry.onlySpan().attributes;
    expect(a['gen_ai.provider.name']).toBe('deepseek');
    expect(Object.keys(a).filter((k) => k.startsWith('openai.'))).toEqual([]);
  });

  it('embeddings: no OpenAI API type (semconv names only chat_completions and responses)', async () => {
    await client().embeddings.create({ model: 'text-embedding-3-small', input: 'one' });
    expect(t.telemetry.onlySpan().attributes).not.toHaveProperty('openai.api.type');
  });
});
