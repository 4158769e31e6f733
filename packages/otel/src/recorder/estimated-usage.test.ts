// Usage the provider did not report is counted locally; semconv wants gen_ai usage (spans and the token usage
// metric) only from the provider unless the user opts in to local counting (v1.41.1 gen-ai-metrics.md,
// gen_ai.client.token.usage). So by default the estimates go under llmcost.estimated.*, with their cost and status.
import { countMessageTokens, countTokens } from '@llmcost/pricing';
import { describe, expect, it } from 'vitest';
import { AnthropicInstrumentation } from '../anthropic/index.js';
import { loadAnthropic, loadGoogleGenAI, loadOpenAI, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { matching } from '../core/test-support/telemetry.js';
import { GoogleGenAIInstrumentation } from '../google-genai/index.js';
import { OpenAIInstrumentation } from '../openai/index.js';

const openai = useInstrumentation(new OpenAIInstrumentation());
const anthropic = useInstrumentation(new AnthropicInstrumentation());
const gemini = useInstrumentation(new GoogleGenAIInstrumentation());
const messages = [{ role: 'user' as const, content: 'Tell me a story about a lighthouse' }];

async function streamWithoutUsage() {
  const sdk = loadOpenAI(6);
  const client = new sdk.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${openai.mock().url}/v1`, maxRetries: 0 });
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
  let text = '';
  let model = '';
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    model ||= chunk.model;
  }
  return {
    input: countMessageTokens(messages, model).tokens,
    output: countTokens(text, model).tokens,
  };
}

describe('estimated usage', () => {
  it('OpenAI stream without usage: llmcost.estimated.* on the span, no gen_ai usage on span or token metric', async () => {
    const counted = await streamWithoutUsage();
    const a = openai.telemetry.onlySpan().attributes;
    expect(a['llmcost.pricing.status']).toBe('estimated');
    expect(a['llmcost.estimated.input_tokens']).toBe(counted.input);
    expect(a['llmcost.estimated.output_tokens']).toBe(counted.output);
    expect(a['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(a['gen_ai.usage.output_tokens']).toBeUndefined();
    expect(a['gen_ai.usage.cost']).toBeGreaterThan(0);
    const estimated = { 'llmcost.pricing.status': 'estimated' };
    expect(matching(await openai.telemetry.points('gen_ai.client.token.usage'), estimated)).toEqual([]);
    // Our own counter keeps the estimate, marked by its pricing status.
    const tokens = await openai.telemetry.points('llmcost.tokens');
    const input = tokens.find((p) => p.attributes['llmcost.token.type'] === 'input')!;
    expect(input.attributes['llmcost.pricing.status']).toBe('estimated');
    expect(input.value).toBe(counted.input);
    expect((await openai.telemetry.points('gen_ai.usage.cost')).length).toBe(1);
  });

  it('estimatedUsageAsGenAi (LLMCOST_ESTIMATED_USAGE_AS_GENAI) restores gen_ai names for estimates', async () => {
    openai.instrumentation.setConfig({ estimatedUsageAsGenAi: true });
    const counted = await streamWithoutUsage();
    const a = openai.telemetry.onlySpan().attributes;
    expect(a['llmcost.pricing.status']).toBe('estimated');
    expect(a['gen_ai.usage.input_tokens']).toBe(counted.input);
    expect(a['gen_ai.usage.output_tokens']).toBe(counted.output);
    expect(a['llmcost.estimated.input_tokens']).toBeUndefined();
    const usage = matching(await openai.telemetry.points('gen_ai.client.token.usage'), {
      'llmcost.pricing.status': 'estimated',
    });
    expect(usage.map((p) => p.attributes['gen_ai.token.type']).sort()).toEqual(['input', 'output']);
  });

  it('Anthropic stream cut short: the reported input stays gen_ai, only the counted output is llmcost.estimated', async () => {
    const sdk = loadAnthropic(1);
    const client = new sdk.Anthropic({ apiKey: TEST_API_KEY, baseURL: anthropic.mock().url, maxRetries: 0 });
    const stream = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 200,
      messages,
      stream: true,
    });
    let startUsage: any;
    let n = 0;
    for await (const event of stream) {
      if (event.type === 'message_start') startUsage = event.message.usage;
      if (++n === 4) break;
    }
    const a = anthropic.telemetry.onlySpan().attributes;
    expect(a['llmcost.pricing.status']).toBe('estimated');
    expect(a['gen_ai.usage.input_tokens']).toBe(startUsage.input_tokens);
    expect(a['llmcost.estimated.input_tokens']).toBeUndefined();
    expect(a['gen_ai.usage.output_tokens']).toBeUndefined();
    expect(a['llmcost.estimated.output_tokens']).toBeGreaterThan(0);
    const usage = await anthropic.telemetry.points('gen_ai.client.token.usage');
    expect(usage.map((p) => p.attributes['gen_ai.token.type'])).toEqual(['input']);
  });

  it('Gemini embedContent (the API reports no tokens): estimated input, and no output tokens on an embeddings span', async () => {
    const sdk = loadGoogleGenAI(2);
    const client = new sdk.GoogleGenAI({
      apiKey: 'gemini-test-key',
      httpOptions: { baseUrl: gemini.mock().url },
    });
    await client.models.embedContent({ model: 'gemini-embedding-001', contents: ['What is a lighthouse?'] });
    const a = gemini.telemetry.onlySpan().attributes;
    expect(a['llmcost.estimated.input_tokens']).toBeGreaterThan(0);
    expect(a['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(a).not.toHaveProperty('gen_ai.usage.output_tokens');
    expect(a).not.toHaveProperty('llmcost.estimated.output_tokens');
  });
});

describe('embeddings spans', () => {
  it('OpenAI embeddings: gen_ai.usage.input_tokens only, no output_tokens=0, no output token point', async () => {
    const sdk = loadOpenAI(6);
    const client = new sdk.OpenAI({
      apiKey: TEST_API_KEY,
      baseURL: `${openai.mock().url}/v1`,
      maxRetries: 0,
    });
    const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'one' });
    const a = openai.telemetry.onlySpan().attributes;
    expect(a['gen_ai.usage.input_tokens']).toBe(res.usage.prompt_tokens);
    expect(a).not.toHaveProperty('gen_ai.usage.output_tokens');
    const usage = matching(await openai.telemetry.points('gen_ai.client.token.usage'), {
      'gen_ai.operation.name': 'embeddings',
    });
    expect(usage.map((p) => p.attributes['gen_ai.token.type'])).toEqual(['input']);
  });
});
