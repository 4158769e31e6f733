#!/usr/bin/env node
// Budget policies replayed on a realistic workload (bench/lib/budget-workload.mjs: four features with
// long-tailed output lengths, free and pro users with a heavy-tailed share of the calls, 20% of the calls
// without max_tokens, most chat and code calls streamed) by concurrent processes sharing one real Redis,
// under the three policies: worst-case, expected-cost (streams metered, allowed to finish past a cap) and
// expected-cost with the stream cut-off. For each: calls rejected although every cap had room for their
// actual cost (false rejections), actual spend above each cap (overshoot), Redis commands per call (from
// INFO commandstats), and the guard's time per call. Policies run in interleaved rounds, each from an empty
// Redis. Runs on the BUILT packages: npx -y pnpm@10 run build && node bench/budget-replay.bench.mjs
// Env: CALLS (default 8000), WORKERS (4), CONCURRENCY (8 per process), ROUNDS (2).
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { analyse } from './lib/budget-replay-analysis.mjs';
import { MODELS, workload } from './lib/budget-workload.mjs';
import { startRedis } from './lib/redis-server.mjs';
import { fmt, machineLine } from './lib/stats.mjs';

const CALLS = Number(process.env.CALLS ?? 8000);
const WORKERS = Number(process.env.WORKERS ?? 4);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const POLICIES = ['worst-case', 'expected-cost', 'expected-cost + cut-off', 'cut-off, streams hold p95'];
const T0 = Date.UTC(2026, 10, 23, 10, 1, 0);
// One metering interval (everyTokens = 200, the default) of the most expensive output here (claude-sonnet-4-5).
const INTERVAL_USD = (200 * Math.max(...Object.values(MODELS).map((m) => m.output))) / 1e6;
const worker = fileURLToPath(new URL('./lib/budget-replay-worker.mjs', import.meta.url));

function startWorker(redisUrl, policy, k, start, prefix) {
  const child = spawn(process.execPath, [worker], {
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      POLICY: policy,
      WORKER: String(k),
      WORKERS: String(WORKERS),
      CALLS: String(CALLS),
      CONCURRENCY: String(CONCURRENCY),
      START: String(start),
      T0: String(T0),
      PREFIX: prefix,
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  let onReady;
  const ready = new Promise((r) => {
    onReady = r;
  });
  child.stdout.on('data', (c) => {
    out += c;
    if (out.startsWith('ready\n')) onReady();
  });
  const result = new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()))
        : reject(new Error(`worker ${k}: ${code}`)),
    ),
  );
  return { child, ready, result };
}

function commandStats(redis) {
  const stats = {};
  for (const line of redis.cli('INFO', 'commandstats').split('\n')) {
    const m = /^cmdstat_(\w+):calls=(\d+)/.exec(line.trim());
    if (m) stats[m[1]] = Number(m[2]);
  }
  return stats;
}

const pct = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const WRITES = ['incrby', 'decrby', 'zadd', 'zrem', 'lpush', 'ltrim', 'expire'];

async function replay(redis, policy, round) {
  redis.cli('FLUSHALL');
  const start = Date.now() + 2000;
  const prefix = `{bench-${round}}`;
  const workers = Array.from({ length: WORKERS }, (_, k) => startWorker(redis.url, policy, k, start, prefix));
  await Promise.all(workers.map((w) => w.ready));
  redis.cli('CONFIG', 'RESETSTAT');
  const load = os.loadavg()[0];
  const t = performance.now();
  for (const w of workers) w.child.stdin.end('go\n');
  const results = await Promise.all(workers.map((w) => w.result));
  const seconds = (performance.now() - t) / 1000;
  const stats = commandStats(redis);
  const records = results.flatMap((r) => r.records);
  const a = analyse(workload(CALLS), records);
  const n = records.length;
  return {
    policy,
    round,
    load: `${load.toFixed(1)}-${os.loadavg()[0].toFixed(1)}`,
    seconds,
    ...a,
    scriptsPerCall: ((stats.evalsha ?? 0) + (stats.eval ?? 0)) / n,
    readsPerCall: (stats.lrange ?? 0) / n,
    writesPerCall: WRITES.reduce((s, c) => s + (stats[c] ?? 0), 0) / n,
    meterWrites: results.reduce((s, r) => s + r.meterMs.length, 0),
    reserve: results.flatMap((r) => r.reserveMs),
    settle: results.flatMap((r) => r.settleMs),
    meter: results.flatMap((r) => r.meterMs),
  };
}

const redis = await startRedis();
const rows = [];
try {
  for (let round = 1; round <= ROUNDS; round++)
    for (const policy of POLICIES) rows.push(await replay(redis, policy, round));
} finally {
  redis.stop();
}

const calls = workload(CALLS);
const noMax = calls.filter((c) => c.maxTokens === undefined).length;
console.log(`### budget policies replayed (${machineLine()})\n`);
console.log(
  `${CALLS} calls (${fmt((noMax / CALLS) * 100, 0)}% without max_tokens, ${fmt((calls.filter((c) => c.stream).length / CALLS) * 100, 0)}% streamed), ` +
    `${WORKERS} processes x ${CONCURRENCY} in flight, one Redis; one metering interval (200 output tokens of ` +
    `claude-sonnet-4-5) = $${INTERVAL_USD.toFixed(4)}; load = 1-minute load average at start-end of the run.\n`,
);
console.log(
  '| policy | round | load | rejected | false rejections | streams cut | scopes over cap | max overshoot | total overshoot | Redis scripts / call | writes / call | reads / call | reserve p50 / p99 ms | settle p99 ms | meter writes (p99 ms) |',
);
console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const share = (x) => `${x} (${fmt((x / r.calls) * 100, 2)}%)`;
  console.log(
    `| ${r.policy} | ${r.round} | ${r.load} | ${share(r.rejected)} | ${share(r.falseRejections)} | ${r.cut} of ${r.streams} | ${r.overshootScopes} | ` +
      `$${r.overshootMax.toFixed(5)} (${fmt(r.overshootMax / INTERVAL_USD, 2)} intervals) | $${r.overshootTotal.toFixed(5)} | ` +
      `${fmt(r.scriptsPerCall, 2)} | ${fmt(r.writesPerCall, 1)} | ${fmt(r.readsPerCall, 3)} | ` +
      `${fmt(pct(r.reserve, 50), 3)} / ${fmt(pct(r.reserve, 99), 3)} | ${fmt(pct(r.settle, 99), 3)} | ${r.meterWrites} (${fmt(pct(r.meter, 99), 3)}) |`,
  );
}
if (process.env.DETAIL)
  for (const r of rows) console.log(r.policy, r.round, JSON.stringify(r.falseBy), r.overshootMaxScope);
const worst = rows.filter((r) => r.policy === 'worst-case');
console.log(
  `\nreserve p99 ratio to worst-case in the same round: ${rows
    .filter((r) => r.policy !== 'worst-case')
    .map(
      (r) => `${r.policy} r${r.round} ${fmt(pct(r.reserve, 99) / pct(worst[r.round - 1].reserve, 99), 2)}x`,
    )
    .join(', ')}`,
);
