import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createBudgetGuard } from '@llmcost/budget';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../test/helpers/redis-server.js';
import { fixedPricing, request } from './helpers/fixed-pricing.js';

// request() reserves $0.0125 and each call settles to exactly that: the cap fits 10 calls.
const HOUR_USD = 0.125;
const PROCESSES = 4;
const CALLS = 50;

interface ChildResult {
  allowed: number;
  rejected: number;
  errors: string[];
}

function startChild(url: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./helpers/concurrency-child.ts', import.meta.url))],
    {
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
        REDIS_URL: url,
        HOUR_USD: String(HOUR_USD),
        CALLS: String(CALLS),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let out = '';
  let onReady: () => void;
  const ready = new Promise<void>((r) => {
    onReady = r;
  });
  child.stdout.on('data', (chunk) => {
    out += chunk;
    if (out.startsWith('ready\n')) onReady();
  });
  const result = new Promise<ChildResult>((resolve, reject) => {
    child.once('exit', (code) => {
      const last = out.trim().split('\n').pop()!;
      if (code !== 0) reject(new Error(`child exited ${code}: ${out}`));
      else resolve(JSON.parse(last));
    });
  });
  return { child, ready, result };
}

describe('concurrent reservations', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it(`${PROCESSES} processes x ${CALLS} concurrent calls on Redis: at most 10 fit, spend never above the cap`, async () => {
    const children = Array.from({ length: PROCESSES }, () => startChild(redis.url));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.child.stdin.end('go\n');
    const results = await Promise.all(children.map((c) => c.result));
    const allowed = results.reduce((n, r) => n + r.allowed, 0);
    const rejected = results.reduce((n, r) => n + r.rejected, 0);
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(allowed + rejected).toBe(PROCESSES * CALLS);
    expect(allowed).toBe(10);

    const admin = new Redis(redis.url);
    const [key] = await admin.keys('{llmcost}:u:hot:h:*');
    const spentNanos = Number(await admin.get(key!));
    expect(await admin.zcard('{llmcost}:open')).toBe(0);
    await admin.quit();
    expect(spentNanos).toBeLessThanOrEqual(HOUR_USD * 1e9);
    expect(spentNanos).toBe(allowed * 12_500_000);
  });

  it(`${PROCESSES * CALLS} concurrent calls on the memory store in one process: at most 10 fit`, async () => {
    const guard = createBudgetGuard(
      { users: { default: { hourUsd: HOUR_USD } } },
      { pricing: fixedPricing(), env: {} },
    );
    const hot = request({ userId: 'hot' });
    let settledUsd = 0;
    const decisions = await Promise.all(
      Array.from({ length: PROCESSES * CALLS }, async () => {
        const d = await guard.reserve(hot);
        if (d.decision !== 'rejected') {
          await guard.settle(d.reservation, d.reservation.reservedUsd);
          settledUsd += d.reservation.reservedUsd;
        }
        return d.decision;
      }),
    );
    expect(decisions.filter((d) => d === 'allowed')).toHaveLength(10);
    expect(settledUsd).toBeLessThanOrEqual(HOUR_USD + 1e-12);
    expect((await guard.check(hot)).decision).toBe('rejected');
    await guard.close();
  });
});
