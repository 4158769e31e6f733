#!/usr/bin/env node
// `llmcost report` from OTLP JSON span files: parse + aggregate throughput and memory on 1,000,000 spans.
//
//   npx -y pnpm@10 --filter @llmcost/pricing --filter @llmcost/cli build && node bench/report-ingest.bench.mjs
//   BENCH_SPANS=200000 node bench/report-ingest.bench.mjs     (smaller, quicker)
//
// Input: REAL export requests of our instrumentation (test/fixtures/otlp/real-calls.jsonl: LLM spans of
// @llmcost/otel, the Anthropic SDK's own spans, undici HTTP spans, the real resource) replicated with shifted
// times and 5,000 rotating users to BENCH_SPANS spans, as one plain file and one gzip file (~1.8 kB per span).
// Each variant runs in its own child process, so peak RSS is its own:
//   - llmcost  : buildReportFromFiles() of the BUILT @llmcost/cli (line split, JSON.parse, span -> call
//                record, dedupe, pricing, every aggregate, the CostReport)
//   - peer     : readline + JSON.parse of every line + count the spans, no aggregation: the floor any
//                JSON-per-line reader pays
// Reports spans/s over wall time AND per CPU-second (the machine is shared: wall time depends on the load,
// CPU time much less), MB/s of uncompressed JSON, peak RSS, and RSS growth from 10% of the input (~100k
// spans) to the end (flat memory = small growth, independent of input size).
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { writeReplica } from './lib/otlp-replica.mjs';
import { fmt, machineLine } from './lib/stats.mjs';

const GOAL_SPANS_PER_S = 200_000;
const SINCE = Date.parse('2026-11-16T00:00:00Z');
const UNTIL = Date.parse('2026-11-23T00:00:00Z');

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else await main();

