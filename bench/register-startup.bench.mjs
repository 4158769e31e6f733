#!/usr/bin/env node
// Start-up cost of the register entry, per Node version (the builds of test/ci-matrix.mjs): CPU time (all threads,
// so a loader thread counts), wall time to exit and max RSS of a small app that loads `openai`, creates a client
// and exits (lib/startup-app.cjs and its ESM twin lib/startup-app.mjs), plain and under
//   --import @llmcost/otel/register, --require @llmcost/otel/register (CommonJS app)
//   @opentelemetry/auto-instrumentations-node 0.81.2 as its docs say: `--require .../register` for CommonJS;
//   for ESM `--experimental-loader=@opentelemetry/instrumentation/hook.mjs --import .../register`
// with exporters off for all (OTEL_*_EXPORTER=none, OTEL_NODE_RESOURCE_DETECTORS=none, LLMCOST_SUMMARY=off).
// Round-robin over every Node and variant, medians. Each app says whether `chat.completions.create` was patched.
// Then where llmcost's remaining start-up goes (lib/startup-phases.cjs), and a check that the register loads NO
// tokenizer at start-up, with a positive control. Goal (issue 17): on Node 24 and 26 the register adds at most 80 ms
// and 12 MB to an ESM and to a CommonJS app, at most 0.1x of what auto-instrumentations-node adds. Judged on CPU
// time, which on a quiet machine is the start-up time and on a shared one is not inflated by waiting for a core.
// Reported, never enforced. Usage: npx -y pnpm@10 run build && node bench/register-startup.bench.mjs
// (BENCH_RUNS=7, BENCH_NODES=20,22,24,26)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_MAJORS, nodeBinary, nodeVersion } from '../test/ci-matrix.mjs';
import { fmt, machineLine, median } from './lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const MAJORS = (process.env.BENCH_NODES ?? NODE_MAJORS.join(',')).split(',').map(Number);
const GOAL_NODES = [24, 26];
const GOAL_MS = 80;
const GOAL_MB = 12;
const GOAL_RATIO = 0.1;

const QUIET_ENV = {
  OTEL_TRACES_EXPORTER: 'none',
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_LOGS_EXPORTER: 'none',
  OTEL_NODE_RESOURCE_DETECTORS: 'none',
  LLMCOST_SUMMARY: 'off',
};
const AUTO = '@opentelemetry/auto-instrumentations-node/register';
const APPS = [
  {
    kind: 'CommonJS',
    file: join(here, 'lib', 'startup-app.cjs'),
    variants: [
      { id: 'base', flags: [] },
      { id: 'ours', name: '--import register', flags: ['--import', '@llmcost/otel/register'] },
      { id: 'require', name: '--require register', flags: ['--require', '@llmcost/otel/register'] },
      { id: 'auto', flags: ['--require', AUTO] },
    ],
  },
  {
    kind: 'ESM',
    file: join(here, 'lib', 'startup-app.mjs'),
    variants: [
      { id: 'base', flags: [] },
      { id: 'ours', name: '--import register', flags: ['--import', '@llmcost/otel/register'] },
      {
        id: 'auto',
        flags: ['--experimental-loader=@opentelemetry/instrumentation/hook.mjs', '--import', AUTO],
      },
    ],
  },
];

