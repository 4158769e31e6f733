// The SDK version matrix, out of process: real `node --import/--require @llmcost/otel/register` apps
// (test/fixtures/*) against mock-llm, exporting OTLP/JSON to an in-process receiver. The built dist is
// what runs (the root test script builds first).
import { computeCost } from '@llmcost/pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, metricTotal, startHarness } from './helpers/harness.js';
import {
  FIXTURES,
  mapLimit,
  NODE22,
  type NodeResult,
  runNode,
  SPAWN_CONCURRENCY,
} from './helpers/run-node.js';

interface Case {
  id: string;
  dir: string;
  file: 'app.mjs' | 'app.cjs';
  flag: '--import' | '--require';
  provider: 'openai' | 'anthropic';
  model: string;
  node?: string;
}

const CASES: Case[] = [
  {
    id: 'openai4-esm',
    dir: 'openai-v4',
    file: 'app.mjs',
    flag: '--import',
    provider: 'openai',
    model: 'gpt-4o-mini',
  },
  {
    id: 'openai4-cjs',
    dir: 'openai-v4',
    file: 'app.cjs',
    flag: '--require',
    provider: 'openai',
    model: 'gpt-4o-mini',
  },
  {
    id: 'openai5-esm',
    dir: 'openai-v5',
    file: 'app.mjs',
    flag: '--import',
    provider: 'openai',
    model: 'gpt-4o-mini',
  },
  // A CommonJS app under `--import`: the ESM entry also instruments require().
  {
    id: 'openai5-cjs-import',
    dir: 'openai-v5',
    file: 'app.cjs',
    flag: '--import',
    provider: 'openai',
    model: 'gpt-4o-mini',
  },
  {
    id: 'openai6-esm',
    dir: 'openai-v6',
    file: 'app.mjs',
    flag: '--import',
    provider: 'openai',
    model: 'gpt-4o-mini',
  },
  {
    id: 'openai6-cjs',
    dir: 'openai-v6',
    file: 'app.cjs',
    flag: '--require',
    provider: 'openai',
    model: 'gpt-4o-mini',
  },
  {
    id: 'openai7-esm-node22',
    dir: 'openai-v7',
    file: 'app.mjs',
    flag: '--import',
    provider: 'openai',
    model: 'gpt-4o-mini',
    node: NODE22,
  },
  {
    id: 'openai7-cjs-node22',
    dir: 'openai-v7',
    file: 'app.cjs',
    flag: '--require',
    provider: 'openai',
    model: 'gpt-4o-mini',
    node: NODE22,
  },
  {
    id: 'anthropic0-esm',
    dir: 'anthropic-v0',
    file: 'app.mjs',
    flag: '--import',
    provider: 'anthropic',
    model: 'claude-sonnet-4-6',
  },
  {
    id: 'anthropic0-cjs',
    dir: 'anthropic-v0',
    file: 'app.cjs',
    flag: '--require',
    provider: 'anthropic',
    model: 'claude-sonnet-4-6',
  },
  {
    id: 'anthropic1-esm',
    dir: 'anthropic-v1',
    file: 'app.mjs',
    flag: '--import',
    provider: 'anthropic',
    model: 'claude-sonnet-4-6',
  },
  {
    id: 'anthropic1-cjs-import',
    dir: 'anthropic-v1',
    file: 'app.cjs',
    flag: '--import',
    provider: 'anthropic',
    model: 'claude-sonnet-4-6',
  },
];

type SdkUsage = Record<string, number | undefined>;

/** The semconv input count: OpenAI's prompt_tokens include cached input; Anthropic's input_tokens do not. */
function expectedTokens(provider: Case['provider'], u: SdkUsage): { input: number; output: number } {
  if (provider === 'openai') return { input: u.prompt_tokens!, output: u.completion_tokens! };
  const input = u.input_tokens! + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0);
  return { input, output: u.output_tokens! };
}

let h: Harness;
const results = new Map<string, NodeResult>();

beforeAll(async () => {
  h = await startHarness();
  await mapLimit(CASES, SPAWN_CONCURRENCY, async (c) => {
    const r = await runNode({
      node: c.node,
      cwd: `${FIXTURES}${c.dir}`,
      args: [c.flag, '@llmcost/otel/register', c.file],
      env: h.env(c.id),
    });
    results.set(c.id, r);
  });
}, 600_000);

afterAll(async () => {
  await h?.close();
});

describe.each(CASES)('$id ($flag, $file)', (c) => {
  it('runs the app unchanged and exports one priced span per call with attribution', () => {
    const r = results.get(c.id)!;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const sdk = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { chat: SdkUsage; stream: SdkUsage };
    const spans = h.llmSpans(c.id);
    expect(spans.map((s) => s.name)).toEqual([`chat ${c.model}`, `chat ${c.model}`]);
    const plain = spans.find((s) => s.attributes['gen_ai.request.stream'] !== true)!;
    const streamed = spans.find((s) => s.attributes['gen_ai.request.stream'] === true)!;
    for (const [span, usage] of [
      [plain, sdk.chat],
      [streamed, sdk.stream],
    ] as const) {
      const a = span.attributes;
      const tokens = expectedTokens(c.provider, usage);
      expect(a['gen_ai.provider.name']).toBe(c.provider);
      expect(a['gen_ai.usage.input_tokens']).toBe(tokens.input);
      expect(a['gen_ai.usage.output_tokens']).toBe(tokens.output);
      expect(a['user.id']).toBe('user-42');
      expect(a['llmcost.feature']).toBe('fixture-chat');
      expect(a['llmcost.tier']).toBe('pro');
      expect(a['llmcost.pricing.status']).toBe('priced');
      const cost = computeCost(
        { inputTokens: tokens.input, outputTokens: tokens.output },
        String(a['gen_ai.response.model']),
        {
          provider: c.provider,
        },
      );
      expect(cost.status).toBe('priced');
      expect(a['gen_ai.usage.cost']).toBe(cost.totalUsd);
      expect(a['gen_ai.usage.cost']).toBeGreaterThan(0);
    }
  });

  it('exports the metrics at exit', () => {
    const m = h.metrics(c.id);
    expect(metricTotal(m, 'llmcost.calls').value).toBe(2);
    const spanCost = h
      .llmSpans(c.id)
      .reduce((sum, s) => sum + (s.attributes['gen_ai.usage.cost'] as number), 0);
    const cost = metricTotal(m, 'gen_ai.usage.cost');
    expect(cost.count).toBe(2);
    expect(cost.value).toBeCloseTo(spanCost, 12);
  });
});
