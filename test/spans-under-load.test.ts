// Spans under load (issue 12 High 1): thousands of LLM calls in flight, ending together, out of process against
// mock-llm (with latency) and the OTLP receiver. Before: 2,000 calls in flight lost most LLM spans, silently, in
// the batch processor's default queue (2,048), which HTTP client spans filled too. Now every LLM span is exported:
// the provider requests make no HTTP span of their own, GenAI spans have an export lane (and queue) of their own,
// and what is dropped (here: the app's other spans, through a deliberately tiny queue) is counted in
// `llmcost.spans.dropped` and said once on stderr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, metricTotal, startHarness } from './helpers/harness.js';
import { FIXTURES, type NodeResult, runNode } from './helpers/run-node.js';

let h: Harness;
const runs = new Map<string, NodeResult>();
const CALLS = 2000;
const NOISY_CALLS = 500;
const NOISE = 2;

beforeAll(async () => {
  h = await startHarness();
  const run = async (name: string, env: Record<string, string>) => {
    runs.set(
      name,
      await runNode({
        cwd: `${FIXTURES}openai-v6`,
        args: ['--import', '@llmcost/otel/register', 'load.mjs'],
        env: h.env(name, { LATENCY_MS: '300', ...env }),
      }),
    );
  };
  // One after the other: each is the machine's whole load.
  await run('load', { CALLS: String(CALLS) });
  await run('load-noise', {
    CALLS: String(NOISY_CALLS),
    NOISE: String(NOISE),
    OTEL_BSP_MAX_QUEUE_SIZE: '50',
  });
}, 300_000);

afterAll(async () => {
  await h?.close();
});

const dropped = (name: string, spanClass: string) =>
  h
    .metrics(name)
    .filter((m) => m.name === 'llmcost.spans.dropped')
    .flatMap((m) => m.points)
    .filter(
      (p) => p.attributes['llmcost.span.class'] === spanClass && p.attributes['error.type'] === 'queue_full',
    )
    .reduce((sum, p) => sum + (p.value ?? 0), 0);

describe(`${CALLS} LLM calls in flight at once, default settings`, () => {
  it('exports every LLM span, once, and says nothing', () => {
    const r = runs.get('load')!;
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim()).ok).toBe(CALLS);
    expect(r.stderr).toBe('');
    const spans = h.llmSpans('load');
    expect(spans).toHaveLength(CALLS);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(CALLS);
    expect(metricTotal(h.metrics('load'), 'llmcost.calls').value).toBe(CALLS);
    expect(dropped('load', 'gen_ai') + dropped('load', 'other')).toBe(0);
  });
});

describe('an export queue too small for the other spans (OTEL_BSP_MAX_QUEUE_SIZE=50)', () => {
  it('still exports every LLM span: GenAI spans are not dropped for other spans', () => {
    const r = runs.get('load-noise')!;
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim()).ok).toBe(NOISY_CALLS);
    expect(h.llmSpans('load-noise')).toHaveLength(NOISY_CALLS);
    expect(dropped('load-noise', 'gen_ai')).toBe(0);
  });

  it('counts every dropped span in llmcost.spans.dropped: exported + dropped = made', () => {
    const http = h.spans('load-noise').filter((s) => s.scope === '@opentelemetry/instrumentation-undici');
    const lost = dropped('load-noise', 'other');
    expect(lost).toBeGreaterThan(0);
    expect(http.length + lost).toBe(NOISY_CALLS * NOISE);
  });

  it('says it once on stderr', () => {
    expect(runs.get('load-noise')!.stderr).toBe(
      'llmcost: the export queue of non-GenAI spans is full (50); spans are dropped and counted in llmcost.spans.dropped; check the collector, or raise OTEL_BSP_MAX_QUEUE_SIZE\n',
    );
  });
});
