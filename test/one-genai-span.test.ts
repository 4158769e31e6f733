// Exactly one GenAI span per provider call, whoever made it (issue 12 High 6, issue 11 §3). @anthropic-ai/sdk 1.x
// traces itself through the global tracer provider: before the fix every call also had the SDK's own
// `anthropic.messages.create` span (a child of ours for `create`, the PARENT of ours for `messages.stream()`, where
// it was priced too: two costs per call), plus an HTTP client span per attempt. The real SDK, out of process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, metricTotal, startHarness } from './helpers/harness.js';
import type { ReceivedSpan } from './helpers/otlp-receiver.js';
import { FIXTURES, type NodeResult, runNode } from './helpers/run-node.js';

let h: Harness;
let r: NodeResult;
let calls = 0;

beforeAll(async () => {
  h = await startHarness();
  r = await runNode({
    cwd: `${FIXTURES}anthropic-v1`,
    args: ['--import', '@llmcost/otel/register', 'one-span.mjs'],
    env: h.env('one-span'),
  });
  calls = JSON.parse(r.stdout.trim().split('\n').at(-1)!).calls;
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const isGenAi = (s: ReceivedSpan) => Object.keys(s.attributes).some((k) => k.startsWith('gen_ai.'));

describe('@anthropic-ai/sdk 1.x under the register: create, stream, messages.stream(), beta stream, asResponse, error', () => {
  it('the app ran every call', () => {
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(calls).toBe(6);
  });

  it('exports one GenAI span per call: ours, none of the SDK', () => {
    const genAi = h.spans('one-span').filter(isGenAi);
    expect(genAi).toHaveLength(calls);
    expect(genAi.every((s) => s.scope === '@llmcost/otel')).toBe(true);
    expect(h.spans('one-span').filter((s) => s.scope === 'com.anthropic.sdk.typescript')).toEqual([]);
  });

  it('prices each successful call once, and the metrics count each call once', () => {
    const priced = h.spans('one-span').filter((s) => s.attributes['gen_ai.usage.cost'] !== undefined);
    expect(priced).toHaveLength(calls - 1); // the HTTP 400 call has no usage, so no cost
    const m = h.metrics('one-span');
    expect(metricTotal(m, 'llmcost.calls').value).toBe(calls);
    const spanSum = priced.reduce((sum, s) => sum + (s.attributes['gen_ai.usage.cost'] as number), 0);
    expect(metricTotal(m, 'gen_ai.usage.cost').value).toBeCloseTo(spanSum, 12);
  });

  it('makes no HTTP client span for the provider requests the GenAI span already covers', () => {
    expect(h.spans('one-span').filter((s) => s.scope.startsWith('@opentelemetry/instrumentation-'))).toEqual(
      [],
    );
  });

  it('sends the provider neither baggage nor trace context', () => {
    const sent = h.mock.requests.filter((q) => q.provider === 'anthropic');
    expect(sent).toHaveLength(calls);
    for (const q of sent) {
      expect(q.headers.baggage).toBeUndefined();
      expect(q.headers.traceparent).toBeUndefined();
    }
  });
});
