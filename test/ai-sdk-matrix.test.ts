// The Vercel AI SDK out of process: the real `ai` 5 (CommonJS, --require), 6 (ESM, --import) and 7 (ESM, Node >= 22)
// with @ai-sdk/openai, @ai-sdk/anthropic and @ai-sdk/google against mock-llm, under the register entry with a budget
// file, exporting OTLP/JSON to an in-process receiver. One process per major runs every case
// (test/fixtures/ai-sdk-scenario.mjs). Per case: exactly one priced GenAI span per provider call, its dollars equal to
// a hand computation from the provider's usage and the published rates, the metrics incremented once, attribution
// present, and a budget rejection before any request reaches mock-llm.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AI_SDK_MAJORS } from './helpers/ai-sdk-cases.js';
import { type Harness, startHarness } from './helpers/harness.js';
import { nodeAtLeast } from './helpers/node-version.js';
import type { ReceivedSpan } from './helpers/otlp-receiver.js';
import { FIXTURES, mapLimit, type NodeResult, runNode, SPAWN_CONCURRENCY } from './helpers/run-node.js';

// On the Node that runs this file (CI: each of test/ci-matrix.mjs); ai 7 needs Node 22, so it is left out on 20.
const MAJORS = AI_SDK_MAJORS.filter((m) => nodeAtLeast(m.minNode));

// Everything of feature ai-blocked is over its cap; ai-downgrade's gpt-4o goes to gpt-4o-mini once anything was spent.
const BUDGET = `
global: { monthUsd: 1000 }
features:
  ai-blocked: { dayUsd: 0.000001 }
downgrade:
  - whenGlobalUtilisationAbove: 0.000000001
    features: [ai-downgrade]
    from: gpt-4o
    to: gpt-4o-mini
`;

// Published rates (USD per token) from the bundled price table, for the hand computations.
const RATES = {
  'gpt-4o-mini': { input: 0.15e-6, output: 0.6e-6 },
  'claude-sonnet-4-5': { input: 3e-6, output: 15e-6 },
  'gemini-2.5-flash': { input: 0.3e-6, output: 2.5e-6 },
  'text-embedding-3-small': { input: 0.02e-6, output: 0 },
} as const;

type Raw = Record<string, any>;
/** Semconv tokens of a provider usage object, by hand: OpenAI Responses / Chat Completions, Anthropic, Gemini. */
function tokens(raw: Raw): { input: number; output: number } {
  if ('promptTokenCount' in raw)
    return { input: raw.promptTokenCount, output: raw.candidatesTokenCount + (raw.thoughtsTokenCount ?? 0) };
  if ('prompt_tokens' in raw) return { input: raw.prompt_tokens, output: raw.completion_tokens };
  if ('cache_read_input_tokens' in raw)
    return {
      input: raw.input_tokens + raw.cache_read_input_tokens + raw.cache_creation_input_tokens,
      output: raw.output_tokens,
    };
  return { input: raw.input_tokens, output: raw.output_tokens };
}
const dollars = (model: keyof typeof RATES, t: { input: number; output: number }) =>
  t.input * RATES[model].input + t.output * RATES[model].output;

let h: Harness;
let dir: string;
const results = new Map<string, NodeResult>();