/** One run of an app; `--import`/`--require` specifiers resolve from `cwd` (the bench package). */
function runApp(node, flags, app, env = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(node, [...flags, app], {
    cwd: here,
    env: { ...process.env, ...QUIET_ENV, ...env },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) {
    const lines = r.stderr.trim().split('\n');
    const why = lines.find((l) => /Error|llmcost:/.test(l)) ?? lines[0];
    throw new Error(`${node} ${flags.join(' ')} ${app} exited ${r.status}: ${why} (built? see Usage)`);
  }
  return { ms, ...JSON.parse(r.stdout.trim().split('\n').at(-1)) };
}

console.log(
  `# register start-up: CPU ms (all threads), wall ms to exit, max RSS; ${RUNS} runs each, medians`,
);
console.log(`${machineLine()}\n`);
const cells = [];
for (const major of MAJORS) {
  const node = nodeBinary(major);
  for (const app of APPS) {
    runApp(node, [], app.file); // warm the file system cache
    for (const v of app.variants) cells.push({ major, node, app, v, samples: [] });
  }
}
for (let run = 0; run < RUNS; run++) {
  // Round-robin: a burst of load from a neighbour hits every variant, not one.
  for (const c of cells) c.samples.push(runApp(c.node, c.v.flags, c.app.file));
}
const stat = (c) => ({
  cpu: median(c.samples.map((s) => s.cpuMs)),
  ms: median(c.samples.map((s) => s.ms)),
  mb: median(c.samples.map((s) => s.maxRssKb)) / 1024,
  patched: c.samples.every((s) => s.patched),
});

const verdicts = [];
for (const app of APPS) {
  console.log(`## ${app.kind} app (lib/${app.file.split(/[\\/]/).pop()}): added over the plain app\n`);
  const ours = app.variants.filter((v) => v.name);
  console.log(
    `| Node | plain app: CPU ms, MiB | ${ours.map((v) => `${v.name}: CPU ms, wall ms, MiB`).join(' | ')} | auto-instrumentations-node: CPU ms, wall ms, MiB | ours / auto: CPU, MiB | patched (ours, auto) |`,
  );
  console.log(`|---|---|${ours.map(() => '---|').join('')}---|---|---|`);
  for (const major of MAJORS) {
    const of = (id) => stat(cells.find((c) => c.major === major && c.app === app && c.v.id === id));
    const base = of('base');
    const add = (s) => ({ cpu: s.cpu - base.cpu, ms: s.ms - base.ms, mb: s.mb - base.mb });
    const auto = of('auto');
    const a = add(auto);
    const oursCols = ours.map((v) => {
      const d = add(of(v.id));
      return `+${fmt(d.cpu, 0)}, +${fmt(d.ms, 0)}, +${fmt(d.mb)}`;
    });
    const main = of('ours');
    const m = add(main);
    console.log(
      `| ${nodeVersion(major)} | ${fmt(base.cpu, 0)}, ${fmt(base.mb)} | ${oursCols.join(' | ')} | +${fmt(a.cpu, 0)}, +${fmt(
        a.ms,
        0,
      )}, +${fmt(a.mb)} | ${fmt(m.cpu / a.cpu, 2)}, ${fmt(m.mb / a.mb, 2)} | ${main.patched ? 'yes' : 'NO'}, ${
        auto.patched ? 'yes' : 'no'
      } |`,
    );
    if (GOAL_NODES.includes(major)) {
      for (const v of ours) {
        const d = add(of(v.id));
        const met = d.cpu <= GOAL_MS && d.mb <= GOAL_MB && d.cpu <= GOAL_RATIO * a.cpu && of(v.id).patched;
        verdicts.push(
          `${app.kind} app, ${v.name}, Node ${nodeVersion(major)}: +${fmt(d.cpu, 0)} ms CPU (${fmt(d.cpu / a.cpu, 2)}x auto), +${fmt(d.mb)} MiB -> ${met ? 'MET' : 'NOT MET'}`,
        );
      }
    }
  }
  console.log('');
}

// Where llmcost's start-up goes, phase by phase, in one process per run (lib/startup-phases.cjs), Node 24.
const PHASE_NODE = MAJORS.includes(24) ? 24 : MAJORS.at(-1);
const phaseRuns = Array.from({ length: RUNS }, () => {
  const r = spawnSync(nodeBinary(PHASE_NODE), [join(here, 'lib', 'startup-phases.cjs')], {
    cwd: here,
    env: { ...process.env, ...QUIET_ENV },
    encoding: 'utf8',
  });
  if (r.status !== 0)
    throw new Error(`startup-phases.cjs exited ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
});
console.log(
  `## where the CommonJS register's start-up goes, Node ${nodeVersion(PHASE_NODE)} (CPU ms, medians)\n`,
);
console.log('| phase | CPU ms |');
console.log('|---|---:|');
for (const [phase, label] of Object.entries({
  api: '`@opentelemetry/api` (the app’s copy; loaded by the app anyway if it uses OTel)',
  bundle: '`@llmcost/otel` bundle (`dist/index.cjs` and `@llmcost/pricing`)',
  start: 'SDK start (providers, context, propagators, instrumentations, require hook)',
  openaiHooked: "the app's `require('openai')` under the require hook",
  openaiPlain: "`require('openai')` without llmcost (separate run)",
})) {
  console.log(`| ${label} | ${fmt(median(phaseRuns.map((p) => p[phase])), 1)} |`);
}
console.log('');

// No tokenizer at start-up: ESM resolutions through a loader hook (lib/module-spy.mjs) and require()s through the
// require cache, with a positive control that counts tokens once.
function tokenizerCheck(flags, env = {}) {
  const dir = mkdtempSync(join(os.tmpdir(), 'llmcost-spy-'));
  const file = join(dir, 'resolved.txt');
  try {
    const r = runApp(nodeBinary(PHASE_NODE), ['--import', './lib/module-spy.mjs', ...flags], APPS[0].file, {
      ...env,
      BENCH_MODULE_SPY_FILE: file,
    });
    let urls = [];
    try {
      urls = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    } catch {}
    return { cjs: r.tokenizerCjs, esm: urls.filter((u) => /gpt-tokenizer|tiktoken/.test(u)).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const seen = (c) => c.cjs + c.esm;
const loaded =
  seen(tokenizerCheck(['--import', '@llmcost/otel/register'])) +
  seen(tokenizerCheck(['--require', '@llmcost/otel/register']));
const control = seen(tokenizerCheck(['--import', '@llmcost/otel/register'], { BENCH_COUNT_TOKENS: '1' }));
console.log(
  `tokenizer at start-up (--import and --require register): ${loaded === 0 ? 'none loaded' : `${loaded} modules LOADED`}; ` +
    `control (the app counts tokens once): ${control > 0 ? 'the check sees the load' : 'NOT SEEN: check broken'}\n`,
);
console.log(
  `goal: on Node ${GOAL_NODES.join(' and ')}, <= ${GOAL_MS} ms CPU and <= ${GOAL_MB} MB added, <= ${GOAL_RATIO}x auto-instrumentations-node, no tokenizer`,
);
for (const v of verdicts) console.log(`  ${v}`);
console.log(`\n(${machineLine()})`);
