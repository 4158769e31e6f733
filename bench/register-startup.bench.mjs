#!/usr/bin/env node
// Start-up cost of the register entry: wall time from spawn to exit, CPU time and max RSS of a small app that loads
// `openai`, creates a client and exits (bench/lib/startup-app.cjs, and its ESM twin startup-app.mjs), plain and under
//   --import @llmcost/otel/register                        (and with LLMCOST_HTTP_INSTRUMENTATION=false)
//   --require @llmcost/otel/register                       (CommonJS app only)
//   --import @opentelemetry/auto-instrumentations-node/register   (0.81.2, the usual zero-code peer)
// with exporters off for all (OTEL_TRACES/METRICS/LOGS_EXPORTER=none, OTEL_NODE_RESOURCE_DETECTORS=none,
// LLMCOST_SUMMARY=off). Runs round-robin, medians. Each app says whether `chat.completions.create` was patched.
// Then checks that the register path loads NO tokenizer at start-up: ESM resolutions through a loader hook
// (lib/module-spy.mjs) and require()s through the require cache, with a positive control that counts tokens once.
// Goal (issue "Performance is measured, not assumed"): register adds at most 80 ms and 12 MB, loads no tokenizer.
// Reported, never enforced. Usage: npx -y pnpm@10 --filter "./packages/*" build && node bench/register-startup.bench.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, machineLine, median } from './lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const APP = join(here, 'lib', 'startup-app.cjs');
const APP_ESM = join(here, 'lib', 'startup-app.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const GOAL_MS = 80;
const GOAL_MB = 12;

const QUIET_ENV = {
  OTEL_TRACES_EXPORTER: 'none',
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_LOGS_EXPORTER: 'none',
  OTEL_NODE_RESOURCE_DETECTORS: 'none',
  LLMCOST_SUMMARY: 'off',
};
const AUTO = ['--import', '@opentelemetry/auto-instrumentations-node/register'];
// Two apps: CommonJS (require('openai')) and ESM (import 'openai'). Under `--import`, a CommonJS entry file needs
// no ESM loader hook (packages/otel/src/bootstrap/entry-format.ts); an ESM one does, and on Node 20 that hook
// runs in a loader thread of its own, so the ESM app shows what that costs.
const GROUPS = [
  {
    title: 'CommonJS app (lib/startup-app.cjs)',
    app: APP,
    variants: [
      { name: 'node app (baseline)', flags: [] },
      { name: '--import @llmcost/otel/register', flags: ['--import', '@llmcost/otel/register'], ours: true },
      {
        name: '  same, LLMCOST_HTTP_INSTRUMENTATION=false',
        flags: ['--import', '@llmcost/otel/register'],
        env: { LLMCOST_HTTP_INSTRUMENTATION: 'false' },
      },
      { name: '--require @llmcost/otel/register', flags: ['--require', '@llmcost/otel/register'] },
      { name: '--import @opentelemetry/auto-instrumentations-node/register', flags: AUTO, auto: true },
    ],
  },
  {
    title: 'ESM app (lib/startup-app.mjs)',
    app: APP_ESM,
    variants: [
      { name: 'node app.mjs (baseline)', flags: [] },
      { name: '--import @llmcost/otel/register', flags: ['--import', '@llmcost/otel/register'], ours: true },
      { name: '--import @opentelemetry/auto-instrumentations-node/register', flags: AUTO, auto: true },
    ],
  },
];

/** One run of the app; `--import`/`--require` specifiers resolve from `cwd` (the bench package). */
function runApp(flags, env = {}, app = APP) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...flags, app], {
    cwd: here,
    env: { ...process.env, ...QUIET_ENV, ...env },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) {
    const lines = r.stderr.trim().split('\n');
    const why = lines.find((l) => /Error|llmcost:/.test(l)) ?? lines[0];
    throw new Error(`${flags.join(' ')} exited ${r.status}: ${why} (built? see Usage)`);
  }
  const line = r.stdout.trim().split('\n').at(-1);
  return { ms, ...JSON.parse(line) };
}

