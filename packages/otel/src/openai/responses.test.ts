import { computeCost, convertOpenAIResponsesUsage, countTokens } from '@llmcost/pricing';
import { describe, expect, it } from 'vitest';
import { loadOpenAI, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { OpenAIInstrumentation } from './index.js';

const t = useInstrumentation(new OpenAIInstrumentation());

describe.each([4, 5, 6] as const)('openai v%i responses.create', (major) => {
  const sdk = loadOpenAI(major);
  const client = () => new sdk.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });

  it('records a non-streaming response as operation chat, priced from its usage', async () => {
    const res = await client().responses.create({
      model: 'gpt-4o-mini',
      input: 'Write a haiku',
      max_output_tokens: 80,
    });
    const span = t.telemetry.onlySpan();
    const cost = computeCost(convertOpenAIResponsesUsage(res.usage)!, res.model, { provider: 'openai' });
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.attributes['gen_ai.operation.name']).toBe('chat');
    expect(span.attributes['gen_ai.request.max_tokens']).toBe(80);
    expect(span.attributes['gen_ai.response.id']).toBe(res.id);
    expect(span.attributes['gen_ai.response.model']).toBe(res.model);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(res.usage.input_tokens);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(res.usage.output_tokens);
    expect(span.attributes['gen_ai.usage.cost']).toBe(cost.totalUsd);
    expect(span.attributes['llmcost.pricing.status']).toBe('priced');
  });

  it('records a streamed response from its response.completed event', async () => {
    const stream = await client().responses.create({
      model: 'gpt-4o-mini',
      input: 'Write a haiku',
      stream: true,
    });
    let completed: any;
    for await (const event of stream) if (event.type === 'response.completed') completed = event.response;
    const span = t.telemetry.onlySpan();
    const cost = computeCost(convertOpenAIResponsesUsage(completed.usage)!, completed.model, {
      provider: 'openai',
    });
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expect(span.attributes['gen_ai.response.id']).toBe(completed.id);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(completed.usage.output_tokens);
    expect(span.attributes['gen_ai.usage.cost']).toBe(cost.totalUsd);
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  });

  it('estimates a stream broken off before response.completed from what was sent and seen', async () => {
    const stream = await client().responses.create({
      model: 'gpt-4o-mini',
      input: 'Write a haiku',
      stream: true,
    });
    let model = '';
    let text = '';
    for await (const event of stream) {
      if (event.type === 'response.created') model = event.response.model;
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (text.length > 10) break;
    }
    const span = t.telemetry.onlySpan();
    const usage = {
      inputTokens: countTokens('Write a haiku', model).tokens,
      outputTokens: countTokens(text, model).tokens,
    };
    expect(span.attributes['llmcost.pricing.status']).toBe('estimated');
    expect(span.attributes['llmcost.estimated.input_tokens']).toBe(usage.inputTokens);
    expect(span.attributes['llmcost.estimated.output_tokens']).toBe(usage.outputTokens);
    expect(span.attributes['gen_ai.usage.cost']).toBe(
      computeCost(usage, model, { provider: 'openai' }).totalUsd,
    );
  });

  it('instruments responses.stream() once and finalResponse() works', async () => {
    const stream = client().responses.stream({ model: 'gpt-4o-mini', input: 'Write a haiku' });
    const final = await stream.finalResponse();
    expect(final.output.length).toBeGreaterThan(0);
    expect(t.telemetry.onlySpan().attributes['gen_ai.usage.output_tokens']).toBe(final.usage.output_tokens);
  });

  it('instruments responses.parse() once', async () => {
    const res = await client().responses.parse({ model: 'gpt-4o-mini', input: 'Write a haiku' });
    expect(t.telemetry.onlySpan().attributes['gen_ai.usage.input_tokens']).toBe(res.usage.input_tokens);
  });
});
