import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, UsageError } from '../src/errors.js';
import { buildReportFromFiles, type FileReportOptions } from '../src/report/files/index.js';
import { DAY, HOUR, sum } from './report-files-expected.js';
import { exportLines, type GenCall } from './report-files-spans.js';

const SINCE = Date.parse('2026-11-16T00:00:00Z');
const UNTIL = Date.parse('2026-11-23T00:00:00Z');
const opts: FileReportOptions = {
  since: new Date(SINCE),
  until: new Date(UNTIL),
  budgetMonthUsd: null,
  by: ['feature', 'user', 'model', 'tier'],
  top: 10,
  now: new Date(UNTIL),
};

const call = (endMs: number, extra: Partial<GenCall> = {}): GenCall => ({
  endMs,
  feature: 'support-chat',
  user: 'user-1',
  tier: 'pro',
  provider: 'openai',
  model: 'gpt-4o-mini',
  inputTokens: 100,
  outputTokens: 20,
  costUsd: 0.001,
  status: 'priced',
  finishReasons: ['stop'],
  ...extra,
});

let dir: string;
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const text = (lines: string[]) => `${lines.join('\n')}\n`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llmcost-report-input-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inputs', () => {
  it('detects gzip by its magic bytes, not by the file name', async () => {
    const calls = [call(SINCE + HOUR), call(SINCE + 2 * HOUR, { costUsd: 0.004 })];
    const plainNamedGz = file('plain.jsonl.gz', text(exportLines(calls)));
    const gzipNamedPlain = file('gzip.jsonl', gzipSync(text(exportLines(calls))));
    for (const path of [plainNamedGz, gzipNamedPlain]) {
      const report = await buildReportFromFiles([path], opts);
      expect(report.totals.calls).toBe(2);
      expect(report.totals.costUsd).toBeCloseTo(0.005, 12);
      expect(report.sources.skipped.lines).toBe(0);
    }
  });

  it('a missing file, a directory or a glob that matches nothing is an error naming it', async () => {
    const missing = join(dir, 'nope.jsonl');
    await expect(buildReportFromFiles([missing], opts)).rejects.toThrow(CliError);
    await expect(buildReportFromFiles([missing], opts)).rejects.toThrow(
      `${missing}: cannot read the file (no such file)`,
    );
    const sub = join(dir, 'a-dir');
    mkdirSync(sub, { recursive: true });
    await expect(buildReportFromFiles([sub], opts)).rejects.toThrow(`${sub}: not a file`);
    const pattern = join(dir, 'none-*.jsonl');
    await expect(buildReportFromFiles([pattern], opts)).rejects.toThrow(
      `${pattern}: the pattern matches no file`,
    );
    await expect(buildReportFromFiles([], opts)).rejects.toThrow(CliError);
  });

  it("a zstd file (the collector file exporter's own compression) is an error that says how to read it", async () => {
    // `printf '{"resourceSpans":[]}\\n' | zstd -c`: a real zstd frame; Node 20's zlib cannot read it.
    const path = file(
      'spans.jsonl.zst',
      Buffer.from('KLUv/QRYqQAAeyJyZXNvdXJjZVNwYW5zIjpbXX0KqAAxqQ==', 'base64'),
    );
    await expect(buildReportFromFiles([path], opts)).rejects.toThrow(
      `${path}: the file is zstd-compressed; decompress it first (zstd -d ${path}) or export gzip`,
    );
  });

  it('expands globs in sorted order and reads each file once', async () => {
    mkdirSync(join(dir, 'g'), { recursive: true });
    file('g/b.jsonl', text(exportLines([call(SINCE + HOUR)])));
    file('g/a.jsonl', text(exportLines([call(SINCE + HOUR, { costUsd: 0.002 })])));
    const report = await buildReportFromFiles([join(dir, 'g/*.jsonl'), join(dir, 'g/a.jsonl')], opts);
    expect(report.sources.files!.paths).toEqual([join(dir, 'g/a.jsonl'), join(dir, 'g/b.jsonl')]);
    expect(report.totals.calls).toBe(2);
  });

  it('an absolute glob gives absolute paths, a relative one relative paths, in the report and the skipped lines', async () => {
    mkdirSync(join(dir, 'abs'), { recursive: true });
    const good = exportLines([call(SINCE + HOUR)]);
    file('abs/x.jsonl', text([...good, '{"resourceSpans": [oops']));
    const absolute = await buildReportFromFiles([join(dir, 'abs/*.jsonl')], opts);
    expect(absolute.sources.files!.paths).toEqual([join(dir, 'abs/x.jsonl')]);
    expect(absolute.sources.skipped.examples.map((e) => [e.file, e.line])).toEqual([
      [join(dir, 'abs/x.jsonl'), 2],
    ]);
    const rel = relative(process.cwd(), join(dir, 'abs'));
    expect(isAbsolute(rel)).toBe(false);
    const relativeReport = await buildReportFromFiles([`${rel}/*.jsonl`], opts);
    expect(relativeReport.sources.files!.paths).toEqual([`${rel}/x.jsonl`]);
    expect(relativeReport.sources.skipped.examples[0]!.file).toBe(`${rel}/x.jsonl`);
  });

  it('reports progress in compressed bytes up to the total size', async () => {
    const path = file(
      'progress.jsonl.gz',
      gzipSync(text(exportLines([call(SINCE + HOUR), call(SINCE + HOUR)]))),
    );
    const seen: Array<{ bytesRead: number; bytesTotal: number }> = [];
    await buildReportFromFiles([path], opts, (p) => seen.push(p));
    const size = statSync(path).size;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toEqual({ bytesRead: size, bytesTotal: size });
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]!.bytesRead).toBeGreaterThanOrEqual(seen[i - 1]!.bytesRead);
  });

  it('reads a line longer than the read chunk whole (one export request of 3,000 spans)', async () => {
    const calls = Array.from({ length: 3000 }, (_, i) => call(SINCE + HOUR + i, { user: `u${i}` }));
    const [line] = exportLines(calls, 3000);
    expect(line!.length).toBeGreaterThan(2 << 20);
    const report = await buildReportFromFiles([file('long.jsonl', `${line}\r\n`)], opts);
    expect(report.sources.skipped.lines).toBe(0);
    expect(report.totals.calls).toBe(3000);
    expect(report.totals.costUsd).toBeCloseTo(3, 9);
  });
});

