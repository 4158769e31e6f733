#!/usr/bin/env node
// Added CPU per LLM call, one method for every figure (issue 16): each measurement is a FRESH process running one
// variant (lib/overhead-child.mjs), the variants of a mode interleaved in rotating order within each repetition,
// the modes interleaved too, so a neighbour's burst of load on this shared machine hits all variants alike.
// Same SDK, same canned responses (an in-process `fetch` returning real Response objects: only client-side CPU
// is left), same call mix. Per repetition, added = variant - none of that repetition; reported: the median and
// the range (min-max) over repetitions, and the 1-minute load average (what `uptime` prints) over the row's runs.
// Variants:
//   none           no instrumentation (same providers and context manager as the others)
//   ours           @llmcost/otel OpenAIInstrumentation (spans, cost, metrics)
//   contrib        @opentelemetry/instrumentation-openai (spans and metrics)
//   openinference  @arizeai/openinference-instrumentation-openai, default config (spans only, content captured)
//   floor-ours     no instrumentation; after each call, inline: computeCost, a span with our attributes and our
//                  histogram records (lib/signal-floor.mjs): what the OTel SDK alone costs for our telemetry
//   floor-contrib  the same for contrib's span and records
//   ours2          (BENCH_OURS2=<build file>) another build of ours in the same rounds: before/after a change
// Modes: openai chat.completions.create non-streaming and streaming at 1 call in flight (all variants), at 100 and
// 1,000 in flight (none, ours, contrib), @google/genai generateContent / generateContentStream and
// @aws-sdk/client-bedrock-runtime Converse / ConverseStream over a canned request handler (none, ours: no contrib
// instrumentation exists for them).
// Goals (issue 16): added CPU per call <= 1.0x contrib's, streaming and not; then <= 0.5x or within 1.2x of the
// floor; not growing with the calls in flight. Reported, never enforced.
// Usage: npx -y pnpm@10 --filter "./packages/*" build && node bench/otel-cpu.bench.mjs
// Options (env): BENCH_REPS (default 7), BENCH_QUICK=1 (a quarter of the calls, 3 repetitions), BENCH_MODES=
// comma list of plain,stream,inflight100,inflight1000,gemini-plain,gemini-stream,bedrock-plain,bedrock-stream, BENCH_OURS=<path> (ours from
// that build file: `.cjs` required, `.js` imported), BENCH_OURS2=<path> (see ours2).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { fmt, machineLine, median } from './lib/stats.mjs';

const QUICK = process.env.BENCH_QUICK === '1';
const REPS = Number(process.env.BENCH_REPS) || (QUICK ? 3 : 7);
const scale = (n) => (QUICK ? Math.round(n / 4) : n);
const OURS2 = process.env.BENCH_OURS2 ? ['ours2'] : [];
const ALL = ['none', 'ours', ...OURS2, 'contrib', 'openinference', 'floor-ours', 'floor-contrib'];
const MODES = [
  { name: 'plain', sdk: 'openai', stream: false, inflight: 1, calls: 1000, warm: 500, variants: ALL },
  { name: 'stream', sdk: 'openai', stream: true, inflight: 1, calls: 500, warm: 250, variants: ALL },
  {
    name: 'inflight100',
    sdk: 'openai',
    stream: false,
    inflight: 100,
    calls: 2000,
    warm: 1000,
    variants: ['none', 'ours', ...OURS2, 'contrib'],
  },
  {
    name: 'inflight1000',
    sdk: 'openai',
    stream: false,
    inflight: 1000,
    calls: 4000,
    warm: 2000,
    variants: ['none', 'ours', ...OURS2, 'contrib'],
  },
  {
    name: 'gemini-plain',
    sdk: 'gemini',
    stream: false,
    inflight: 1,
    calls: 1000,
    warm: 500,
    variants: ['none', 'ours', ...OURS2],
  },
  {
    name: 'gemini-stream',
    sdk: 'gemini',
    stream: true,
    inflight: 1,
    calls: 500,
    warm: 250,
    variants: ['none', 'ours', ...OURS2],
  },
  {
    name: 'bedrock-plain',
    sdk: 'bedrock',
    stream: false,
    inflight: 1,
    calls: 1000,
    warm: 500,
    variants: ['none', 'ours', ...OURS2],
  },
  {
    name: 'bedrock-stream',
    sdk: 'bedrock',
    stream: true,
    inflight: 1,
    calls: 500,
    warm: 250,
    variants: ['none', 'ours', ...OURS2],
  },
].filter((m) => !process.env.BENCH_MODES || process.env.BENCH_MODES.split(',').includes(m.name));
const CHILD = fileURLToPath(new URL('./lib/overhead-child.mjs', import.meta.url));
const load1 = () => os.loadavg()[0];

