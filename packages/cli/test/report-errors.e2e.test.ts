// Every bad input of `llmcost report` (the built bin): one clear line on stderr and the exit code scripts rely
// on (0 report written, 1 input unreadable, 2 usage error). A malformed line never aborts the report.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostReport } from '../src/report/model.js';
import { callsOf } from './helpers/independent-report.js';
import { runCli } from './helpers/run-cli.js';
import { readOtlpSpans } from './helpers/synthetic-spans.js';
import { exportLines } from './report-files-spans.js';

const REAL = fileURLToPath(new URL('../../../test/fixtures/otlp/real-calls.jsonl', import.meta.url));
// the day before the fixture's calls (they were recorded whenever generate.mjs last ran) up to the hour after
const ends = callsOf(readOtlpSpans(REAL)).map((c) => c.endMs);
const WINDOW = [
  '--since',
  new Date(Math.min(...ends) - 86_400_000).toISOString(),
  '--until',
  new Date(Math.max(...ends) + 3_600_000).toISOString(),
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llmcost-report-errors-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const oneLine = (stderr: string) => expect(stderr.trim().split('\n')).toHaveLength(1);

describe('llmcost report: malformed lines are skipped and reported with file:line', () => {
  it('a bad JSON line, a JSON line that is not OTLP and an empty line: the rest is reported, exit 0', async () => {
    const lines = readFileSync(REAL, 'utf8').trim().split('\n');
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(
      file,
      [
        lines[0],
        '{"resourceSpans": [ {"scopeSpans": ',
        '{"hello": "world"}',
        '',
        lines[lines.length - 1],
      ].join('\n'),
    );
    const r = await runCli(['report', file, ...WINDOW, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as CostReport;
    expect(got.sources.skipped.lines).toBe(2);
    expect(got.sources.skipped.examples.map((e) => [e.file, e.line])).toEqual([
      [file, 2],
      [file, 3],
    ]);
    expect(r.stderr).toContain(`skipped 2 line(s) that could not be used:\n  ${file}:2: not JSON`);
    expect(r.stderr).toContain(`  ${file}:3: no resourceSpans array`);
    // the good lines are all counted: the same calls as in those two lines of the fixture
    const good = join(dir, 'good.jsonl');
    writeFileSync(good, `${lines[0]}\n${lines[lines.length - 1]}\n`);
    expect(got.totals.calls).toBe(callsOf(readOtlpSpans(good)).length);
    expect(got.totals.calls).toBeGreaterThan(0);
  });

  it('--quiet keeps stderr empty; the skipped lines are still in the report', async () => {
    const file = join(dir, 'one-bad.jsonl');
    writeFileSync(file, `not json at all\n${readFileSync(REAL, 'utf8')}`);
    const r = await runCli(['report', file, ...WINDOW, '--format', 'json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as CostReport).sources.skipped.examples[0]?.line).toBe(1);
  });

  it('no line usable at all: no report (not an empty one that reads as no spend), exit 1, one line', async () => {
    const file = join(dir, 'bad-only.jsonl');
    writeFileSync(file, 'not json at all\n{"resourceMetrics":[]}\n\n');
    for (const quiet of [[], ['--quiet']]) {
      const r = await runCli(['report', file, ...WINDOW, '--format', 'json', ...quiet]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      oneLine(r.stderr);
      expect(r.stderr).toContain(
        `llmcost report: no usable span in the input: 2 of 2 line(s) and 0 span(s) could not be used (first: ${file}:1: not JSON`,
      );
    }
  });
});

describe('llmcost report --pricing-file', () => {
  it("prices another instrumentation's span of a house model, and keeps a span cost the file agrees with", async () => {
    const prices = join(dir, 'prices.json');
    writeFileSync(
      prices,
      JSON.stringify({
        entries: [
          {
            provider: 'openai',
            model: 'acme-house-7b',
            input: 20,
            output: 60,
            asOf: '2026-11-01',
            source: 'contract',
          },
        ],
      }),
    );
    const end = Date.parse('2026-11-16T01:00:00Z');
    const spans = join(dir, 'house.jsonl');
    const house = {
      endMs: end,
      provider: 'openai',
      model: 'acme-house-7b',
      inputTokens: 100_000,
      outputTokens: 1000,
    };
    // $2.06 at the file's rates: the app priced it with the same file
    writeFileSync(
      spans,
      `${exportLines(
        [
          { ...house, foreign: true },
          { ...house, costUsd: 2.06, status: 'priced' },
        ],
        1,
      ).join('\n')}\n`,
    );
    const window = ['--since', '2026-11-16', '--until', '2026-11-17', '--format', 'json', '--quiet'];
    const r = await runCli(['report', spans, ...window, '--pricing-file', prices]);
    expect(r.code, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as CostReport;
    expect(got.totals.pricedCalls).toBe(2);
    expect(got.totals.costUsd).toBeCloseTo(4.12, 9);
    expect(got.warnings.some((w) => w.includes('cannot be right'))).toBe(false);
    // without the file the model is unknown: unpriced, and the span's own cost is kept
    const without = JSON.parse((await runCli(['report', spans, ...window])).stdout) as CostReport;
    expect(without.totals.unpricedCalls).toBe(1);
    expect(without.totals.costUsd).toBeCloseTo(2.06, 9);

    const bad = join(dir, 'bad-prices.json');
    writeFileSync(bad, '{"entries": [{"model": 1}]}');
    const e = await runCli(['report', spans, ...window, '--pricing-file', bad]);
    expect(e.code).toBe(1);
    oneLine(e.stderr);
    expect(e.stderr).toContain(bad);
  });
});

describe('llmcost report: unreadable input is exit 1 with one line naming the file', () => {
  it('a missing file', async () => {
    const missing = join(dir, 'nope.jsonl');
    const r = await runCli(['report', missing, ...WINDOW]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    oneLine(r.stderr);
    expect(r.stderr).toContain(`${missing}: cannot read the file (no such file)`);
  });

  it('a glob that matches nothing', async () => {
    const r = await runCli(['report', join(dir, 'none-*.jsonl'), ...WINDOW]);
    expect(r.code).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toContain('the pattern matches no file');
  });

  it('a directory', async () => {
    const r = await runCli(['report', dir, ...WINDOW]);
    expect(r.code).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toContain(`${dir}: not a file`);
  });

  it('--output into a directory that does not exist', async () => {
    const out = join(dir, 'missing-dir', 'report.html');
    const r = await runCli(['report', REAL, ...WINDOW, '--format', 'html', '--output', out]);
    expect(r.code).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toContain(`--output ${out}: cannot write the report (ENOENT)`);
  });
});

describe('llmcost report: bad flags are usage errors (exit 2), one line naming the flag and the fix', () => {
  it.each([
    [[], /no source: pass OTLP JSON span files .* and\/or --prometheus URL/],
    [
      ['--by', 'feature,region'],
      /--by 'region' is not a dimension: use a comma-separated list of feature, user, model, tier/,
    ],
    [['--since', 'last tuesday'], /--since 'last tuesday' is not an ISO 8601 date or time/],
    [['--until', '2026-02-30T99:00'], /--until '2026-02-30T99:00' is not an ISO 8601 date or time/],
    [['--days', '0'], /--days '0' must be a positive whole number of days/],
    [['--days', '7d'], /--days '7d' must be a positive whole number of days/],
    [
      ['--since', '2026-11-10', '--until', '2026-11-01'],
      /--until 2026-11-01T00:00:00.000Z is not after --since/,
    ],
    [['--since', '2026-11-01', '--days', '3'], /use either --since or --days/],
    [['--since', '2020-01-01', '--until', '2026-01-01'], /is 2192 days: the report covers at most 366/],
    [['--budget-month=-100'], /--budget-month '-100' must be a positive amount in USD/],
    [['--budget-month', '-100'], /option '--budget-month' argument is ambiguous/],
    [['--budget-month', 'lots'], /--budget-month 'lots' must be a positive amount in USD/],
    [['--format', 'pdf'], /--format must be one of text, markdown, json, html, got 'pdf'/],
    [['--top', '0'], /--top must be a positive integer, got '0'/],
    [['--bogus'], /unknown option '--bogus'/],
  ])('%j', async (flags, message) => {
    const args = flags.length === 0 ? ['report'] : ['report', REAL, ...flags];
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/^llmcost report: /);
    expect(r.stderr).toMatch(message);
  });

  it('--help lists every option and the exit codes, exit 0', async () => {
    const r = await runCli(['report', '--help']);
    expect(r.code, r.stderr).toBe(0);
    for (const flag of [
      '--prometheus',
      '--since',
      '--days',
      '--until',
      '--budget-month',
      '--by',
      '--top',
      '--format',
      '--output',
      '--pricing-file',
      '--quiet',
      'Exit codes',
    ])
      expect(r.stdout).toContain(flag);
  });
});
