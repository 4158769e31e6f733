// One process of bench/budget-replay.bench.mjs: replays its share of the workload (call i where i % P == k)
// through a real BudgetGuard on the shared Redis, `CONCURRENCY` calls in flight, and prints one JSON line
// with what happened to each call and how long the guard took. Started and driven by the bench (stdin "go").
import { performance } from 'node:perf_hooks';
import { setImmediate as tick } from 'node:timers/promises';
import { createBudgetGuard } from '@llmcost/budget';
import { computeCost } from '@llmcost/pricing';
import { BLOCK, BUDGET, WORDS, workload } from './budget-workload.mjs';

const { REDIS_URL, POLICY, WORKER, WORKERS, CALLS, CONCURRENCY, START, T0, PREFIX } = process.env;
const POLICIES = {
  'worst-case': { reserve: 'worst-case' },
  'expected-cost': { reserve: 'expected', metering: { onCapMidStream: 'finish' } },
  'expected-cost + cut-off': { reserve: 'expected', metering: { onCapMidStream: 'cut' } },
  // The same, with streams holding the p95 like other calls (the default holds their median).
  'cut-off, streams hold p95': {
    reserve: 'expected',
    metering: { onCapMidStream: 'cut' },
    expectedOutput: { streamQuantile: 0.95 },
  },
};
const start = Number(START);
const guard = createBudgetGuard(
  { ...BUDGET, ...POLICIES[POLICY], store: REDIS_URL, keyPrefix: PREFIX },
  { env: {}, clock: () => Number(T0) + (Date.now() - start) },
);
const mine = workload(Number(CALLS)).filter((c) => c.i % Number(WORKERS) === Number(WORKER));
const wall = () => performance.timeOrigin + performance.now();
const cost = (c, output) => {
  const r = computeCost({ inputTokens: c.inputTokens, outputTokens: output }, c.model, {
    provider: c.provider,
  });
  return r.totalUsd;
};

// Metering writes, timed off the app's path (the stream does not wait for them).
const meterMs = [];
const meter = guard.meter.bind(guard);
guard.meter = async (...args) => {
  const t = performance.now();
  try {
    return await meter(...args);
  } finally {
    meterMs.push(performance.now() - t);
  }
};

const prompts = new Map();
const promptOf = (blocks) => {
  let p = prompts.get(blocks);
  if (p === undefined) {
    p = JSON.stringify([{ role: 'user', content: BLOCK.repeat(blocks) }]);
    prompts.set(blocks, p);
  }
  return p;
};

async function stream(c, m) {
  let emitted = 0;
  let cut = false;
  m?.onCut(() => {
    cut = true;
  });
  let chunks = 0;
  while (emitted < c.output && !cut) {
    const k = Math.min(5, c.output - emitted);
    let text = '';
    for (let j = 0; j < k; j++) text += WORDS[(emitted + j) % WORDS.length];
    m?.addText(text);
    emitted += k;
    // A chunk every event-loop turn, and a millisecond every 20 chunks, so concurrent calls interleave.
    if (++chunks % 20 === 0) await new Promise((r) => setTimeout(r, 1));
    else await tick();
  }
  return { emitted, cut };
}

async function run(c, out) {
  const request = {
    provider: c.provider,
    model: c.model,
    feature: c.feature,
    userId: c.userId,
    tier: c.tier,
    inputText: () => promptOf(c.blocks),
  };
  if (c.maxTokens !== undefined) request.maxOutputTokens = c.maxTokens;
  if (c.stream) request.stream = true;
  const t0 = performance.now();
  const d = await guard.reserve(request);
  out.reserveMs.push(performance.now() - t0);
  const record = { i: c.i, t: wall(), cost: cost(c, c.output) };
  if (d.decision === 'rejected') {
    record.rejected = d.error.reason;
    out.records.push(record);
    return;
  }
  record.reservedUsd = d.reservation.reservedUsd;
  let emitted = c.output;
  let cut = false;
  if (c.stream) {
    ({ emitted, cut } = await stream(c, guard.streamMeter(d.reservation)));
  } else {
    await new Promise((r) => setTimeout(r, 2 + Math.round(c.output / 400)));
  }
  const actual = cost(c, emitted);
  const t1 = performance.now();
  await guard.settle(d.reservation, actual, cut ? {} : { outputTokens: emitted });
  out.settleMs.push(performance.now() - t1);
  Object.assign(record, { settledAt: wall(), actual, cut, emitted });
  out.records.push(record);
}

// Connect and load the reserve script before the clock starts.
await guard.check({ provider: 'openai', model: 'gpt-4o', inputText: () => 'warm-up', maxOutputTokens: 1 });
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
const out = { records: [], reserveMs: [], settleMs: [], meterMs };
let next = 0;
await Promise.all(
  Array.from({ length: Number(CONCURRENCY) }, async () => {
    while (next < mine.length) await run(mine[next++], out);
  }),
);
await guard.close();
process.stdout.write(`${JSON.stringify(out)}\n`);