async function main() {
  const spans = Number(process.env.BENCH_SPANS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'llmcost-ingest-bench-'));
  try {
    console.log(machineLine());
    const plainPath = join(dir, 'spans.jsonl');
    const gzipPath = join(dir, 'spans.jsonl.gz');
    const t0 = performance.now();
    // rounds are spread over the 7-day window
    const probe = writeReplica({ plainPath, gzipPath: null, spans: 1, startMs: SINCE, stepMs: 0, users: 1 });
    const rounds = Math.ceil(spans / probe.spans);
    const input = writeReplica({
      plainPath,
      gzipPath,
      spans,
      startMs: SINCE,
      stepMs: Math.floor((UNTIL - SINCE - 60_000) / rounds),
      users: 5000,
    });
    const gzBytes = statSync(gzipPath).size;
    console.log(
      `input: ${input.spans.toLocaleString('en')} spans in ${input.lines.toLocaleString('en')} lines, ` +
        `${fmt(input.bytes / 1e6, 0)} MB plain, ${fmt(gzBytes / 1e6, 0)} MB gzip ` +
        `(generated in ${fmt((performance.now() - t0) / 1000)} s)\n`,
    );
    // The gzip peer adds ~15 s; without it the gzip row is compared with the plain peer (which does not
    // decompress, so that ratio is conservative).
    const gzipPeer = process.env.BENCH_GZIP_PEER === '1';
    const runs = [
      ['peer: readline + JSON.parse', 'peer', plainPath],
      ['llmcost buildReportFromFiles', 'ours', plainPath],
      ...(gzipPeer ? [['peer: readline + JSON.parse (gzip)', 'peer', gzipPath]] : []),
      [`llmcost buildReportFromFiles (gzip${gzipPeer ? '' : ', vs plain peer'})`, 'ours', gzipPath],
    ].map(([name, kind, path]) => ({ name, kind, gzip: path === gzipPath, ...runChild(kind, path) }));

    for (const r of runs) {
      if (r.spans !== input.spans) throw new Error(`${r.name} saw ${r.spans} spans, expected ${input.spans}`);
    }
    console.log(
      '| variant | spans/s (wall) | spans per CPU-s | MB/s (wall) | peak RSS MB | RSS growth 10%→100% MB | vs peer (wall) | vs peer (CPU) | goal 200k spans/s |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const r of runs) {
      const peer = runs.find((p) => p.kind === 'peer' && p.gzip === r.gzip) ?? runs[0];
      const wallRate = r.spans / (r.wallMs / 1000);
      const cpuRate = r.spans / (r.cpuMs / 1000);
      const vsWall = peer === r ? '1.00' : fmt(peer.wallMs / r.wallMs, 2);
      const vsCpu = peer === r ? '1.00' : fmt(peer.cpuMs / r.cpuMs, 2);
      const goal =
        r.kind !== 'ours'
          ? ''
          : wallRate >= GOAL_SPANS_PER_S
            ? 'met'
            : cpuRate >= GOAL_SPANS_PER_S
              ? 'met per CPU-s, not in wall time'
              : 'NOT met';
      console.log(
        `| ${r.name} | ${fmt(wallRate, 0)} | ${fmt(cpuRate, 0)} | ${fmt(input.bytes / 1e6 / (r.wallMs / 1000), 0)} | ` +
          `${fmt(r.peakRssMb, 0)} | ${fmt(r.rssEndMb - r.rssAt10Mb, 1)} | ${vsWall}x | ${vsCpu}x | ${goal} |`,
      );
    }
    const ours = runs.find((r) => r.kind === 'ours' && !r.gzip);
    const peer = runs[0];
    const bytesPerSpan = input.bytes / input.spans;
    console.log(
      `\nllmcost report check: ${ours.calls.toLocaleString('en')} calls, $${fmt(ours.costUsd, 2)}; ` +
        'vs peer > 1x means faster than the peer.',
    );
    console.log(
      `Why: at ${fmt(bytesPerSpan, 0)} bytes of OTLP/JSON per span, ${GOAL_SPANS_PER_S.toLocaleString('en')} spans/s ` +
        `is ${fmt((GOAL_SPANS_PER_S * bytesPerSpan) / 1e6, 0)} MB/s of JSON; JSON.parse alone (the peer) read ` +
        `${fmt(input.bytes / 1e6 / (peer.cpuMs / 1000), 0)} MB per CPU-second here, llmcost ` +
        `${fmt(input.bytes / 1e6 / (ours.cpuMs / 1000), 0)}. ${machineLine()}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runChild(kind, path) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', kind, path], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`child ${kind} ${path} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

async function child(kind, path) {
  const total = statSync(path).size;
  let rssAt10 = null;
  const sample = (read) => {
    if (rssAt10 === null && read >= total * 0.1) rssAt10 = process.memoryUsage.rss();
  };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let result;
  if (kind === 'ours') {
    const { buildReportFromFiles } = await import('@llmcost/cli');
    const report = await buildReportFromFiles(
      [path],
      {
        since: new Date(SINCE),
        until: new Date(UNTIL),
        budgetMonthUsd: 1000,
        by: ['feature', 'user', 'model', 'tier'],
        top: 10,
        now: new Date(UNTIL),
      },
      (p) => sample(p.bytesRead),
    );
    result = {
      spans: report.sources.files.spans,
      calls: report.totals.calls,
      costUsd: report.totals.costUsd,
    };
  } else {
    const raw = createReadStream(path, { highWaterMark: 1 << 20 });
    let read = 0;
    raw.on('data', (c) => {
      read += c.length;
      sample(read);
    });
    const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
    let spans = 0;
    for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      if (line === '') continue;
      for (const rs of JSON.parse(line).resourceSpans)
        for (const ss of rs.scopeSpans) spans += ss.spans.length;
    }
    result = { spans };
  }
  const cpu = process.cpuUsage(c0);
  console.log(
    JSON.stringify({
      ...result,
      wallMs: performance.now() - t0,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      rssAt10Mb: (rssAt10 ?? process.memoryUsage.rss()) / 2 ** 20,
      rssEndMb: process.memoryUsage.rss() / 2 ** 20,
    }),
  );
}
