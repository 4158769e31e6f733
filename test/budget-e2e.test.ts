// The budget guard inside the instrumentation, end to end: real `node --import @llmcost/otel/register` apps
// (test/fixtures/budget-e2e/app.mjs, the real openai client) with LLMCOST_BUDGET_FILE written here and
// LLMCOST_REDIS_URL pointing at a real redis-server, mock-llm as the LLM API, an in-process OTLP receiver.
// Each run has its own service name, key prefix and `x-e2e-run` header, so runs share one Redis and one mock.
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './helpers/harness.js';
import type { ReceivedMetric, ReceivedSpan } from './helpers/otlp-receiver.js';
import { type RedisServer, startRedisServer } from './helpers/redis-server.js';
import { FIXTURES, mapLimit, type NodeResult, runNode, SPAWN_CONCURRENCY } from './helpers/run-node.js';

const APP_DIR = `${FIXTURES}budget-e2e`;
const NANOS_PER_USD = 1e9; // the Redis store's integer unit (see packages/budget/src/money.ts)

interface Call {
  userId: string;
  tier?: string;
  feature: string;
  model: string;
  maxTokens?: number;
}

interface Outcome {
  ok: boolean;
  model?: string;
  name?: string;
  reason?: string;
  scope?: string;
  subject?: string;
  retryAfterSeconds?: number;
  message?: string;
}

interface Run {
  result: NodeResult;
  outcomes: Outcome[];
}

const chat = (userId: string, extra: Partial<Call> = {}): Call => ({
  userId,
  feature: 'chat',
  model: 'gpt-4o',
  maxTokens: 100,
  ...extra,
});

// A gpt-4o call with max_tokens 100 reserves about $0.0012 and costs about $0.0006 on mock-llm (60 output
// tokens): a $0.003 hourly cap lets a few calls through and then rejects, whatever the exact prices are.
const FREE_TIER = `
users:
  default: { hourUsd: 10 }
  tiers:
    free: { hourUsd: 0.003 }
global: { monthUsd: 1000 }
`;

const BUDGETS: Record<string, string> = {
  cap: FREE_TIER,
  shared: FREE_TIER,
  // One gpt-4o call (~$0.0006) takes the global month past 1% of $0.05: the next summarize call is downgraded.
  downgrade: `
global: { monthUsd: 0.05 }
downgrade:
  - whenGlobalUtilisationAbove: 0.01
    features: [summarize]
    from: gpt-4o
    to: gpt-4o-mini
`,
  // Spike threshold: 0.1% of the $1 global day = $0.001, crossed by the second ~$0.0006 call of one user.
  spike: `
users:
  default: { hourUsd: 10 }
global: { dayUsd: 1, monthUsd: 30 }
userSpike: { shareOfGlobalDay: 0.001 }
`,
  // Expected-cost reservations learn from two completed calls (mock-llm answers 60 tokens).
  learn: `
users:
  default: { hourUsd: 10 }
expectedOutput: { minSamples: 2 }
`,
};

let h: Harness;
let redis: RedisServer;
let dir: string;
const runs: Record<string, Run> = {};

beforeAll(async () => {
  [h, redis] = await Promise.all([startHarness(), startRedisServer()]);
  dir = await mkdtemp(join(tmpdir(), 'llmcost-budget-e2e-'));
  const written = new Set<string>();
  const app = (run: string, calls: Call[], budget = run) => {
    const file = join(dir, `${budget}.yaml`);
    // Once per budget: a second write could truncate the file while the first process reads it.
    if (!written.has(budget)) writeFileSync(file, `keyPrefix: "{e2e-${budget}}"\n${BUDGETS[budget]}`);
    written.add(budget);
    return runNode({
      cwd: APP_DIR,
      args: ['--import', '@llmcost/otel/register', 'app.mjs'],
      env: h.env(run, {
        RUN: run,
        CALLS: JSON.stringify(calls),
        LLMCOST_BUDGET_FILE: file,
        LLMCOST_REDIS_URL: redis.url,
      }),
    }).then((result) => {
      runs[run] = { result, outcomes: parseOutcomes(result.stdout) };
    });
  };
  const free = (n: number) => Array.from({ length: n }, () => chat('free-user', { tier: 'free' }));
  await mapLimit(
    [
      () => app('cap', free(6)),
      () =>
        app('downgrade', [
          chat('analyst', { feature: 'summarize' }),
          chat('analyst', { feature: 'summarize' }),
          chat('analyst', { feature: 'chat' }),
        ]),
      () =>
        app('spike', [
          chat('whale'),
          chat('minnow', { model: 'gpt-4o-mini', maxTokens: 10 }),
          chat('whale'),
          chat('whale'),
        ]),
      // The second process reserves from what the first one's calls produced.
      () =>
        app(
          'learn-1',
          [chat('learner', { maxTokens: undefined }), chat('learner', { maxTokens: undefined })],
          'learn',
        ).then(() => app('learn-2', [chat('learner', { maxTokens: undefined })], 'learn')),
      // Two processes, one user, one store.
      () =>
        Promise.all([
          app(
            'shared-1',
            free(6).map((c) => ({ ...c, userId: 'shared-user' })),
            'shared',
          ),
          app(
            'shared-2',
            free(6).map((c) => ({ ...c, userId: 'shared-user' })),
            'shared',
          ),
        ]).then(() => {}),
    ],
    Math.max(1, Math.floor(SPAWN_CONCURRENCY / 2)),
    (start) => start(),
  );
}, 300_000);

