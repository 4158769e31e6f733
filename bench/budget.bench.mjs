#!/usr/bin/env node
// Budget guard: reserve+settle throughput and latency (memory store, Redis on loopback at several concurrency
// levels), the pre-check of a 50,000-token prompt far from every limit (no tokenization), and a guarded OpenAI
// call against an unguarded one (memory store, mock-llm). Runs on the BUILT packages:
//   npx -y pnpm@10 --filter @llmcost/budget --filter @llmcost/mock-llm build && node bench/budget.bench.mjs
// Starts its own redis-server. Prints markdown tables; about 30-40 s on a shared 2-core machine.
import { createBudgetGuard, defaultPricing } from '@llmcost/budget';
import { startMockLlm } from '@llmcost/mock-llm';
import { computeCost, countTokens } from '@llmcost/pricing';
import OpenAI from 'openai';
import { startRedis } from './lib/redis-server.mjs';

const CONFIG = {
  perRequest: { maxInputTokens: 1_000_000, maxOutputTokens: 4096 },
  users: { default: { hourUsd: 1e6, dayUsd: 1e6, monthUsd: 1e6 }, tiers: { free: { hourUsd: 1e6 } } },
  features: { chat: { dayUsd: 1e6, monthUsd: 1e6 } },
  global: { monthUsd: 1e9, dayUsd: 1e8 },
};
const prompt = 'Summarise the quarterly report in three bullet points. '.repeat(20);
const req = (i) => ({
  provider: 'openai',
  model: 'gpt-4o',
  feature: 'chat',
  tier: i % 2 ? 'free' : undefined,
  userId: `user-${i % 100}`,
  inputText: () => prompt,
  maxOutputTokens: 500,
});

const ms = (ns) => Number(ns) / 1e6;
function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** `concurrency` workers doing reserve+settle back to back for `seconds`; per-pair latency. */
async function run(guard, concurrency, seconds) {
  const lat = [];
  let i = 0;
  const end = process.hrtime.bigint() + BigInt(seconds * 1e9);
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (process.hrtime.bigint() < end) {
        const t0 = process.hrtime.bigint();
        const d = await guard.reserve(req(i++));
        if (d.decision !== 'rejected') await guard.settle(d.reservation, d.reservation.reservedUsd / 3);
        lat.push(ms(process.hrtime.bigint() - t0));
      }
    }),
  );
  const elapsed = ms(process.hrtime.bigint() - start) / 1000;
  lat.sort((a, b) => a - b);
  return { ops: lat.length / elapsed, p50: pct(lat, 50), p99: pct(lat, 99), n: lat.length };
}

const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const rows = [];

// 1. Memory store.
const memory = createBudgetGuard(CONFIG, { env: {} });
await run(memory, 1, 0.5); // warm-up
const mem = await run(memory, 1, 3);
rows.push(['memory', 1, mem]);
await memory.close();

// 2. Redis on loopback.
const redis = await startRedis();
try {
  const guard = createBudgetGuard({ ...CONFIG, store: redis.url }, { env: {} });
  await run(guard, 4, 1); // connect, load the scripts, warm up
  for (const c of [1, 4, 8, 32]) rows.push([`redis`, c, await run(guard, c, 3)]);
  await guard.close();
} finally {
  redis.stop();
}

console.log('### reserve + settle\n');
console.log('| store | concurrency | pairs/s | p50 ms | p99 ms | samples |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [store, c, r] of rows)
  console.log(`| ${store} | ${c} | ${fmt(r.ops)} | ${fmt(r.p50, 3)} | ${fmt(r.p99, 3)} | ${fmt(r.n)} |`);

// 3. Pre-check of a 50,000-token prompt, far from every limit: the byte bound fits, nothing is tokenized.
const big = 'hello '.repeat(50_000); // 50,000 o200k tokens, 300,000 bytes
let exactCounts = 0;
const counting = {
  ...defaultPricing,
  countTokens(t, m) {
    exactCounts++;
    return defaultPricing.countTokens(t, m);
  },
};
const far = createBudgetGuard(CONFIG, { env: {}, pricing: counting });
const bigReq = { ...req(0), inputText: () => big };
for (let i = 0; i < 50; i++) await far.settle((await far.reserve(bigReq)).reservation, 0);
const N = 2000;
let t0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) {
  const d = await far.reserve(bigReq);
  await far.settle(d.reservation, 0);
}
const precheckUs = (ms(process.hrtime.bigint() - t0) * 1000) / N;
t0 = process.hrtime.bigint();
const tokens = countTokens(big, 'gpt-4o').tokens;
const tokenizeMs = ms(process.hrtime.bigint() - t0);
await far.close();
console.log('\n### pre-check of a 50,000-token prompt, user far from every limit (memory store)\n');
console.log('| measure | value |');
console.log('|---|---:|');
console.log(`| reserve+settle per call | ${fmt(precheckUs, 1)} µs |`);
console.log(`| exact tokenizations during ${fmt(N + 50)} calls | ${exactCounts} |`);
console.log(
  `| one exact count of that prompt (${fmt(tokens)} tokens), for comparison | ${fmt(tokenizeMs, 1)} ms |`,
);

// 4. A guarded call against an unguarded one (memory store, real openai client, mock-llm on loopback).
const mock = await startMockLlm({ defaults: { outputTokens: 50 } });
const client = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'bench', maxRetries: 0 });
const guard = createBudgetGuard(CONFIG, { env: {} });
const body = { model: 'gpt-4o', messages: [{ role: 'user', content: prompt }], max_tokens: 500 };
const plain = () => client.chat.completions.create(body);
async function guarded() {
  const d = await guard.reserve({ ...req(1), inputText: () => JSON.stringify(body.messages) });
  if (d.decision === 'rejected') throw d.error;
  try {
    const res = await client.chat.completions.create(body);
    const cost = computeCost(
      { inputTokens: res.usage.prompt_tokens, outputTokens: res.usage.completion_tokens },
      'gpt-4o',
    );
    await guard.settle(d.reservation, cost.totalUsd);
    return res;
  } catch (err) {
    await guard.settle(d.reservation, 0);
    throw err;
  }
}
async function timeCalls(fn, n) {
  const lat = [];
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    await fn();
    lat.push(ms(process.hrtime.bigint() - s));
  }
  lat.sort((a, b) => a - b);
  return { p50: pct(lat, 50), p99: pct(lat, 99) };
}
for (let i = 0; i < 50; i++) {
  await plain();
  await guarded();
}
// Interleaved rounds so background load on the shared machine hits both sides alike.
const u = [];
const g = [];
for (let round = 0; round < 5; round++) {
  u.push(await timeCalls(plain, 100));
  g.push(await timeCalls(guarded, 100));
}
const med = (list, k) => list.map((x) => x[k]).sort((a, b) => a - b)[2];
await guard.close();
await mock.close();
console.log('\n### guarded vs unguarded chat completion (memory store, mock-llm on loopback)\n');
console.log('| call | p50 ms | p99 ms |');
console.log('|---|---:|---:|');
console.log(`| unguarded | ${fmt(med(u, 'p50'), 3)} | ${fmt(med(u, 'p99'), 3)} |`);
console.log(`| guarded | ${fmt(med(g, 'p50'), 3)} | ${fmt(med(g, 'p99'), 3)} |`);
console.log(
  `| ratio guarded / unguarded | ${fmt(med(g, 'p50') / med(u, 'p50'), 3)} | ${fmt(med(g, 'p99') / med(u, 'p99'), 3)} |`,
);