beforeAll(async () => {
  h = await startHarness();
  dir = await mkdtemp(join(tmpdir(), 'llmcost-ai-sdk-'));
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
  /** Sum of one metric's points for a feature (value of counters, sum of histograms) and their count. */
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
  /** One priced span per provider call, as computed by hand; the metrics incremented once per call. */
  const expectPriced = (feature: string, expected: { model: keyof typeof RATES; raw: Raw }[]) => {
    // An attempt the AI SDK retried is a provider call of its own: its span has the error and no cost. (On a loaded
    // machine undici reuses a keep-alive socket the server has just closed, "other side closed", now and then.)
    const all = spansOf(feature);
    const failed = all.filter((s) => s.attributes['error.type'] !== undefined);
    for (const span of failed) expect(span.attributes['gen_ai.usage.cost']).toBeUndefined();
    const spans = all.filter((s) => !failed.includes(s));
    expect(spans).toHaveLength(expected.length);
    let total = 0;
    spans.forEach((span, i) => {
      const { model, raw } = expected[i]!;
      const t = tokens(raw);
      const a = span.attributes;
      expect(a['gen_ai.usage.input_tokens']).toBe(t.input);
      // Embeddings have no output: no gen_ai.usage.output_tokens at all (issue 14), rather than a 0.
      if (a['gen_ai.operation.name'] === 'embeddings') {
        expect(t.output).toBe(0);
        expect(a).not.toHaveProperty('gen_ai.usage.output_tokens');
      } else expect(a['gen_ai.usage.output_tokens']).toBe(t.output);
      expect(a['llmcost.pricing.status']).toBe('priced');
      expect(a['gen_ai.usage.cost']).toBeCloseTo(dollars(model, t), 15);
      expect(a['user.id']).toBe('user-42');
      expect(a['llmcost.tier']).toBe('pro');
      total += a['gen_ai.usage.cost'] as number;
    });
    expect(metric('llmcost.calls', feature).value).toBe(all.length);
    const cost = metric('gen_ai.usage.cost', feature);
    expect(cost.count).toBe(expected.length);
    expect(cost.value).toBeCloseTo(total, 12);
    return spans;
  };

  it('generateText (OpenAI Responses), streamText (Anthropic), Gemini: a span each, priced by hand', () => {
    const o = out();
    const [generate] = expectPriced('ai-generate', [{ model: 'gpt-4o-mini', raw: o.generate.usage }]);
    expect(generate!.name).toBe('chat gpt-4o-mini');
    expect(generate!.attributes['gen_ai.provider.name']).toBe('openai');
    const [stream] = expectPriced('ai-stream', [{ model: 'claude-sonnet-4-5', raw: o.stream.usage }]);
    expect(stream!.attributes['gen_ai.provider.name']).toBe('anthropic');
    expect(stream!.attributes['gen_ai.request.stream']).toBe(true);
    expect(o.stream.text.length).toBeGreaterThan(0);
    const [gemini] = expectPriced('ai-gemini', [{ model: 'gemini-2.5-flash', raw: o.gemini.usage }]);
    expect(gemini!.name).toBe('generate_content gemini-2.5-flash');
    expect(gemini!.attributes['gen_ai.provider.name']).toBe('gcp.gemini');
    expect(gemini!.attributes['gen_ai.usage.reasoning.output_tokens']).toBe(
      o.gemini.usage.thoughtsTokenCount,
    );
  });

  it('generateObject, streamObject, embed and embedMany', () => {
    const o = out();
    expectPriced('ai-object', [{ model: 'gpt-4o-mini', raw: o.object.usage }]);
    expect(o.object.object.name).toBe('example name');
    expectPriced('ai-stream-object', [{ model: 'claude-sonnet-4-5', raw: o.streamObject.usage }]);
    const [one, many] = o.embed.tokens;
    const spans = expectPriced('ai-embed', [
      { model: 'text-embedding-3-small', raw: { input_tokens: one, output_tokens: 0 } },
      { model: 'text-embedding-3-small', raw: { input_tokens: many, output_tokens: 0 } },
    ]);
    expect(spans.map((s) => s.attributes['gen_ai.operation.name'])).toEqual(['embeddings', 'embeddings']);
  });

  it('a tool loop: one span per step, the steps summing to the call', () => {
    const { steps } = out().tools;
    expect(steps).toHaveLength(2);
    const spans = expectPriced(
      'ai-tools',
      steps.map((s: { usage: Raw }) => ({ model: 'gpt-4o-mini', raw: s.usage })),
    );
    expect(spans.map((s) => s.attributes['gen_ai.response.finish_reasons'])).toEqual([
      ['tool_calls'],
      ['stop'],
    ]);
  });

  it('a budget rejection surfaces as the AI SDK error, before any request reaches mock-llm', () => {
    const { blocked } = out();
    expect(blocked.generate).toMatchObject({ name: 'BudgetExceededError', reason: 'day_limit' });
    expect(blocked.stream).toMatchObject({ name: 'BudgetExceededError', reason: 'day_limit' });
    expect(requestsOf('blocked')).toHaveLength(0);
    expect(requestsOf('generate')).toHaveLength(1);
    const spans = spansOf('ai-blocked');
    expect(spans).toHaveLength(2);
    for (const span of spans) {
      expect(span.attributes['llmcost.budget.decision']).toBe('rejected');
      expect(span.attributes['error.type']).toBe('BudgetExceededError');
      expect(span.attributes['gen_ai.usage.cost']).toBeUndefined();
    }
    expect(metric('llmcost.calls', 'ai-blocked').value).toBe(2);
    expect(metric('gen_ai.usage.cost', 'ai-blocked').count).toBe(0);
  });

  it('a downgrade sends the same provider a cheaper model', () => {
    const { downgrade } = out();
    expect(requestsOf('downgrade').map((r) => r.model)).toEqual(['gpt-4o-mini']);
    expect(downgrade.model).toBe('gpt-4o-mini');
    const [span] = expectPriced('ai-downgrade', [{ model: 'gpt-4o-mini', raw: downgrade.usage }]);
    expect(span!.attributes['llmcost.budget.decision']).toBe('downgraded');
    expect(span!.attributes['llmcost.budget.downgraded_from']).toBe('gpt-4o');
  });

  it("with the AI SDK's own telemetry on: its spans are there, ours the only priced ones", () => {
    const { telemetry } = out();
    const [generate, stream, object, embed] = telemetry.usage;
    expectPriced('ai-telemetry', [
      { model: 'gpt-4o-mini', raw: generate },
      { model: 'claude-sonnet-4-5', raw: stream },
      { model: 'gpt-4o-mini', raw: object },
      { model: 'text-embedding-3-small', raw: { input_tokens: embed.tokens, output_tokens: 0 } },
    ]);
    const all = h.spans(m.id);
    // ai 5/6: ai.*.doGenerate / doStream / doEmbed (ai.usage.tokens); ai 7: @ai-sdk/otel's chat / embeddings spans.
    const theirs = all.filter(
      (s: ReceivedSpan) =>
        s.scope !== '@llmcost/otel' &&
        (s.attributes['gen_ai.usage.input_tokens'] !== undefined ||
          s.attributes['ai.usage.tokens'] !== undefined),
    );
    expect(theirs.length).toBeGreaterThanOrEqual(4);
    const priced = all.filter((s) => s.attributes['gen_ai.usage.cost'] !== undefined);
    expect(priced.every((s) => s.scope === '@llmcost/otel')).toBe(true);
  });
});
