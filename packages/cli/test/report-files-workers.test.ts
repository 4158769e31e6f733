// The worker-thread scan path of `llmcost report FILES` gives the very report of the inline path. Under vitest
// the sources are TypeScript, which a worker cannot load on Node 20: the workers run the BUILT worker script
// (dist/report-scan-worker.js, from `pnpm build`), the inline path runs the sources; the e2e case runs the
// built CLI both ways, which also checks that the bundle finds its worker.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { buildReportFromFiles, type FileReportOptions } from '../src/report/files/index.js';
import { WORKER_MIN_BYTES } from '../src/report/files/read-files.js';
import { DAY, HOUR } from './report-files-expected.js';
import { exportLines, type GenCall } from './report-files-spans.js';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const WORKER = new URL('../dist/report-scan-worker.js', import.meta.url);
const SINCE = Date.parse('2026-11-16T00:00:00Z');
const UNTIL = Date.parse('2026-11-23T00:00:00Z');
const opts: FileReportOptions = {
  since: new Date(SINCE),
  until: new Date(UNTIL),
  budgetMonthUsd: 500,
  by: ['feature', 'user', 'model', 'tier'],
  top: 10,
  now: new Date(UNTIL),
};

/** Calls over the window and its 14-day history: own and foreign spans of the same call (deduped by order),
 * failed calls, unpriced models, finish reasons, unicode keys. */
function calls(n: number, seed: number): GenCall[] {
  const out: GenCall[] = [];
  for (let i = 0; i < n; i++) {
    // Mostly in the window, one in ten in the 14 days of history before it.
    const endMs =
      SINCE +
      Math.floor(((i * 7919 + seed) % 100_000) * ((7 * DAY - HOUR) / 100_000)) -
      (i % 10 === 0 ? 7 * DAY : 0);
    const base: GenCall = {
      endMs,
      feature: i % 11 === 0 ? 'résumé-✓' : `feature-${i % 7}`,
      user: `user-${(i * 31 + seed) % 997}`,
      tier: i % 3 === 0 ? 'free' : 'pro',
      provider: 'openai',
      model: i % 13 === 0 ? 'no-such-model' : 'gpt-4o-mini',
      inputTokens: 100 + (i % 50),
      outputTokens: 10 + (i % 40),
      cacheReadTokens: i % 5 === 0 ? 64 : 0,
      costUsd: i % 13 === 0 ? undefined : 0.0001 * (1 + (i % 17)),
      status: i % 13 === 0 ? 'unpriced' : i % 19 === 0 ? 'estimated' : 'priced',
      finishReasons: i % 23 === 0 ? ['length'] : ['stop'],
      error: i % 29 === 0,
      traceId: `${(seed * 1_000_000 + i).toString(16).padStart(32, '0')}`,
      responseId: `resp-${seed}-${i}`,
    };
    out.push(base);
    // The same call seen again by another instrumentation, without cost: counted once.
    if (i % 4 === 0) out.push({ ...base, foreign: true, costUsd: undefined, status: undefined });
  }
  return out;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llmcost-report-workers-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lines with malformed ones, CRLF and empty lines mixed in, to check the line numbering across chunks. */
function body(lines: string[]): string {
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (i % 97 === 5) out.push('{"resourceSpans": [oops');
    if (i % 131 === 7) out.push('{"notSpans":[]}');
    if (i % 53 === 0) out.push('');
    out.push(i % 2 === 0 ? `${line}\r` : line);
  });
  return `${out.join('\n')}\n`;
}

describe('worker-thread scan', () => {
  it('the built worker script exists (run `pnpm build` first)', () => {
    expect(existsSync(WORKER)).toBe(true);
  });

  it('gives the inline report, deep-equal, on an input above the worker threshold', async () => {
    const a = join(dir, 'big-a.jsonl');
    const b = join(dir, 'big-b.jsonl.gz');
    const c = join(dir, 'big-c.jsonl');
    writeFileSync(a, body(exportLines(calls(40_000, 1))));
    writeFileSync(b, gzipSync(body(exportLines(calls(4_000, 2)))));
    // A last line with no newline, and a truncated gzip member after it in another file.
    writeFileSync(c, body(exportLines(calls(3_000, 3))).slice(0, -1));
    const truncated = join(dir, 'big-d.jsonl.gz');
    const gz = gzipSync(body(exportLines(calls(2_000, 4))));
    writeFileSync(truncated, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const inputs = [truncated, join(dir, 'big-*.jsonl'), b];

    const inline = await buildReportFromFiles(inputs, { ...opts, scan: { workers: 0 } });
    const pooled = await buildReportFromFiles(inputs, {
      ...opts,
      scan: { workers: 2, workerUrl: WORKER },
    });
    expect(inline.sources.files!.bytes).toBeGreaterThan(WORKER_MIN_BYTES);
    // The glob is absolute: so are the paths, in the report and in the skipped-line examples.
    expect(inline.sources.files!.paths).toEqual([truncated, a, c, b]);
    const examples = inline.sources.skipped.examples;
    expect(examples.at(-1)!.file).toBe(a);
    expect(inline.sources.skipped.lines).toBeGreaterThan(20);
    expect(examples.filter((e) => /gzip data is corrupt or truncated/.test(e.reason))).toHaveLength(1);
    expect(inline.totals.calls).toBeGreaterThan(40_000);
    expect(pooled).toEqual(inline);
  });

  it('gives the inline report with one worker, on small files and a line longer than a chunk', async () => {
    const long = exportLines(calls(6_000, 5), 6_000)[0]!;
    expect(long.length).toBeGreaterThan(5 << 20);
    const path = join(dir, 'long.jsonl');
    writeFileSync(path, body([...exportLines(calls(50, 6)), long, ...exportLines(calls(50, 7))]));
    const inline = await buildReportFromFiles([path], { ...opts, scan: { workers: 0 } });
    const pooled = await buildReportFromFiles([path], {
      ...opts,
      scan: { workers: 1, minBytes: 0, workerUrl: WORKER },
    });
    expect(inline.totals.calls).toBeGreaterThan(4_000);
    expect(pooled).toEqual(inline);
  });

  it('a bad LLMCOST_REPORT_WORKERS is a usage error naming the variable', async () => {
    const path = join(dir, 'small.jsonl');
    writeFileSync(path, body(exportLines(calls(10, 8))));
    process.env.LLMCOST_REPORT_WORKERS = 'two';
    try {
      const err = await buildReportFromFiles([path], opts).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toBe(
        'LLMCOST_REPORT_WORKERS=two: not a whole number; set 0 (scan on the main thread) or a worker count',
      );
    } finally {
      delete process.env.LLMCOST_REPORT_WORKERS;
    }
  });

  it('the built CLI gives the same JSON report with workers as inline', () => {
    const path = join(dir, 'big-a.jsonl');
    const run = (workers: string) => {
      const r = spawnSync(
        process.execPath,
        [
          join(DIST, 'bin.js'),
          'report',
          path,
          '--since',
          new Date(SINCE).toISOString(),
          '--until',
          new Date(UNTIL).toISOString(),
          '--format',
          'json',
          '--quiet',
        ],
        { encoding: 'utf8', env: { ...process.env, LLMCOST_REPORT_WORKERS: workers }, maxBuffer: 64 << 20 },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const report = JSON.parse(r.stdout);
      delete report.generatedAt;
      return report;
    };
    const inline = run('0');
    expect(inline.totals.calls).toBeGreaterThan(30_000);
    expect(run('2')).toEqual(inline);
  });
});
