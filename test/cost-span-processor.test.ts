// CostSpanProcessor on spans made by other instrumentations, out of process, against mock-llm:
// @opentelemetry/instrumentation-openai 0.21 and the Vercel AI SDK (`ai` 6 + @ai-sdk/openai), each under the
// user's own NodeSDK (test/fixtures/foreign-spans).
import { computeCost } from '@llmcost/pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './helpers/harness.js';
import { FIXTURES, type NodeResult, runNode } from './helpers/run-node.js';

type Span = { name: string; scope: string; attributes: Record<string, unknown> };
let h: Harness;
let contrib: NodeResult;
let vercel: NodeResult;

beforeAll(async () => {
  h = await startHarness();
  const env = { ...h.env('foreign'), OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };
  [contrib, vercel] = await Promise.all([
    runNode({ cwd: `${FIXTURES}foreign-spans`, args: ['own-sdk-openai.cjs'], env }),
    runNode({ cwd: `${FIXTURES}foreign-spans`, args: ['vercel-ai.mjs'], env }),
  ]);
}, 300_000);

afterAll(async () => {
  await h?.close();
});

const parse = (r: NodeResult) => {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { usage: any; spans: Span[] };
};
const price = (input: number, output: number, cacheRead = 0) =>
  computeCost({ inputTokens: input, outputTokens: output, cacheReadInputTokens: cacheRead }, 'gpt-4o-mini', {
    provider: 'openai',
  });

describe('@opentelemetry/instrumentation-openai 0.21 spans', () => {
  it('get gen_ai.usage.cost, llmcost.cost.* and llmcost.pricing.* from their token usage', () => {
    const { usage, spans } = parse(contrib);
    const span = spans.find((s) => s.scope === '@opentelemetry/instrumentation-openai')!;
    expect(span.name).toBe('chat gpt-4o-mini');
    const a = span.attributes;
    expect(a['gen_ai.system']).toBe('openai');
    expect(a['gen_ai.usage.input_tokens']).toBe(usage.prompt_tokens);
    const cost = price(usage.prompt_tokens, usage.completion_tokens);
    expect(cost.status).toBe('priced');
    expect(a['gen_ai.usage.cost']).toBe(cost.totalUsd);
    expect(a['llmcost.cost.input_usd']).toBe(cost.inputUsd);
    expect(a['llmcost.cost.output_usd']).toBe(cost.outputUsd);
    expect(a['llmcost.pricing.status']).toBe('priced');
    expect(a['llmcost.pricing.model']).toBe('gpt-4o-mini');
    expect(a['llmcost.pricing.version']).toBe(cost.pricingVersion);
  });

  it('get the attribution of withLlmContext from baggage', () => {
    const span = parse(contrib).spans.find((s) => s.scope === '@opentelemetry/instrumentation-openai')!;
    expect(span.attributes['user.id']).toBe('user-7');
    expect(span.attributes['llmcost.feature']).toBe('contrib-chat');
  });
});

describe('Vercel AI SDK (ai 6) telemetry spans', () => {
  it('price the provider-call spans (doGenerate, doStream) from ai.usage / gen_ai.usage', () => {
    const { usage, spans } = parse(vercel);
    const generate = spans.find((s) => s.name === 'ai.generateText.doGenerate')!;
    const stream = spans.find((s) => s.name === 'ai.streamText.doStream')!;
    for (const [span, u] of [
      [generate, usage.generate],
      [stream, usage.stream],
    ] as const) {
      const a = span.attributes;
      expect(a['ai.model.provider']).toMatch(/^openai\./);
      const cost = price(u.inputTokens, u.outputTokens, u.inputTokenDetails?.cacheReadTokens ?? 0);
      expect(a['gen_ai.usage.cost']).toBe(cost.totalUsd);
      expect(a['llmcost.pricing.status']).toBe('priced');
      expect(a['user.id']).toBe('user-8');
      expect(a['llmcost.feature']).toBe('ai-sdk');
    }
  });

  it('leave the outer ai.generateText / ai.streamText spans unpriced, so a trace sums each call once', () => {
    const { spans } = parse(vercel);
    for (const name of ['ai.generateText', 'ai.streamText']) {
      const outer = spans.find((s) => s.name === name)!;
      expect(outer.attributes['ai.usage.inputTokens']).toBeGreaterThan(0);
      expect(outer.attributes['gen_ai.usage.cost']).toBeUndefined();
      expect(outer.attributes['llmcost.pricing.status']).toBeUndefined();
    }
  });
});