/** ESM URLs resolved (loader hook) and CJS tokenizer modules required, for one run. */
function tokenizerCheck(flags, env = {}) {
  const dir = mkdtempSync(join(os.tmpdir(), 'llmcost-spy-'));
  const file = join(dir, 'resolved.txt');
  try {
    const r = runApp(['--import', './lib/module-spy.mjs', ...flags], { ...env, BENCH_MODULE_SPY_FILE: file });
    let urls = [];
    try {
      urls = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    } catch {}
    const esm = urls.filter((u) => /gpt-tokenizer|tiktoken/.test(u));
    return { cjs: r.tokenizerCjs, esm: esm.length, esmResolved: urls.length, patched: r.patched };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `# start-up: wall time to exit, CPU time (all threads) and max RSS, ${RUNS} runs each (medians)\n${machineLine()}\n`,
);
runApp([]); // warm the file system cache
const all = GROUPS.flatMap((g) => g.variants.map((v) => ({ ...v, app: g.app, samples: [] })));
for (let run = 0; run < RUNS; run++) {
  // Round-robin: a burst of load from a neighbour hits every variant, not one.
  for (const v of all) v.samples.push(runApp(v.flags, v.env, v.app));
}
const summarize = (v) => ({
  ...v,
  ms: median(v.samples.map((s) => s.ms)),
  msMin: Math.min(...v.samples.map((s) => s.ms)),
  cpu: median(v.samples.map((s) => s.cpuMs)),
  mb: median(v.samples.map((s) => s.maxRssKb)) / 1024,
  patched: v.samples.every((s) => s.patched),
});
const results = [];
for (const group of GROUPS) {
  const rows = all.filter((v) => v.app === group.app).map(summarize);
  const base = rows[0];
  console.log(`## ${group.title}\n`);
  console.log(
    '| variant | wall ms (median) | min | CPU ms | max RSS MiB | added ms | added CPU ms | added MiB | create patched |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const first = r === base;
    const added = (x) => (first ? '—' : fmt(x, 0));
    console.log(
      `| ${r.name} | ${fmt(r.ms, 0)} | ${fmt(r.msMin, 0)} | ${fmt(r.cpu, 0)} | ${fmt(r.mb)} | ${added(r.ms - base.ms)} | ${added(
        r.cpu - base.cpu,
      )} | ${first ? '—' : fmt(r.mb - base.mb)} | ${first ? '—' : r.patched ? 'yes' : 'NO'} |`,
    );
  }
  const ours = rows.find((r) => r.ours);
  const auto = rows.find((r) => r.auto);
  const ratio = (key) => fmt((ours[key] - base[key]) / (auto[key] - base[key]), 2);
  console.log(
    `\nours / auto-instrumentations-node, added over baseline: wall ${ratio('ms')}, CPU ${ratio('cpu')}, RSS ${ratio('mb')}\n`,
  );
  results.push({ group, ours, addMs: ours.ms - base.ms, addMb: ours.mb - base.mb });
}

const ours = results[0].ours;
const check = tokenizerCheck(ours.flags);
const checkRequire = tokenizerCheck(['--require', '@llmcost/otel/register']);
const control = tokenizerCheck(ours.flags, { BENCH_COUNT_TOKENS: '1' });
const noTokenizer = check.cjs + check.esm + checkRequire.cjs + checkRequire.esm === 0;
const controlSees = control.cjs + control.esm > 0;
console.log(
  `tokenizer at start-up: --import register ${check.cjs} required, ${check.esm} imported (of ${
    check.esmResolved
  } ESM resolutions seen); --require register ${checkRequire.cjs} required, ${checkRequire.esm} imported -> ${
    noTokenizer ? 'none loaded' : 'LOADED'
  }`,
);
console.log(
  `  control (the app counts tokens once): ${control.cjs} required, ${control.esm} imported -> the check ${
    controlSees ? 'sees a load' : 'DOES NOT see a load (check broken)'
  }`,
);
for (const { group, ours: o, addMs, addMb } of results) {
  const met = addMs <= GOAL_MS && addMb <= GOAL_MB && noTokenizer && controlSees && o.patched;
  console.log(
    `goal (register adds ≤ ${GOAL_MS} ms and ≤ ${GOAL_MB} MB, no tokenizer), ${group.title}: +${fmt(addMs, 0)} ms, +${fmt(
      addMb,
    )} MiB -> ${met ? 'MET' : 'NOT MET'}`,
  );
}
console.log(`\n(${machineLine()})`);
