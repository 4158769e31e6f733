// OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental: the names of semantic-conventions-genai's main branch
// (docs/gen-ai/non-normative/migration.md) instead of v1.41.1; llmcost's own names stay.
import { convertAnthropicUsage } from '@llmcost/pricing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnthropicInstrumentation } from '../anthropic/index.js';
import { loadAnthropic, loadOpenAI, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { OpenAIInstrumentation } from '../openai/index.js';
import { optsInToLatestGenAi } from './stability-opt-in.js';

const anthropic = useInstrumentation(new AnthropicInstrumentation(), { genAiLatestConventions: true });
const openai = useInstrumentation(new OpenAIInstrumentation(), { genAiLatestConventions: true });
const messages = [{ role: 'user' as const, content: 'Tell me about lighthouses' }];
const names = async (t: { telemetry: typeof openai.telemetry }) =>
  new Set((await t.telemetry.points()).map((p) => p.name));

afterEach(() => vi.unstubAllEnvs());

describe('OTEL_SEMCONV_STABILITY_OPT_IN', () => {
  it('is a shared list: gen_ai_latest_experimental opts in, other entries are not errors', () => {
    expect(optsInToLatestGenAi('http, gen_ai_latest_experimental')).toBe(true);
    expect(optsInToLatestGenAi('http/dup,database')).toBe(false);
    expect(optsInToLatestGenAi('')).toBe(false);
    expect(optsInToLatestGenAi(undefined)).toBe(false);
  });

  it('the instrumentation reads it when the option is left undefined', () => {
    vi.stubEnv('OTEL_SEMCONV_STABILITY_OPT_IN', 'gen_ai_latest_experimental');
    const i = new OpenAIInstrumentation({ enabled: false });
    expect(i.getConfig().genAiLatestConventions).toBe(true);
    vi.stubEnv('OTEL_SEMCONV_STABILITY_OPT_IN', 'http');
    i.setConfig({});
    expect(i.getConfig().genAiLatestConventions).toBe(false);
    i.setConfig({ genAiLatestConventions: true });
    expect(i.getConfig().genAiLatestConventions).toBe(true);
  });

  it('Anthropic: gen_ai.usage.cache_write.input_tokens; inference metrics and usage counters replace v1.41.1 ones', async () => {
    const sdk = loadAnthropic(1);
    const client = new sdk.Anthropic({ apiKey: TEST_API_KEY, baseURL: anthropic.mock().url, maxRetries: 0 });
    anthropic.mock().resetCache();
    const system = [
      {
        type: 'text' as const,
        text: 'You keep a lighthouse. '.repeat(90),
        cache_control: { type: 'ephemeral' },
      },
    ];
    const res = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 50,
      system,
      messages,
    });
    const a = anthropic.telemetry.onlySpan().attributes;
    expect(res.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(a['gen_ai.usage.cache_write.input_tokens']).toBe(res.usage.cache_creation_input_tokens);
    expect(a).not.toHaveProperty('gen_ai.usage.cache_creation.input_tokens');
    expect(a['gen_ai.usage.cost']).toBeGreaterThan(0);

    const got = await names(anthropic);
    for (const old of ['gen_ai.client.operation.duration', 'gen_ai.client.token.usage'])
      expect(got.has(old), old).toBe(false);
    for (const name of [
      'gen_ai.client.inference.duration',
      'gen_ai.client.inference.usage.input_tokens',
      'gen_ai.client.inference.usage.output_tokens',
      'gen_ai.client.inference.usage.cache_write.input_tokens',
      'gen_ai.client.inference.operation.input_tokens',
      'gen_ai.client.inference.operation.output_tokens',
      'gen_ai.usage.cost',
      'llmcost.calls',
      'llmcost.tokens',
    ])
      expect(got.has(name), name).toBe(true);
    const usage = convertAnthropicUsage(res.usage)!;
    const [input] = await anthropic.telemetry.points('gen_ai.client.inference.usage.input_tokens');
    expect(input!.value).toBe(usage.inputTokens);
    expect(input!.attributes['gen_ai.token.modality']).toBe('unknown');
    const [write] = await anthropic.telemetry.points(
      'gen_ai.client.inference.usage.cache_write.input_tokens',
    );
    expect(write!.value).toBe(res.usage.cache_creation_input_tokens);
  });

  it('OpenAI: a stream records gen_ai.client.inference.time_to_first_chunk; embeddings their own metrics', async () => {
    const sdk = loadOpenAI(6);
    const client = new sdk.OpenAI({
      apiKey: TEST_API_KEY,
      baseURL: `${openai.mock().url}/v1`,
      maxRetries: 0,
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const _ of stream);
    await client.embeddings.create({ model: 'text-embedding-3-small', input: 'one' });
    const got = await names(openai);
    expect(got.has('gen_ai.client.operation.time_to_first_chunk')).toBe(false);
    for (const name of [
      'gen_ai.client.inference.time_to_first_chunk',
      'gen_ai.client.embeddings.duration',
      'gen_ai.client.embeddings.operation.input_tokens',
    ])
      expect(got.has(name), name).toBe(true);
    const inference = await openai.telemetry.points('gen_ai.client.inference.duration');
    expect(inference.map((p) => p.attributes['gen_ai.operation.name'])).toEqual(['chat']);
  });
});
