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
//
// First, the fixed cost (issue: "the report must start in under 150 ms of CPU"): whole-process CPU, from spawn
// to exit with Node's own bootstrap, of the BUILT `llmcost report ... --format json` (the bin, as users run it)
// and of the peer as a script (bench/lib/peer-reader.mjs), on an empty file and on 10,000 spans, BENCH_STARTUP_RUNS
// (15) runs each, round-robin, median and range; plus `node -e 0`, the floor no Node program goes below.
//   BENCH_STARTUP_ONLY=1 node bench/report-ingest.bench.mjs     (just that table, ~1 min)
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { writeReplica } from './lib/otlp-replica.mjs';
import { fmt, machineLine, median } from './lib/stats.mjs';

const GOAL_SPANS_PER_S = 200_000;
const SINCE = Date.parse('2026-11-16T00:00:00Z');
const UNTIL = Date.parse('2026-11-23T00:00:00Z');

const GOAL_STARTUP_CPU_MS = 150;
const STARTUP_SPANS = 10_000;

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else {
  await startup();
  if (process.env.BENCH_STARTUP_ONLY !== '1') await main();
}

/** Whole-process CPU (ms) and peak RSS of `node --import lib/cpu-at-exit.mjs ...args`. */
function processCost(args) {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', `${here}lib/cpu-at-exit.mjs`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return { ...JSON.parse(r.output[3].trim()), stdout: r.stdout };
}

async function startup() {
  const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 15);
  const dir = mkdtempSync(join(tmpdir(), 'llmcost-startup-bench-'));
  try {
    console.log(`## Fixed cost: whole-process CPU of one run\n\n${machineLine()}`);
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    const small = join(dir, 'spans-10k.jsonl');
    const probe = writeReplica({
      plainPath: small,
      gzipPath: null,
      spans: 1,
      startMs: SINCE,
      stepMs: 0,
      users: 1,
    });
    const rounds = Math.ceil(STARTUP_SPANS / probe.spans);
    const input = writeReplica({
      plainPath: small,
      gzipPath: null,
      spans: STARTUP_SPANS,
      startMs: SINCE,
      stepMs: Math.floor((UNTIL - SINCE - 60_000) / rounds),
      users: 500,
    });
    const cli = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
    const peer = fileURLToPath(new URL('./lib/peer-reader.mjs', import.meta.url));
    const window = ['--since', new Date(SINCE).toISOString(), '--until', new Date(UNTIL).toISOString()];
    const report = (file) => [
      cli,
      'report',
      file,
      ...window,
      '--format',
      'json',
      '--quiet',
      '--output',
      '/dev/null',
    ];
    const variants = [
      { name: 'node -e 0 (the floor)', args: ['-e', '0'] },
      { name: 'peer: readline + JSON.parse, empty file', args: [peer, empty], peer: 'empty' },
      { name: 'llmcost report, empty file', args: report(empty), ours: 'empty' },
      {
        name: `peer: readline + JSON.parse, ${input.spans.toLocaleString('en')} spans`,
        args: [peer, small],
        peer: 'small',
      },
      {
        name: `llmcost report, ${input.spans.toLocaleString('en')} spans`,
        args: report(small),
        ours: 'small',
      },
    ].map((v) => ({ ...v, cpu: [], rss: [] }));
    // The peer counts every span: a check that it read the file.
    const counted = Number(processCost([peer, small]).stdout.trim());
    if (counted !== input.spans) throw new Error(`peer counted ${counted} spans, expected ${input.spans}`);
    processCost(report(small)); // a first run fills Node's compile cache where there is one (Node >= 22.1)
    for (let i = 0; i < runs; i++) {
      for (const v of variants) {
        const r = processCost(v.args);
        v.cpu.push(r.cpuMs);
        v.rss.push(r.maxRssKb / 1024);
      }
    }
    console.log(
      `${runs} runs each, round-robin; input ${input.spans.toLocaleString('en')} spans, ${fmt(input.bytes / 1e6, 1)} MB\n`,
    );
    console.log('| variant | CPU ms, median | range | peak RSS MB | vs peer (CPU) | goal |');
    console.log('|---|---:|---:|---:|---:|---|');
    for (const v of variants) {
      const m = median(v.cpu);
      const peerOf = v.ours ? variants.find((p) => p.peer === v.ours) : undefined;
      const vs = peerOf ? `${fmt(median(peerOf.cpu) / m, 2)}x` : '';
      const goal =
        v.ours === 'empty'
          ? m < GOAL_STARTUP_CPU_MS
            ? `met (< ${GOAL_STARTUP_CPU_MS} ms)`
            : `NOT met (< ${GOAL_STARTUP_CPU_MS} ms)`
          : '';
      console.log(
        `| ${v.name} | ${fmt(m, 0)} | ${fmt(Math.min(...v.cpu), 0)}-${fmt(Math.max(...v.cpu), 0)} | ${fmt(median(v.rss), 0)} | ${vs} | ${goal} |`,
      );
    }
    console.log(`\nvs peer > 1x means less CPU than the peer. ${machineLine()}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
