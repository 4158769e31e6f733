import { describe, expect, it } from 'vitest';
import { loadOpenAI, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { OpenAIInstrumentation } from '../openai/index.js';

const t = useInstrumentation(new OpenAIInstrumentation());
const sdk = loadOpenAI(6);
const client = () => new sdk.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Say hello' }];

/** Bucket advice of gen_ai.client.operation.time_to_first_chunk, semconv v1.41.1 gen-ai-metrics.md. */
const SEMCONV_TTFC_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

describe('GenAI metric points (semconv v1.41.1 metric attributes)', () => {
  it('carry server.address and server.port; time to first chunk uses the semconv bucket advice', async () => {
    const stream = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const _ of stream);
    const server = { 'server.address': '127.0.0.1', 'server.port': t.mock().port };
    for (const name of [
      'gen_ai.client.operation.duration',
      'gen_ai.client.operation.time_to_first_chunk',
      'gen_ai.client.token.usage',
      'gen_ai.usage.cost',
      'llmcost.calls',
      'llmcost.tokens',
    ]) {
      const points = await t.telemetry.points(name);
      expect(points.length, name).toBeGreaterThan(0);
      for (const p of points) expect(p.attributes, name).toMatchObject(server);
    }
    const [ttfc] = await t.telemetry.points('gen_ai.client.operation.time_to_first_chunk');
    expect((ttfc!.value as { buckets: { boundaries: number[] } }).buckets.boundaries).toEqual(
      SEMCONV_TTFC_BUCKETS,
    );
  });

  it('our own metrics put no invented values in the gen_ai namespace: llmcost.finish_reason, llmcost.token.type', async () => {
    await client().chat.completions.create({ model: 'gpt-4o-mini', messages });
    const calls = await t.telemetry.points('llmcost.calls');
    for (const p of calls) {
      expect(p.attributes).not.toHaveProperty('gen_ai.response.finish_reason');
      expect(p.attributes['llmcost.finish_reason']).toBe('stop');
    }
    const tokens = await t.telemetry.points('llmcost.tokens');
    expect(new Set(tokens.map((p) => p.attributes['llmcost.token.type']))).toEqual(
      new Set(['input', 'output']),
    );
    for (const p of tokens) expect(p.attributes).not.toHaveProperty('gen_ai.token.type');
    // The semconv histogram keeps the semconv attribute and its two registry values.
    const usage = await t.telemetry.points('gen_ai.client.token.usage');
    expect(new Set(usage.map((p) => p.attributes['gen_ai.token.type']))).toEqual(
      new Set(['input', 'output']),
    );
  });
});