describe('malformed lines', () => {
  const good = () => exportLines([call(SINCE + HOUR)])[0]!;
  const badTimestamp = () => {
    const request = JSON.parse(exportLines([call(SINCE + HOUR), call(SINCE + HOUR)])[0]!);
    request.resourceSpans[0].scopeSpans[1].spans[1].endTimeUnixNano = '17x';
    return JSON.stringify(request);
  };
  const lines = () => [
    good(),
    '{"resourceSpans": [',
    '',
    '{"foo": 1}',
    badTimestamp(),
    '{"resourceSpans":[{"scopeSpans":"x"}]}',
    good(),
  ];

  for (const gz of [false, true]) {
    it(`are skipped with file and line number, the rest counted; a malformed span alone is skipped (${gz ? 'gzip' : 'plain'})`, async () => {
      const content = text(lines());
      const path = file(`bad-${gz}.jsonl`, gz ? gzipSync(content) : content);
      const report = await buildReportFromFiles([path], opts);
      expect(report.sources.skipped.lines).toBe(2);
      expect(report.sources.skipped.spans).toBe(2);
      const kept = ': skipped, the rest of the line was read';
      expect(report.sources.skipped.examples).toEqual([
        { file: path, line: 2, reason: expect.stringMatching(/^not JSON/) },
        { file: path, line: 4, reason: 'no resourceSpans array: not an OTLP/JSON trace export request' },
        {
          file: path,
          line: 5,
          reason: `resourceSpans[0].scopeSpans[1].spans[1].endTimeUnixNano is "17x", expected decimal nanoseconds${kept}`,
        },
        { file: path, line: 6, reason: `resourceSpans[0].scopeSpans is not an array${kept}` },
      ]);
      // line 5 keeps its good span: one bad span does not cost the rest of its batch
      expect(report.totals.calls).toBe(3);
      expect(report.sources.files!.lines).toBe(7);
      expect(report.warnings[0]).toBe(
        `2 malformed line(s) skipped (first: ${path}:2: ${report.sources.skipped.examples[0]!.reason})`,
      );
      expect(report.warnings[1]).toBe(
        `2 malformed span(s) skipped, the other spans of their lines read (first: ${path}:5: ${report.sources.skipped.examples[2]!.reason})`,
      );
    });
  }

  it('a truncated gzip file keeps the lines before the break and says where it broke', async () => {
    const calls = Array.from({ length: 400 }, (_, i) => call(SINCE + HOUR + i, { user: `user-${i}` }));
    const gz = gzipSync(text(exportLines(calls, 1)));
    const path = file('truncated.jsonl.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
    const report = await buildReportFromFiles([path], opts);
    expect(report.totals.calls).toBeGreaterThan(0);
    expect(report.totals.calls).toBeLessThan(400);
    expect(report.sources.skipped.lines).toBe(1);
    const [example] = report.sources.skipped.examples;
    expect(example!.reason).toMatch(/^gzip data is corrupt or truncated/);
    expect(example!.line).toBe(report.sources.files!.lines);
  });
});

describe('window', () => {
  it('an empty window is a usage error, before any file is read', async () => {
    const path = file('empty-window.jsonl', text(exportLines([call(SINCE + HOUR)])));
    const bad = { ...opts, since: new Date(UNTIL), until: new Date(SINCE) };
    await expect(buildReportFromFiles([path], bad)).rejects.toThrow(UsageError);
    await expect(buildReportFromFiles([path], { ...opts, since: new Date('nope') })).rejects.toThrow(
      '--since an invalid date is not before --until',
    );
  });

  it('no call in the window: zero totals, null means, and a warning that says which window', async () => {
    const path = file('none-in-window.jsonl', text(exportLines([call(UNTIL + HOUR)])));
    const report = await buildReportFromFiles([path], opts);
    expect(report.totals.calls).toBe(0);
    expect(report.efficiency!.inputTokens).toEqual({ mean: null, p95: null });
    expect(report.efficiency!.truncationRate).toBeNull();
    expect(report.breakdowns.every((b) => b.rows.length === 0)).toBe(true);
    expect(
      report.warnings.some((w) => w.startsWith('no LLM calls in the window 2026-11-16T00:00:00.000Z')),
    ).toBe(true);
  });

  it('counts calls in [since, until), keeps 14 days before since as history only', async () => {
    // Costs without tokens: a cost far from its tokens' price would be counted at the table's price.
    const cost = (costUsd: number) => ({ costUsd, inputTokens: undefined, outputTokens: undefined });
    const calls = [
      call(SINCE - 15 * DAY, cost(100)), // before the history: ignored
      call(SINCE - 7 * DAY, cost(10)), // history: baseline and trends only
      call(SINCE - 1, cost(1)), // history, just before
      call(SINCE, cost(0.5)),
      call(UNTIL - 1, cost(0.25)),
      call(UNTIL, cost(1000)), // after: ignored
    ];
    const report = await buildReportFromFiles([file('window.jsonl', text(exportLines(calls)))], opts);
    expect(report.totals.calls).toBe(2);
    expect(report.totals.costUsd).toBeCloseTo(0.75, 12);
    expect(report.sources.files!.llmSpans).toBe(6);
    expect(report.sources.files!.outOfWindow).toBe(4);
    expect(report.hourly).toHaveLength(7 * 24);
    expect(sum(report.hourly.map((h) => h.costUsd))).toBeCloseTo(0.75, 12);
    // the week before the window is last week for the trend: 10 + 1 (the call 15 days back is outside it)
    expect(report.trends.weekOverWeek).toEqual([
      {
        feature: 'support-chat',
        thisWeekUsd: 0.75,
        lastWeekUsd: 11,
        growth: expect.closeTo(0.75 / 11 - 1, 12),
      },
    ]);
  });
});

describe('pricing', () => {
  it('prices a foreign span from its tokens with the price table, and counts an unknown model as unpriced', async () => {
    const calls = [
      call(SINCE + HOUR, {
        foreign: true,
        costUsd: undefined,
        status: undefined,
        inputTokens: 1_000_000,
        outputTokens: 0,
      }),
      call(SINCE + HOUR, {
        foreign: true,
        costUsd: undefined,
        status: undefined,
        model: 'acme-private-llm-9',
        inputTokens: 1_000_000,
        outputTokens: 1_000_000,
      }),
      call(SINCE + HOUR, { model: 'acme-private-llm-9', costUsd: undefined, status: 'unpriced' }),
    ];
    const report = await buildReportFromFiles([file('foreign.jsonl', text(exportLines(calls)))], opts);
    // gpt-4o-mini input is $0.15 per 1M tokens
    expect(report.totals.costUsd).toBeCloseTo(0.15, 12);
    expect(report.totals.pricedCalls).toBe(1);
    expect(report.totals.unpricedCalls).toBe(2);
    expect(report.pricingQuality.unpricedModels).toEqual([{ model: 'acme-private-llm-9', calls: 2 }]);
    const models = report.breakdowns.find((b) => b.dimension === 'model')!;
    const unknown = models.rows.find((r) => r.key === 'acme-private-llm-9')!;
    expect(unknown).toMatchObject({
      costUsd: 0,
      calls: 2,
      unpricedCalls: 2,
      meanCostUsd: null,
      p95CostUsd: null,
    });
  });

  it("counts one call once when an SDK span of it arrives before llmcost's, and keeps llmcost's cost", async () => {
    const shared = { traceId: 'ab'.repeat(16), responseId: 'msg_1' };
    const foreign = call(SINCE + HOUR, { ...shared, foreign: true, costUsd: 0.5, status: undefined });
    const own = call(SINCE + HOUR, { ...shared, costUsd: 0.002 });
    const lines = [...exportLines([foreign]), ...exportLines([own])];
    const report = await buildReportFromFiles([file('dup.jsonl', text(lines))], opts);
    expect(report.totals.calls).toBe(1);
    expect(report.totals.costUsd).toBeCloseTo(0.002, 12);
    expect(report.warnings.some((w) => w.startsWith('1 span(s) were a second span of a call'))).toBe(true);
    expect(report.sources.files!.sameCallSpans).toBe(1);
  });
});

describe('bounded memory', () => {
  it('beyond the user cap: heavy hitters keep the top spender, rows are upper bounds, the count is estimated', async () => {
    const calls: GenCall[] = [];
    const costOnly = { inputTokens: undefined, outputTokens: undefined };
    for (let i = 0; i < 3000; i++)
      calls.push(call(SINCE + HOUR + i, { ...costOnly, user: `user-${i % 600}`, costUsd: 0.001 }));
    for (let i = 0; i < 60; i++)
      calls.push(call(SINCE + 2 * HOUR + i, { ...costOnly, user: 'whale', costUsd: 0.05 }));
    const path = file('users.jsonl', text(exportLines(calls)));
    const report = await buildReportFromFiles([path], {
      ...opts,
      by: ['user', 'feature'],
      limits: { maxUsers: 50 },
    });
    const [users, features] = report.breakdowns;
    const total = 3 + 3;
    expect(report.totals.costUsd).toBeCloseTo(total, 9);
    expect(users!.approximate).toBe(true);
    expect(users!.rows[0]!.key).toBe('whale');
    // Space-Saving: a kept key is over by at most total / capacity
    expect(users!.rows[0]!.costUsd).toBeGreaterThanOrEqual(3 - 1e-9);
    expect(users!.rows[0]!.costUsd).toBeLessThanOrEqual(3 + total / 50 + 1e-9);
    const distinct = users!.rows.length + users!.rest.keys;
    expect(Math.abs(distinct - 601) / 601).toBeLessThan(0.05);
    expect(features!.approximate).toBe(false);
    expect(report.warnings.some((w) => w.startsWith('more than 50 distinct users'))).toBe(true);
  });

  it('beyond the key cap for features: rows are marked approximate', async () => {
    const calls = Array.from({ length: 200 }, (_, i) => call(SINCE + HOUR + i, { feature: `f-${i % 10}` }));
    const report = await buildReportFromFiles([file('features.jsonl', text(exportLines(calls)))], {
      ...opts,
      by: ['feature'],
      limits: { maxKeys: 3 },
    });
    expect(report.breakdowns[0]!.approximate).toBe(true);
    expect(report.warnings.some((w) => w.startsWith('more than 3 distinct features'))).toBe(true);
  });
});

describe('the real OTLP output of our instrumentation (test/fixtures/otlp)', () => {
  const fixture = fileURLToPath(new URL('../../../test/fixtures/otlp/real-calls.jsonl', import.meta.url));

  it("counts each llmcost span once (the Anthropic SDK's nested span is the same call), plain and gzip alike", async () => {
    // Independent: flatten the file and keep llmcost's own LLM spans.
    const own: Array<Record<string, any>> = [];
    let first = Number.POSITIVE_INFINITY;
    for (const line of readFileSync(fixture, 'utf8').split('\n').filter(Boolean)) {
      for (const rs of JSON.parse(line).resourceSpans) {
        for (const ss of rs.scopeSpans) {
          for (const span of ss.spans) {
            first = Math.min(first, Number(BigInt(span.endTimeUnixNano) / 1_000_000n));
            if (ss.scope.name !== '@llmcost/otel') continue;
            const a: Record<string, any> = {};
            for (const kv of span.attributes) a[kv.key] = Object.values(kv.value)[0];
            own.push(a);
          }
        }
      }
    }
    const window = { since: new Date(first - HOUR), until: new Date(first + DAY) };
    for (const path of [fixture, `${fixture}.gz`]) {
      const report = await buildReportFromFiles([path], { ...opts, ...window });
      expect(report.totals.calls).toBe(own.length);
      expect(report.totals.costUsd).toBeCloseTo(sum(own.map((a) => a['gen_ai.usage.cost'] ?? 0)), 12);
      expect(report.totals.unpricedCalls).toBe(
        own.filter((a) => a['llmcost.pricing.status'] === 'unpriced').length,
      );
      expect(report.totals.estimatedCalls).toBe(
        own.filter((a) => a['llmcost.pricing.status'] === 'estimated').length,
      );
      expect(report.totals.errorCalls).toBe(own.filter((a) => a['error.type'] !== undefined).length);
      expect(report.sources.skipped.lines).toBe(0);
    }
  });
});
