#!/usr/bin/env node
// Token counting: @llmcost/pricing countTokens (gpt-tokenizer underneath, loaded lazily) against js-tiktoken, on a
// 2k-token and a 50k-token document of mixed real text; encoder load time and memory in fresh child processes;
// computeCost calls/s. Usage: npx -y pnpm@10 --filter @llmcost/pricing build && node bench/tokens.bench.mjs
// Prints markdown tables. Runs in about 30 s on an idle 2-core machine.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pricing from '@llmcost/pricing';
import { getEncoding } from 'js-tiktoken';
import { Bench } from 'tinybench';

const here = dirname(fileURLToPath(import.meta.url));
const MODEL = 'gpt-4o'; // o200k_base on both sides
const tiktoken = getEncoding('o200k_base');
const oracleCount = (text) => tiktoken.encode(text, [], []).length;

// The gpt-tokenizer instance @llmcost/pricing loads (same resolution, same require cache entry), to clear its merge
// cache for the cold-cache rows: counting the same document over and over is otherwise mostly cache hits.
const pricingRequire = createRequire(fileURLToPath(import.meta.resolve('@llmcost/pricing')));
const clearMergeCache = () => pricingRequire('gpt-tokenizer/encoding/o200k_base').clearMergeCache();

/** Mixed real text: package READMEs (prose, Markdown, code blocks), TypeScript declarations, our fixtures. */
function sourceText() {
  const pnpmDir = join(here, '..', 'node_modules', '.pnpm');
  const readmes = [];
  for (const dir of readdirSync(pnpmDir).sort()) {
    const inner = join(pnpmDir, dir, 'node_modules');
    try {
      for (const pkg of readdirSync(inner)) {
        try {
          readmes.push(readFileSync(join(inner, pkg, 'README.md'), 'utf8'));
        } catch {}
      }
    } catch {}
    if (readmes.length >= 120) break;
  }
  const require = createRequire(import.meta.url);
  const dts = readFileSync(
    require.resolve('typescript/lib/lib.es5.d.ts', { paths: [join(here, '..')] }),
    'utf8',
  );
  const fixtures = readdirSync(join(here, 'fixtures', 'corpus'))
    .sort()
    .map((f) => readFileSync(join(here, 'fixtures', 'corpus', f), 'utf8'));
  // Interleave so both documents hold every kind of text.
  const chunks = [];
  for (let i = 0; i < readmes.length; i += 1) {
    chunks.push(readmes[i], dts.slice(i * 2000, i * 2000 + 2000));
    if (i % 8 === 0) chunks.push(...fixtures);
  }
  return chunks.join('\n\n');
}

/** A prefix of `text` with exactly `tokens` o200k tokens (or the closest shorter one). */
function documentOf(text, tokens) {
  let lo = 0;
  let hi = Math.min(text.length, tokens * 12);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (oracleCount(text.slice(0, mid)) <= tokens) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo);
}

const TASKS = {
  'countTokens (warm merge cache)': { fn: (doc) => pricing.countTokens(doc, MODEL) },
  'countTokens (cold merge cache)': {
    fn: (doc) => pricing.countTokens(doc, MODEL),
    beforeEach: clearMergeCache,
  },
  'js-tiktoken encode().length': { fn: (doc) => oracleCount(doc) },
};

/**
 * Tokens/s of each task. The machine is shared, so load changes during a run: the tasks are measured in
 * interleaved rounds (a short tinybench run of each, in rotating order) and the median round is reported.
 */
async function throughput(doc, label, rounds = 7) {
  const tokens = oracleCount(doc);
  if (pricing.countTokens(doc, MODEL).tokens !== tokens)
    throw new Error(`count mismatch on the ${label} document`);
  const names = Object.keys(TASKS);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round += 1) {
    const bench = new Bench({ time: 150, iterations: 2, warmupTime: 20, warmupIterations: 1 });
    for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
      const { fn, beforeEach } = TASKS[name];
      bench.add(name, () => fn(doc), beforeEach ? { beforeEach } : {});
    }
    await bench.run();
    for (const task of bench.tasks) samples[task.name].push(tokens / (task.result.latency.mean / 1000));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  return { tokens, perSecond: Object.fromEntries(names.map((n) => [n, median(samples[n])])) };
}

