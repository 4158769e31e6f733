#!/usr/bin/env node
// Should the SDK bundled into @llmcost/otel move from the 2.x line to 3.x? The part of the register that depends on
// the line, built both ways: the SDK pieces packages/otel/src/bootstrap/sdk.ts starts (tracer provider with a batch
// span processor, meter provider, AsyncLocalStorage context manager, W3C propagators, default resource,
// registerInstrumentations), bundled by esbuild the way tsup bundles ours (CommonJS, ESM sources where a package
// has them, minify off), from the packages each OpenTelemetry line fixture installed (test/fixtures/otel-sdk-2x,
// -3x). Prints the bundle size and the CPU time of a fresh process that loads it and starts the SDK (the whole process,
// compile included), beside an empty process, per Node version.
// Usage: node bench/sdk-lines.bench.mjs (BENCH_RUNS=9, BENCH_NODES=22,24,26)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { nodeBinary, nodeVersion } from '../test/ci-matrix.mjs';
import { fmt, machineLine, median } from './lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(here, '..', 'test', 'fixtures');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
// The 3.x line declares Node >= 22.15: compared where both run.
const MAJORS = (process.env.BENCH_NODES ?? '22,24,26').split(',').map(Number);

const START = (line) => `
const { context, metrics, propagation, trace } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } = require('@opentelemetry/core');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { defaultResource } = require('@opentelemetry/resources');
const { MeterProvider } = require('@opentelemetry/sdk-metrics');
${
  line === '2x'
    ? `const { BasicTracerProvider: TracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const processor = (exporter) => new BatchSpanProcessor(exporter);`
    : `const { TracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
const processor = (exporter) => new BatchSpanProcessor({ exporter });`
}
const exporter = { export: (spans, done) => done({ code: 0 }), shutdown: async () => {} };
const resource = defaultResource();
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
const tracerProvider = new TracerProvider({ resource, spanProcessors: [processor(exporter)] });
trace.setGlobalTracerProvider(tracerProvider);
const meterProvider = new MeterProvider({ resource, readers: [] });
metrics.setGlobalMeterProvider(meterProvider);
registerInstrumentations({ instrumentations: [], tracerProvider, meterProvider });
trace.getTracer('bench').startSpan('probe').end();
const u = process.cpuUsage();
process.stdout.write(JSON.stringify({ cpuMs: (u.user + u.system) / 1000, maxRssKb: process.resourceUsage().maxRSS }) + '\\n');
process.exit(0);
`;

const EMPTY =
  "const u = process.cpuUsage(); process.stdout.write(JSON.stringify({ cpuMs: (u.user + u.system) / 1000, maxRssKb: process.resourceUsage().maxRSS }) + '\\n');";

const dir = mkdtempSync(join(tmpdir(), 'llmcost-sdk-lines-'));
const lines = [];
try {
  for (const line of ['2x', '3x']) {
    // The fixture's sdk-node, as pnpm installed it: its dependencies (the SDK packages) are its siblings.
    const siblings = dirname(
      dirname(realpathSync(join(FIXTURES, `otel-sdk-${line}`, 'node_modules/@opentelemetry/sdk-node'))),
    );
    const api = realpathSync(join(FIXTURES, `otel-sdk-${line}`, 'node_modules/@opentelemetry/api'));
    const entry = join(dir, `entry-${line}.cjs`);
    writeFileSync(entry, START(line));
    const outfile = join(dir, `sdk-${line}.cjs`);
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      mainFields: ['module', 'main'],
      nodePaths: [siblings],
      // The API stays outside, as in our bundle: it is the app's copy.
      external: ['@opentelemetry/api'],
      logLevel: 'error',
    });
    const sdk = JSON.parse(
      readFileSync(join(siblings, '@opentelemetry', 'sdk-node', 'package.json'), 'utf8'),
    ).version;
    lines.push({ line, outfile, api, sdk, bytes: statSync(outfile).size });
  }

  console.log(
    `# the SDK part of the register, bundled from each OpenTelemetry line: load + start, ${RUNS} runs (medians)`,
  );
  console.log(`${machineLine()}\n`);
  console.log('| Node | line (sdk-node) | bundle KiB | process CPU ms (load, start) | max RSS MiB |');
  console.log('|---|---|---:|---:|---:|');
  for (const major of MAJORS) {
    const samples = new Map(lines.map((l) => [l.line, []]));
    const empty = [];
    for (let i = 0; i < RUNS; i++) {
      const e = spawnSync(nodeBinary(major), ['-e', EMPTY], { encoding: 'utf8' });
      empty.push(JSON.parse(e.stdout));
      for (const l of lines) {
        const r = spawnSync(nodeBinary(major), [l.outfile], {
          encoding: 'utf8',
          env: { ...process.env, NODE_PATH: dirname(dirname(l.api)) },
        });
        if (r.status !== 0) throw new Error(`${l.line} on Node ${major}: ${r.stderr.trim().split('\n')[0]}`);
        samples.get(l.line).push(JSON.parse(r.stdout));
      }
    }
    console.log(
      `| ${nodeVersion(major)} | empty process | | ${fmt(median(empty.map((x) => x.cpuMs)), 1)} | ${fmt(median(empty.map((x) => x.maxRssKb)) / 1024)} |`,
    );
    for (const l of lines) {
      const s = samples.get(l.line);
      console.log(
        `| ${nodeVersion(major)} | ${l.line} (${l.sdk}) | ${fmt(l.bytes / 1024, 0)} | ${fmt(median(s.map((x) => x.cpuMs)), 1)} | ${fmt(
          median(s.map((x) => x.maxRssKb)) / 1024,
        )} |`,
      );
    }
  }
  console.log(`\n(${machineLine()})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
