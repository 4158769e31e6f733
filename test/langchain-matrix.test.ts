// LangChain.js out of process: @langchain/core 0.3 (CommonJS, --require) and 1.x (ESM, --import; @langchain/openai 1.x
// needs Node >= 22) with the real @langchain/openai, @langchain/anthropic and @langchain/google-genai against mock-llm,
// under the register entry with a budget file, exporting OTLP/JSON to an in-process receiver. One process per major
// runs every case (test/fixtures/langchain-scenario.mjs). Per case: exactly one priced GenAI span per provider call
// (made by the openai, Anthropic and @google/generative-ai instrumentations under LangChain, none by LangChain), its
// parent the app's agent span, its dollars equal to a hand computation from the usage LangChain reports and the
// published rates, the metrics incremented once, attribution present, and a budget rejection before any request
// reaches mock-llm, not retried by LangChain.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './helpers/harness.js';
import { LANGCHAIN_MAJORS } from './helpers/langchain-cases.js';
import { nodeAtLeast } from './helpers/node-version.js';
import { FIXTURES, mapLimit, type NodeResult, runNode, SPAWN_CONCURRENCY } from './helpers/run-node.js';

const MAJORS = LANGCHAIN_MAJORS.filter((m) => nodeAtLeast(m.minNode));

const BUDGET = `
global: { monthUsd: 1000 }
features:
  lc-blocked: { dayUsd: 0.000001 }
`;

// Published rates (USD per token) from the bundled price table, for the hand computations.
const RATES = {
  'gpt-4o-mini': { input: 0.15e-6, output: 0.6e-6 },
  'claude-sonnet-4-5': { input: 3e-6, output: 15e-6 },
  'gemini-2.0-flash': { input: 0.1e-6, output: 0.4e-6 },
  'text-embedding-3-small': { input: 0.02e-6, output: 0 },
} as const;
type Tokens = { input: number; output: number };
const dollars = (model: keyof typeof RATES, t: Tokens) =>
  t.input * RATES[model].input + t.output * RATES[model].output;

let h: Harness;
let dir: string;
const results = new Map<string, NodeResult>();

beforeAll(async () => {
  h = await startHarness();
  dir = await mkdtemp(join(tmpdir(), 'llmcost-langchain-'));
  const budgetFile = join(dir, 'budget.yaml');
  await writeFile(budgetFile, BUDGET);
  await mapLimit(MAJORS, SPAWN_CONCURRENCY, async (m) => {
    const env = h.env(m.id, { RUN: m.id, LLMCOST_BUDGET_FILE: budgetFile, GEMINI_BASE_URL: h.mock.url });
    results.set(m.id, await runNode({ cwd: `${FIXTURES}${m.dir}`, args: m.args, env }));
  });
}, 600_000);