/** One long pre-tokenizer piece (a run of Han characters): quadratic in js-tiktoken, O(n log n) here. */
function longPiece(chars) {
  const text = '中文'.repeat(chars / 2);
  const time = (fn) => {
    const t0 = performance.now();
    const tokens = fn();
    return { ms: performance.now() - t0, tokens };
  };
  const ours = time(() => pricing.countTokens(text, MODEL).tokens);
  const theirs = time(() => oracleCount(text));
  if (ours.tokens !== theirs.tokens) throw new Error('count mismatch on the long piece');
  return [
    `${fmt(chars)}-character Han run (one piece), one count`,
    `${ours.ms.toFixed(1)} ms`,
    `${(theirs.ms / ours.ms).toFixed(0)}x faster (js-tiktoken ${theirs.ms.toFixed(0)} ms)`,
  ];
}

/** Load time and memory of one encoder in a fresh process (median of 3), gc'd before and after. */
function loadCost(code) {
  const script = `
    const gc = globalThis.gc; gc(); const m0 = process.memoryUsage(); const t0 = performance.now();
    ${code}
    const t1 = performance.now(); gc(); const m1 = process.memoryUsage();
    console.log(JSON.stringify({ ms: t1 - t0, rss: m1.rss - m0.rss, heap: m1.heapUsed - m0.heapUsed }));`;
  const runs = [0, 1, 2].map(() => {
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
      cwd: here,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout);
  });
  const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[1];
  return { ms: median('ms'), rss: median('rss'), heap: median('heap') };
}

function computeCostRate() {
  const { computeCost } = pricing;
  if (typeof computeCost !== 'function') return 'n/a (computeCost not exported yet)';
  const usage = {
    inputTokens: 1200,
    outputTokens: 350,
    cacheReadInputTokens: 1024,
    reasoningOutputTokens: 100,
  };
  try {
    // computeCost(usage, model, options?) as packages/pricing/src/cost/compute-cost.ts defines it.
    const first = computeCost(usage, 'gpt-4o-mini');
    if (first?.status !== 'priced') return `n/a (gpt-4o-mini: ${first?.status ?? 'no result'})`;
    const n = 200_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i += 1) computeCost(usage, 'gpt-4o-mini');
    return `${fmt(n / ((performance.now() - t0) / 1000))} calls/s (status ${first.status})`;
  } catch (error) {
    return `n/a (${String(error?.message ?? error).split('\n')[0]})`;
  }
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const loadAverage = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
const text = sourceText();
const rows = [];
for (const [label, size] of [
  ['2k', 2_000],
  ['50k', 50_000],
]) {
  const doc = documentOf(text, size);
  const { tokens, perSecond } = await throughput(doc, label);
  const ref = perSecond['js-tiktoken encode().length'];
  for (const [name, rate] of Object.entries(perSecond)) {
    rows.push([
      `${label} doc (${fmt(tokens)} tokens): ${name}`,
      `${fmt(rate)} tokens/s`,
      `${(rate / ref).toFixed(2)}x`,
    ]);
  }
}

rows.push(longPiece(1_000));

const importOnly = loadCost(`await import('@llmcost/pricing');`);
const ours = loadCost(`const p = await import('@llmcost/pricing'); p.countTokens('hello', 'gpt-4o');`);
const jsFull = loadCost(
  `const { getEncoding } = await import('js-tiktoken'); getEncoding('o200k_base').encode('hello');`,
);
const jsLite = loadCost(
  `const { Tiktoken } = await import('js-tiktoken/lite'); const r = await import('js-tiktoken/ranks/o200k_base'); new Tiktoken(r.default).encode('hello');`,
);
const loadRow = (name, m) => [name, `${m.ms.toFixed(0)} ms`, `RSS +${mb(m.rss)}, heap +${mb(m.heap)}`];

console.log(`load average at start: ${loadAverage}; throughput is the median of 7 interleaved rounds\n`);
console.log('| measurement | value | vs js-tiktoken |');
console.log('|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log('\n| load (fresh process, median of 3) | time | memory after gc |');
console.log('|---|---|---|');
for (const row of [
  loadRow('import @llmcost/pricing only (no encoder)', importOnly),
  loadRow('@llmcost/pricing: import + first countTokens (o200k_base)', ours),
  loadRow('js-tiktoken: getEncoding(o200k_base) (main entry)', jsFull),
  loadRow('js-tiktoken/lite + ranks/o200k_base', jsLite),
])
  console.log(`| ${row.join(' | ')} |`);
console.log(`\n| computeCost | ${computeCostRate()} |\n|---|---|`);
