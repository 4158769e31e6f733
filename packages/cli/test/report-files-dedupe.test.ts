// One call is counted once however many spans show it: the same span read again (collector retries, overlapping
// exports), and a GenAI span nested in another GenAI span for the same call (the Anthropic SDK's own span inside
// ours, for failed calls and `.asResponse()` too, which carry no response id).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportFromFiles, type FileReportOptions } from '../src/report/files/index.js';
import type { CostReport } from '../src/report/model.js';
import { renderReport } from '../src/report/render/index.js';
import { HOUR } from './report-files-expected.js';
import { exportLines, type GenCall } from './report-files-spans.js';

const SINCE = Date.parse('2026-11-16T00:00:00Z');
const UNTIL = Date.parse('2026-11-23T00:00:00Z');
const opts: FileReportOptions = {
  since: new Date(SINCE),
  until: new Date(UNTIL),
  budgetMonthUsd: null,
  by: ['feature', 'model'],
  top: 10,
  now: new Date(UNTIL),
};

let dir: string;
let n = 0;
const report = (...files: string[][]): Promise<CostReport> => {
  const paths = files.map((lines) => {
    const path = join(dir, `spans-${n++}.jsonl`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  });
  return buildReportFromFiles(paths, opts);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llmcost-report-dedupe-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const call = (extra: Partial<GenCall>): GenCall => ({
  endMs: SINCE + HOUR,
  feature: 'chat',
  provider: 'anthropic',
  model: 'claude-haiku-4-5',
  inputTokens: 1000,
  outputTokens: 200,
  costUsd: 0.002,
  status: 'priced',
  ...extra,
});

describe('the same span read more than once', () => {
  it('six copies of one span (one trace id and span id) are one call and one cost, and the report says how many', async () => {
    const span = exportLines([call({ traceId: 'a1'.repeat(16), spanId: 'b2'.repeat(8) })])[0]!;
    const r = await report([span, span, span], [span, span, span]);
    expect(r.totals.calls).toBe(1);
    expect(r.totals.costUsd).toBeCloseTo(0.002, 12);
    expect(r.sources.files!.llmSpans).toBe(6);
    expect(r.sources.files!.duplicateSpans).toBe(5);
    // `spans` counts an LLM span once, other spans (the HTTP span beside it) as often as they were read
    expect(r.sources.files!.spans).toBe(1 + 6);
    expect(r.warnings.some((w) => w.startsWith('5 LLM span(s) were repeats of a span already read'))).toBe(
      true,
    );
    for (const format of ['text', 'markdown', 'html'] as const) {
      expect(renderReport(r, format), format).toMatch(
        /Duplicate spans.{0,40}5 \(the same trace id and span id/s,
      );
    }
  });

  it('the same span id in another trace is another call', async () => {
    const a = call({ traceId: 'a1'.repeat(16), spanId: 'b2'.repeat(8) });
    const b = call({ traceId: 'c3'.repeat(16), spanId: 'b2'.repeat(8) });
    const r = await report(exportLines([a, b], 1));
    expect(r.totals.calls).toBe(2);
    expect(r.sources.files!.duplicateSpans).toBe(0);
  });

  it('past the repeat window, memory stays bounded and the report says repeats may be missed', async () => {
    const calls = Array.from({ length: 40 }, (_, i) => call({ endMs: SINCE + HOUR + i }));
    const lines = exportLines(calls, 4);
    const path = join(dir, 'window.jsonl');
    writeFileSync(path, `${[...lines, lines[0]!, ...lines].join('\n')}\n`);
    const r = await buildReportFromFiles([path], { ...opts, limits: { repeatWindow: 8 } });
    // within 8 spans: the copy of the first line right after the last one is found; the second full copy is not
    expect(r.sources.files!.duplicateSpans).toBeGreaterThanOrEqual(4);
    expect(r.warnings.some((w) => w.startsWith('more than 8 LLM spans: a repeat'))).toBe(true);
  });
});

describe('real files of a build that wrote two spans per Anthropic call', () => {
  const OLD = fileURLToPath(new URL('./fixtures/otlp-two-spans-per-call/real-calls.jsonl', import.meta.url));
  const lines = readFileSync(OLD, 'utf8').split('\n').filter(Boolean);
  const spans = lines.flatMap((l) =>
    (JSON.parse(l).resourceSpans as any[]).flatMap((rs) =>
      (rs.scopeSpans as any[]).flatMap((ss) =>
        (ss.spans as any[]).map((span) => ({
          scope: ss.scope.name as string,
          a: Object.fromEntries(span.attributes.map((kv: any) => [kv.key, Object.values(kv.value)[0]])),
          endMs: Number(BigInt(span.endTimeUnixNano) / 1_000_000n),
        })),
      ),
    ),
  );
  const own = spans.filter((s) => s.scope === '@llmcost/otel');
  const sdk = spans.filter((s) => s.scope === 'com.anthropic.sdk.typescript');
  const ends = spans.map((s) => s.endMs);
  const window = { since: new Date(Math.min(...ends) - HOUR), until: new Date(Math.max(...ends) + HOUR) };

  it("counts each call once, with our span's cost, also when no span carries a response id (errors, .asResponse())", async () => {
    expect(sdk.length).toBeGreaterThan(0);
    // The same real spans without gen_ai.response.id: only the nesting tells the SDK's span from a call.
    const withoutIds = lines.map((l) =>
      l.replace(/\{"key":"gen_ai\.response\.id","value":\{"stringValue":"[^"]*"\}\},?/g, ''),
    );
    expect(withoutIds.join('')).not.toContain('gen_ai.response.id');
    for (const input of [withoutIds, lines]) {
      const path = join(dir, `old-${n++}.jsonl`);
      writeFileSync(path, `${input.join('\n')}\n`);
      const r = await buildReportFromFiles([path], { ...opts, ...window });
      expect(r.totals.calls).toBe(own.length);
      expect(r.totals.costUsd).toBeCloseTo(
        own.reduce((sum, s) => sum + ((s.a['gen_ai.usage.cost'] as number | undefined) ?? 0), 0),
        12,
      );
      expect(r.sources.files!.sameCallSpans).toBe(sdk.length);
    }
  });
});

describe('a GenAI span nested in another GenAI span is the same call', () => {
  const trace = 'd4'.repeat(16);
  const ours = (extra: Partial<GenCall> = {}) =>
    call({ traceId: trace, spanId: '1000000000000001', responseId: '', user: 'alice', ...extra });
  // The Anthropic SDK's own span (scope com.anthropic.sdk.typescript), a child of ours.
  const sdk = (extra: Partial<GenCall> = {}) =>
    call({
      traceId: trace,
      spanId: '2000000000000002',
      parentSpanId: '1000000000000001',
      responseId: '',
      foreign: true,
      costUsd: 0.005,
      status: undefined,
      ...extra,
    });

  it('a failed Anthropic call: our span and the SDK span (no response id, no usage) count once', async () => {
    const failed = {
      error: true,
      inputTokens: undefined,
      outputTokens: undefined,
      costUsd: undefined,
      status: undefined,
    };
    const r = await report(exportLines([sdk(failed), ours(failed)], 1));
    expect(r.totals.calls).toBe(1);
    expect(r.totals.errorCalls).toBe(1);
    expect(r.sources.files!.sameCallSpans).toBe(1);
  });

  it('`.asResponse()` and any call without a response id: counted once, with our cost and attribution, in either order', async () => {
    for (const order of [
      [sdk(), ours()],
      [ours(), sdk()],
    ]) {
      // separate export lines, as two batches
      const r = await report(exportLines(order, 1));
      expect(r.totals.calls).toBe(1);
      expect(r.totals.costUsd).toBeCloseTo(0.002, 12);
      const users = r.breakdowns.find((b) => b.dimension === 'feature')!;
      expect(users.rows.map((row) => row.calls)).toEqual([1]);
    }
  });

  it("a framework's span around ours: ours counts; an agent span around two calls: the two calls count", async () => {
    const framework = call({
      traceId: trace,
      spanId: '3000000000000003',
      responseId: '',
      foreign: true,
      costUsd: 0.004,
      status: undefined,
    });
    const inner = ours({ parentSpanId: '3000000000000003' });
    let r = await report(exportLines([inner, framework], 1));
    expect(r.totals.calls).toBe(1);
    expect(r.totals.costUsd).toBeCloseTo(0.002, 12);

    const agent = call({
      traceId: trace,
      spanId: '4000000000000004',
      responseId: '',
      foreign: true,
      operation: 'invoke_agent',
      inputTokens: 3000,
      outputTokens: 500,
      costUsd: 0.006,
      status: undefined,
    });
    const first = ours({ parentSpanId: '4000000000000004' });
    const second = ours({ spanId: '5000000000000005', parentSpanId: '4000000000000004', costUsd: 0.003 });
    r = await report(exportLines([first, second, agent], 1));
    expect(r.totals.calls).toBe(2);
    expect(r.totals.costUsd).toBeCloseTo(0.005, 12);
  });

  it('two other instrumentations nested (no llmcost span): the inner one counts, once', async () => {
    const outer = call({
      traceId: trace,
      spanId: '6000000000000006',
      responseId: '',
      foreign: true,
      costUsd: 0.004,
      status: undefined,
    });
    const inner = sdk({ parentSpanId: '6000000000000006' });
    let r = await report(exportLines([inner, outer], 1));
    expect(r.totals.calls).toBe(1);
    expect(r.totals.costUsd).toBeCloseTo(0.005, 12);

    const agent = { ...outer, operation: 'invoke_agent', costUsd: 0.009 };
    const other = sdk({ spanId: '9000000000000009', parentSpanId: '6000000000000006', costUsd: 0.001 });
    r = await report(exportLines([inner, other, agent], 1));
    expect(r.totals.calls).toBe(2);
    expect(r.totals.costUsd).toBeCloseTo(0.006, 12);
  });

  it('siblings under a non-GenAI span are two calls', async () => {
    const a = ours({ parentSpanId: '7000000000000007' });
    const b = ours({ spanId: '8000000000000008', parentSpanId: '7000000000000007' });
    const r = await report(exportLines([a, b], 1));
    expect(r.totals.calls).toBe(2);
  });
});
