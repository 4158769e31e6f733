// Hostile and corrupt report input: a line nested millions deep, a cost that cannot be right, token counts that
// are negative or absurd. Each is skipped or corrected, and said, never silently used or dropped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeCost } from '@llmcost/pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportFromFiles, type FileReportOptions } from '../src/report/files/index.js';
import { HOUR } from './report-files-expected.js';
import { exportLines, type GenCall } from './report-files-spans.js';

const SINCE = Date.parse('2026-11-16T00:00:00Z');
const UNTIL = Date.parse('2026-11-23T00:00:00Z');
const opts: FileReportOptions = {
  since: new Date(SINCE),
  until: new Date(UNTIL),
  budgetMonthUsd: null,
  by: ['feature'],
  top: 10,
  now: new Date(UNTIL),
};

let dir: string;
const write = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llmcost-report-hostile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const call = (extra: Partial<GenCall> = {}): GenCall => ({
  endMs: SINCE + HOUR,
  feature: 'chat',
  provider: 'openai',
  model: 'gpt-4o-mini',
  inputTokens: 10,
  outputTokens: 5,
  costUsd: 0.0000045,
  status: 'priced',
  ...extra,
});

describe('nesting', () => {
  // 1,000,000 levels (2 MB): where the reader used to recurse (a kept attribute's value: stack overflow, the
  // whole report failed) or hand the line to JSON.parse (a wrong shape: gigabytes for a 60 MB line).
  const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
  const span = (value: string) =>
    `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"ab","spanId":"cd","endTimeUnixNano":"1794830400000000000","attributes":[{"key":"gen_ai.usage.input_tokens","value":${value}}]}]}]}]}`;
  const lines = {
    'in a value the report reads': span(deep),
    'in a value it skips': span(`{"kvlistValue":{"values":${deep}}}`),
    'where the spans should be': `{"resourceSpans":${deep}}`,
    'in a member it ignores': `{"x":${deep},"resourceSpans":[]}`,
  };

  for (const [where, line] of Object.entries(lines)) {
    it(`a line nested a million deep ${where}: skipped with one reason, the rest of the file read`, async () => {
      const good = exportLines([call()]);
      const path = write('deep.jsonl', [good[0]!, line, ...exportLines([call()])]);
      const r = await buildReportFromFiles([path], opts);
      expect(r.totals.calls).toBe(2);
      expect(r.sources.skipped.lines).toBe(1);
      expect(r.sources.skipped.examples).toEqual([
        {
          file: path,
          line: 2,
          reason: 'nested deeper than 256 levels: not an OTLP/JSON export request, not read',
        },
      ]);
    });
  }

  it('real nesting (a kvlist attribute a few levels deep) is read as before', async () => {
    let value = '{"stringValue":"x"}';
    for (let i = 0; i < 20; i++) value = `{"kvlistValue":{"values":[{"key":"k","value":${value}}]}}`;
    const [line] = exportLines([call({ raw: { 'app.nested': JSON.parse(value) } })]);
    const r = await buildReportFromFiles([write('nested-ok.jsonl', [line!])], opts);
    expect(r.totals.calls).toBe(1);
    expect(r.sources.skipped.lines).toBe(0);
  });
});

describe('costs and token counts that cannot be right', () => {
  it('a cost of 1e308 on a 10-token call: counted at the price table, and said with file:line', async () => {
    const table = computeCost({ inputTokens: 10, outputTokens: 5 }, 'gpt-4o-mini');
    const lines = exportLines([call(), call({ costUsd: 1e308 }), call()], 1);
    const path = write('cost.jsonl', lines);
    const r = await buildReportFromFiles([path], opts);
    expect(r.totals.calls).toBe(3);
    expect(r.totals.costUsd).toBeCloseTo(0.0000045 * 2 + table.totalUsd!, 15);
    const warning = r.warnings.find((w) => w.startsWith('1 call(s) carried a token count or cost'));
    expect(warning).toContain(
      `${path}:2: gen_ai.usage.cost $1e+308 for 10 input + 5 output tokens of gpt-4o-mini, where the price ` +
        `table gives $${table.totalUsd!.toPrecision(3)}: counted at the table's price`,
    );
  });

  it("costs within 10x of the table's price (another table version, a discount) are the span's", async () => {
    const r = await buildReportFromFiles(
      [write('cost-ok.jsonl', exportLines([call({ inputTokens: 1_000_000, outputTokens: 0, costUsd: 1 })]))],
      opts,
    );
    // the table says $0.15; $1 is within 10x
    expect(r.totals.costUsd).toBe(1);
    expect(r.warnings.some((w) => w.includes('cannot be right'))).toBe(false);
  });

  it('negative, fractional, absurd and non-numeric token counts: not used, and said with file:line', async () => {
    const calls = [
      call({ raw: { 'gen_ai.usage.input_tokens': { intValue: '-5' } } }),
      call({ raw: { 'gen_ai.usage.output_tokens': { intValue: '1000000000000' } } }),
      call({ raw: { 'gen_ai.usage.input_tokens': { doubleValue: 10.5 } } }),
      call({ raw: { 'gen_ai.usage.cache_read.input_tokens': { stringValue: 'many' } } }),
      call({ raw: { 'gen_ai.usage.cost': { doubleValue: -3 } } }),
      call(),
    ];
    const path = write('tokens.jsonl', exportLines(calls, 1));
    const r = await buildReportFromFiles([path], opts);
    expect(r.totals.calls).toBe(6);
    // the valid counts of those spans are kept: 5 input tokens less the ones that were not counts
    expect(r.totals.inputTokens).toBe(10 * 4);
    expect(r.totals.outputTokens).toBe(5 * 5);
    const warning = r.warnings.find((w) => w.startsWith('5 call(s) carried a token count or cost'));
    expect(warning).toContain(
      `${path}:1: input tokens -5 is not a token count (a whole number from 0 to 100,000,000): ignored`,
    );
    expect(warning).toContain(`${path}:2: output tokens 1000000000000 is not a token count`);
    expect(warning).toContain(`${path}:3: input tokens 10.5 is not a token count`);
    expect(warning).toContain('; ...');
  });
});