afterAll(async () => {
  await Promise.all([h?.close(), redis?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

function parseOutcomes(stdout: string): Outcome[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Outcome);
}

const requestsOf = (run: string) => h.mock.requests.filter((r) => r.headers['x-e2e-run'] === run);

/** The points of a counter in the last export of a service (cumulative temporality: the final values). */
function lastPoints(metrics: ReceivedMetric[], name: string) {
  const exports = metrics.filter((m) => m.name === name);
  return exports[exports.length - 1]?.points ?? [];
}

/** Sum of the Redis counters matching a key pattern (all windows of a scope), in nano-dollars. */
function redisNanos(pattern: string): number {
  const keys = redis.cli('--scan', '--pattern', pattern).split('\n').filter(Boolean);
  return keys.reduce((sum, key) => sum + Number(redis.cli('GET', key)), 0);
}

const costNanos = (spans: ReceivedSpan[]) =>
  spans.reduce(
    (sum, s) => sum + Math.round((s.attributes['gen_ai.usage.cost'] as number) * NANOS_PER_USD),
    0,
  );

describe('budget guard in the instrumentation, against Redis (out of process)', () => {
  it('every app exits cleanly and prints one outcome per call', () => {
    const expected: Record<string, number> = {
      cap: 6,
      downgrade: 3,
      spike: 4,
      'shared-1': 6,
      'shared-2': 6,
      'learn-1': 2,
      'learn-2': 1,
    };
    for (const [run, n] of Object.entries(expected)) {
      expect(runs[run]?.result.stderr, run).toBe('');
      expect(runs[run]?.result.code, run).toBe(0);
      expect(runs[run]?.outcomes, run).toHaveLength(n);
    }
  });

  it('cuts a free-tier user off at the hourly cap, before any request reaches the LLM API', () => {
    const { outcomes } = runs.cap!;
    const allowed = outcomes.filter((o) => o.ok).length;
    expect(allowed).toBeGreaterThan(0);
    expect(allowed).toBeLessThan(outcomes.length);
    // Allowed calls first, then only rejections: spend never goes down within the hour.
    expect(outcomes.map((o) => o.ok)).toEqual(outcomes.map((_, i) => i < allowed));
    for (const o of outcomes.slice(allowed)) {
      expect(o).toMatchObject({
        name: 'BudgetExceededError',
        reason: 'hour_limit',
        scope: 'user',
        subject: 'free-user',
      });
      expect(o.retryAfterSeconds).toBeGreaterThan(0);
      expect(o.retryAfterSeconds).toBeLessThanOrEqual(3600);
      expect(o.message).toContain('free-user');
    }
    expect(requestsOf('cap')).toHaveLength(allowed);
  });

  it('marks the rejected calls on their spans and counts them by scope and reason', () => {
    const spans = h.llmSpans('cap');
    expect(spans).toHaveLength(6);
    const rejected = spans.filter((s) => s.attributes['llmcost.budget.decision'] === 'rejected');
    const nRejected = runs.cap!.outcomes.filter((o) => !o.ok).length;
    expect(rejected).toHaveLength(nRejected);
    for (const s of rejected) {
      expect(s.attributes['error.type']).toBe('BudgetExceededError');
      expect(s.attributes['gen_ai.usage.cost']).toBeUndefined();
    }
    const points = lastPoints(h.metrics('cap'), 'llmcost.budget.rejections');
    expect(points).toEqual([
      {
        attributes: { 'llmcost.budget.scope': 'user', 'llmcost.budget.reason': 'hour_limit' },
        value: nRejected,
      },
    ]);
  });

  it('allowed calls carry their reservation, and Redis holds exactly the sum of their actual costs', () => {
    const allowed = h.llmSpans('cap').filter((s) => s.attributes['llmcost.budget.decision'] === 'allowed');
    expect(allowed).toHaveLength(runs.cap!.outcomes.filter((o) => o.ok).length);
    for (const s of allowed) {
      const cost = s.attributes['gen_ai.usage.cost'] as number;
      expect(cost).toBeGreaterThan(0);
      // Reserved the worst case, settled to the actual cost.
      expect(s.attributes['llmcost.budget.reserved_usd']).toBeGreaterThan(cost);
    }
    const spent = costNanos(allowed);
    expect(redisNanos('{e2e-cap}:u:free-user:h:*')).toBe(spent);
    expect(redisNanos('{e2e-cap}:g:m:*')).toBe(spent);
    expect(redis.cli('ZCARD', '{e2e-cap}:open')).toBe('0'); // no reservation left open
  });

  it('downgrades a summarize call once global utilisation is past the threshold', () => {
    const { outcomes } = runs.downgrade!;
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const sent = requestsOf('downgrade').map((r) => (r.body as { model: string }).model);
    // First call at 0% utilisation: as asked. Second: past 1%, summarize is downgraded. Third: chat is not.
    expect(sent).toEqual(['gpt-4o', 'gpt-4o-mini', 'gpt-4o']);
    const spans = h.llmSpans('downgrade');
    const downgraded = spans.filter((s) => s.attributes['llmcost.budget.decision'] === 'downgraded');
    expect(downgraded).toHaveLength(1);
    expect(downgraded[0]!.attributes).toMatchObject({
      'llmcost.budget.downgraded_from': 'gpt-4o',
      'gen_ai.request.model': 'gpt-4o-mini',
      'llmcost.feature': 'summarize',
    });
    const allowed = spans.filter((s) => s.attributes['llmcost.budget.decision'] === 'allowed');
    expect(allowed).toHaveLength(2);
    // The reservation was made at the cheaper model's price.
    const reserved = (s: ReceivedSpan) => s.attributes['llmcost.budget.reserved_usd'] as number;
    expect(reserved(downgraded[0]!)).toBeLessThan(reserved(allowed[0]!));
    expect(lastPoints(h.metrics('downgrade'), 'llmcost.budget.downgrades')).toEqual([
      {
        attributes: {
          'llmcost.budget.scope': 'global',
          'llmcost.budget.reason': 'global_utilisation',
          'llmcost.feature': 'summarize',
          'gen_ai.request.model': 'gpt-4o',
        },
        value: 1,
      },
    ]);
  });

  it('two processes sharing the Redis store enforce one cap together', () => {
    const outcomes = [...runs['shared-1']!.outcomes, ...runs['shared-2']!.outcomes];
    const allowed = outcomes.filter((o) => o.ok).length;
    // One process alone got `alone` of its 6 calls through this cap; two get no more together (with a cap
    // per process they would get twice as many).
    const alone = runs.cap!.outcomes.filter((o) => o.ok).length;
    expect(alone).toBeLessThan(6);
    expect(allowed).toBeGreaterThan(0);
    expect(allowed).toBeLessThanOrEqual(alone);
    for (const o of outcomes.filter((x) => !x.ok)) expect(o).toMatchObject({ reason: 'hour_limit' });
    expect(requestsOf('shared-1').length + requestsOf('shared-2').length).toBe(allowed);
    const spans = [...h.llmSpans('shared-1'), ...h.llmSpans('shared-2')].filter(
      (s) => s.attributes['llmcost.budget.decision'] === 'allowed',
    );
    expect(redisNanos('{e2e-shared}:u:shared-user:h:*')).toBe(costNanos(spans));
    expect(redisNanos('{e2e-shared}:u:shared-user:h:*')).toBeLessThanOrEqual(0.003 * NANOS_PER_USD);
  });

  // The span event `llmcost.user.spend_alert` is not asserted: the instrumentation ends the span before it
  // settles the budget, so the event never reaches the call's span (reported to the otel owner).
  it("a user's spend spike is counted for that user only", () => {
    expect(runs.spike!.outcomes.every((o) => o.ok)).toBe(true);
    const whale = h.llmSpans('spike').filter((s) => s.attributes['user.id'] === 'whale');
    expect(whale).toHaveLength(3);
    // Past the threshold ($0.001 = 0.1% of the $1 day) within the hour: the whale, not the minnow.
    expect(costNanos(whale)).toBeGreaterThan(0.001 * NANOS_PER_USD);
    expect(costNanos(h.llmSpans('spike').filter((s) => s.attributes['user.id'] === 'minnow'))).toBeLessThan(
      0.001 * NANOS_PER_USD,
    );
    expect(lastPoints(h.metrics('spike'), 'llmcost.user.spend_alerts')).toEqual([
      { attributes: { 'user.id': 'whale' }, value: 1 },
    ]);
  });

  it('a call without max_tokens reserves the output its feature and model produced, learnt through Redis from another process', () => {
    const reserved = (s: ReceivedSpan) => s.attributes['llmcost.budget.reserved_usd'] as number;
    const first = h.llmSpans('learn-1');
    expect(first).toHaveLength(2);
    // No observations yet: the default of 1,024 output tokens ($10 per million for gpt-4o).
    for (const s of first) expect(reserved(s)).toBeGreaterThan(0.01024);
    const [second] = h.llmSpans('learn-2');
    expect(second!.attributes['gen_ai.usage.output_tokens']).toBe(60);
    const cost = second!.attributes['gen_ai.usage.cost'] as number;
    // The input bound plus the 60 tokens each earlier call produced: a little above the actual cost.
    expect(reserved(second!)).toBeGreaterThanOrEqual(cost);
    expect(reserved(second!)).toBeLessThan(cost + 0.0005);
    expect(redis.cli('LRANGE', '{e2e-learn}:o:chat:gpt-4o', '0', '-1').split('\n')).toEqual([
      '60',
      '60',
      '60',
    ]);
  });
});