afterAll(async () => {
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('every major made exactly its one allowed Gemini request (the rejected ones never reached mock-llm)', () => {
  // @langchain/google-genai passes no custom headers to the Gemini client: its requests are counted across runs.
  const gemini = h.mock.requests.filter((r) => r.provider === 'gemini');
  expect(gemini.map((r) => r.model)).toEqual(MAJORS.map(() => 'gemini-2.0-flash'));
});

describe.each(MAJORS)('$id', (m) => {
  const out = () => {
    const r = results.get(m.id)!;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  };
  const spansOf = (feature: string) =>
    h.llmSpans(m.id).filter((s) => s.attributes['llmcost.feature'] === feature);
  const requestsOf = (name: string) =>
    h.mock.requests.filter((r) => r.headers['x-fixture-case'] === `${m.id}:${name}`);
  const metric = (name: string, feature: string) => {
    let value = 0;
    let count = 0;
    for (const metric of h.metrics(m.id).filter((x) => x.name === name))
      for (const p of metric.points.filter((x) => x.attributes['llmcost.feature'] === feature)) {
        value += p.value ?? p.sum ?? 0;
        count += p.count ?? 0;
      }
    return { value, count };
  };
  /** One priced span per provider call, under the case's agent span, as computed by hand; metrics once per call. */
  const expectPriced = (feature: string, model: keyof typeof RATES, usage: Tokens[], agent: string) => {
    const spans = spansOf(feature);
    expect(spans).toHaveLength(usage.length);
    let total = 0;
    spans.forEach((span, i) => {
      const a = span.attributes;
      expect(span.parentSpanId).toBe(agent);
      expect(a['gen_ai.request.model']).toBe(model);
      expect(a['gen_ai.usage.input_tokens']).toBe(usage[i]!.input);
      expect(a['gen_ai.usage.output_tokens']).toBe(usage[i]!.output);
      expect(a['llmcost.pricing.status']).toBe('priced');
      expect(a['gen_ai.usage.cost']).toBeCloseTo(dollars(model, usage[i]!), 15);
      expect(a['user.id']).toBe('user-42');
      expect(a['llmcost.tier']).toBe('pro');
      total += a['gen_ai.usage.cost'] as number;
    });
    expect(metric('llmcost.calls', feature).value).toBe(usage.length);
    const cost = metric('gen_ai.usage.cost', feature);
    expect(cost.count).toBe(usage.length);
    expect(cost.value).toBeCloseTo(total, 12);
    return spans;
  };

  it('ChatOpenAI invoke, ChatAnthropic stream, ChatGoogleGenerativeAI invoke: a span each, priced by hand', () => {
    const o = out();
    const [chat] = expectPriced('lc-chat', 'gpt-4o-mini', o.chat.usage, o.chat.agent);
    expect(chat!.attributes['gen_ai.provider.name']).toBe('openai');
    expect(requestsOf('chat')).toHaveLength(1);
    const [stream] = expectPriced('lc-stream', 'claude-sonnet-4-5', o.stream.usage, o.stream.agent);
    expect(stream!.attributes['gen_ai.provider.name']).toBe('anthropic');
    expect(stream!.attributes['gen_ai.request.stream']).toBe(true);
    const [gemini] = expectPriced('lc-gemini', 'gemini-2.0-flash', o.gemini.usage, o.gemini.agent);
    expect(gemini!.name).toBe('generate_content gemini-2.0-flash');
    expect(gemini!.attributes['gen_ai.provider.name']).toBe('gcp.gemini');
  });

  it('a tool loop: one span per model step, the steps summing to the loop', () => {
    const { tools } = out();
    const spans = expectPriced('lc-tools', 'gpt-4o-mini', tools.usage, tools.agent);
    expect(spans.map((s) => s.attributes['gen_ai.response.finish_reasons'])).toEqual([
      ['tool_calls'],
      ['stop'],
    ]);
  });

  it('OpenAIEmbeddings: one embeddings span', () => {
    const { embed } = out();
    expect(embed.dimensions).toBeGreaterThan(0);
    const spans = spansOf('lc-embed');
    expect(spans.map((s) => s.name)).toEqual(['embeddings text-embedding-3-small']);
    expect(spans[0]!.attributes['llmcost.pricing.status']).toBe('priced');
    expect(spans[0]!.parentSpanId).toBe(embed.agent);
  });

  it('a budget rejection reaches the app as BudgetExceededError, before any request, asked once (no LangChain retry)', () => {
    const { blocked } = out();
    for (const name of ['chat', 'stream', 'gemini'])
      expect(blocked[name]).toEqual({ name: 'BudgetExceededError', reason: 'day_limit' });
    expect(requestsOf('blocked')).toHaveLength(0);
    // A retry would be a second attempt through the instrumented SDK: a second rejected span.
    const spans = spansOf('lc-blocked');
    expect(spans).toHaveLength(3);
    for (const span of spans) {
      expect(span.attributes['llmcost.budget.decision']).toBe('rejected');
      expect(span.attributes['error.type']).toBe('BudgetExceededError');
      expect(span.attributes['gen_ai.usage.cost']).toBeUndefined();
    }
    expect(metric('gen_ai.usage.cost', 'lc-blocked').count).toBe(0);
  });
});