/** One fresh process, one variant, one repetition. */
async function runChild(mode, variant) {
  const args = [variant, mode.sdk, mode.stream ? 'stream' : 'plain', scale(mode.calls), scale(mode.warm)];
  const proc = fork(CHILD, [...args.map(String), String(mode.inflight)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [msg] = await Promise.race([
    once(proc, 'message'),
    once(proc, 'exit').then(([code]) => {
      throw new Error(`bench child ${variant} ${mode.name} exited ${code} without a result`);
    }),
  ]);
  await once(proc, 'exit').catch(() => {});
  return msg;
}

const began = Date.now();
console.log(`# added CPU per LLM call, fresh process per variant and repetition (${REPS} repetitions)`);
console.log(`${machineLine()}\n`);
if (process.env.BENCH_OURS || OURS2.length)
  console.log(`ours: ${process.env.BENCH_OURS || '@llmcost/otel'}; ours2: ${process.env.BENCH_OURS2}\n`);
const results = new Map(MODES.map((m) => [m, Object.fromEntries(m.variants.map((v) => [v, []]))]));
const loads = new Map(MODES.map((m) => [m, []]));
for (let rep = 0; rep < REPS; rep++) {
  for (const mode of MODES) {
    const vs = mode.variants;
    for (let k = 0; k < vs.length; k++) {
      const variant = vs[(rep + k) % vs.length];
      loads.get(mode).push(load1());
      results.get(mode)[variant].push(await runChild(mode, variant));
    }
  }
  process.stderr.write(`repetition ${rep + 1}/${REPS} done, load ${fmt(load1(), 2)}\n`);
}

const verdicts = [];
const addedBy = {};
for (const mode of MODES) addedBy[mode.name] = printMode(mode, results.get(mode), loads.get(mode));
const flight = ['plain', 'inflight100', 'inflight1000'].filter((n) => addedBy[n] !== undefined);
if (flight.length > 1)
  for (const v of ['ours', 'ours2', 'contrib'].filter((x) => addedBy.plain?.[x] !== undefined)) {
    const xs = flight.map((n) => addedBy[n][v]);
    verdicts.push(
      `${v} added µs at ${flight.map((n) => (n === 'plain' ? 1 : n.slice(8))).join(' / ')} in flight: ${xs
        .map((x) => fmt(x))
        .join(
          ' / ',
        )}${v === 'contrib' ? '' : `: not growing ${Math.max(...xs.slice(1)) <= xs[0] * 1.2 ? 'MET' : 'NOT MET'} (within 1.2x of 1 in flight)`}`,
    );
  }
console.log(
  `\ngoals (issue 16), judged on the medians of the per-repetition differences:\n${verdicts.join('\n')}`,
);
console.log(
  '\nµs CPU/call: process.cpuUsage() user+system over the measured calls (SDK client, instrumentation, span and',
);
console.log(
  'metric SDK, batch exports, GC). GC columns from v8.GCProfiler over the measured calls: pause, bytes left in the',
);
console.log('young generation after each scavenge, bytes promoted to old space (all per call).');
console.log(`(${((Date.now() - began) / 1000).toFixed(0)} s; ${machineLine()})`);

function printMode(mode, res, modeLoads) {
  const label = `${mode.sdk} ${mode.stream ? 'streaming' : 'non-streaming'}, ${mode.inflight} in flight`;
  const lo = Math.min(...modeLoads);
  const hi = Math.max(...modeLoads);
  console.log(
    `\n## ${label}: ${scale(mode.calls)} calls after ${scale(mode.warm)} warm-up, ${REPS} fresh processes per variant; load average (1 min) ${fmt(lo, 2)}–${fmt(hi, 2)}\n`,
  );
  console.log(
    '| variant | µs CPU/call (median) | added µs vs none: median [min–max] | × contrib (median; per-rep range) | GC pause µs/call | young survived KB/call | promoted KB/call | spans / calls | cost attr | metric points |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const none = res.none;
  const added = (v) => res[v].map((r, i) => r.perCall - none[i].perCall);
  const contrib = res.contrib ? added('contrib') : undefined;
  const summary = {};
  for (const v of mode.variants) {
    const rs = res[v];
    const a = added(v);
    summary[v] = median(a);
    const ratios = contrib ? a.map((x, i) => x / contrib[i]) : [];
    const vsContrib =
      contrib && v !== 'none' && v !== 'contrib'
        ? `${fmt(median(a) / median(contrib), 2)} (${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)})`
        : '';
    const instrumented = v !== 'none' && !v.startsWith('floor-');
    const spans = rs.map((r) => r.spans);
    const broken = instrumented && rs.some((r) => r.spans !== r.callsMade);
    console.log(
      `| ${v} | ${fmt(median(rs.map((r) => r.perCall)))} | ${
        v === 'none' ? '' : `${fmt(median(a))} [${fmt(Math.min(...a))}–${fmt(Math.max(...a))}]`
      } | ${vsContrib} | ${fmt(median(rs.map((r) => r.gcPausePerCall)), 1)} | ${fmt(
        median(rs.map((r) => r.survivedPerCall)) / 1024,
        2,
      )} | ${fmt(median(rs.map((r) => r.promotedPerCall)) / 1024, 2)} | ${
        instrumented || v.startsWith('floor-') ? `${Math.min(...spans)} / ${rs[0].callsMade}` : '0'
      }${broken ? ' BROKEN' : ''} | ${rs[0].costAttr ? 'yes' : 'no'} | ${rs[0].metricPoints} |`,
    );
  }
  judge(label, summary);
  return summary;
}

function judge(label, s) {
  for (const v of ['ours', 'ours2']) {
    if (s[v] === undefined) continue;
    if (s.contrib === undefined) {
      verdicts.push(`${label}: ${v} adds ${fmt(s[v])} µs (no contrib instrumentation to compare)`);
      continue;
    }
    const ratio = s[v] / s.contrib;
    const parts = [`${label}: ${v} ${fmt(s[v])} µs / contrib ${fmt(s.contrib)} µs = ${fmt(ratio, 2)}x`];
    parts.push(`<= 1.0x ${ratio <= 1 ? 'MET' : 'NOT MET'}`);
    if (s['floor-ours'] !== undefined) {
      const floorRatio = s[v] / s['floor-ours'];
      parts.push(
        `<= 0.5x ${ratio <= 0.5 ? 'MET' : 'NOT MET'}; ${fmt(floorRatio, 2)}x floor-ours (${fmt(
          s['floor-ours'],
        )} µs): within 1.2x ${floorRatio <= 1.2 ? 'MET' : 'NOT MET'}`,
      );
    }
    verdicts.push(parts.join('; '));
  }
}
