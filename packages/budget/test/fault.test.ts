import { type BudgetGuard, createBudgetGuard } from '@llmcost/budget';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/helpers/free-port.js';
import { type RedisServer, startRedisServer } from '../../../test/helpers/redis-server.js';
import { fixedPricing, request } from './helpers/fixed-pricing.js';
import { until } from './helpers/until.js';

const CALL_NANOS = 12_500_000;

describe('Redis killed in the middle of a run, then restarted on the same port', () => {
  let redis: RedisServer;
  let open: BudgetGuard;
  let closed: BudgetGuard;
  const unhandled: unknown[] = [];
  const onUnhandled = (err: unknown) => unhandled.push(err);

  const warnings: string[] = [];
  beforeAll(async () => {
    diag.setLogger(
      {
        error: (m) => warnings.push(m),
        warn: (m) => warnings.push(m),
        info: () => {},
        debug: () => {},
        verbose: () => {},
      },
      DiagLogLevel.WARN,
    );
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    redis = await startRedisServer();
    const config = { store: redis.url, users: { default: { hourUsd: 10 } } };
    open = createBudgetGuard({ ...config, onStoreError: 'open' }, { pricing: fixedPricing(), env: {} });
    closed = createBudgetGuard({ ...config, onStoreError: 'closed' }, { pricing: fixedPricing(), env: {} });
  });
  afterAll(async () => {
    await open.close();
    await closed.close();
    await redis.stop();
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    diag.disable();
  });

  it('keeps serving (open) or rejects cleanly (closed), and settles correctly after recovery', async () => {
    const alice = request({ userId: 'alice' });
    const up = await open.reserve(alice);
    expect(up.decision).toBe('allowed');
    expect((await closed.reserve(alice)).decision).toBe('allowed');

    await redis.kill();
    // The clients notice the closed socket in the background; from then on no call waits for Redis.
    await until(
      async () => (await closed.reserve(alice)).decision === 'rejected',
      10_000,
      'closed guard to reject',
    );
    const rejected = await closed.reserve(alice);
    expect(rejected.decision).toBe('rejected');
    if (rejected.decision === 'rejected') {
      expect(rejected.error).toMatchObject({
        reason: 'store_unavailable',
        scope: 'store',
        retryAfterSeconds: 5,
      });
      expect(rejected.error.message).toBe(
        'budget store unavailable and onStoreError is "closed": call rejected',
      );
    }
    // Fail open: calls go ahead; their settlements wait for Redis.
    const during = await Promise.all(Array.from({ length: 5 }, () => open.reserve(alice)));
    for (const d of during) expect(d.decision).toBe('allowed');
    for (const d of during) if (d.decision !== 'rejected') await open.settle(d.reservation, 0.01);
    // A reservation made before the outage settles during it.
    if (up.decision !== 'rejected') await open.settle(up.reservation, 0.002);

    await redis.restart();
    await until(
      async () => (await closed.reserve(alice)).decision === 'allowed',
      10_000,
      'closed guard to recover',
    );
    // Redis restarted empty (no persistence): only settlements and reservations made since count. The
    // closed guard's probe reservations stay open; their worst case is in the counter until settled.
    const admin = new Redis(redis.url);
    const key = async () => (await admin.keys('{llmcost}:u:alice:h:*'))[0];
    const openHeld = async () => Number(await admin.zcard('{llmcost}:open'));
    const expected = 5 * 10_000_000 + 2_000_000;
    await until(
      async () => {
        const k = await key();
        return k !== undefined && Number(await admin.get(k)) === expected + (await openHeld()) * CALL_NANOS;
      },
      10_000,
      'pending settlements to be replayed',
    );
    // New reservations after recovery settle exactly.
    const after = await open.reserve(alice);
    if (after.decision === 'rejected') throw after.error;
    const before = Number(await admin.get((await key())!));
    await open.settle(after.reservation, 0.003);
    expect(Number(await admin.get((await key())!))).toBe(before - CALL_NANOS + 3_000_000);
    await admin.quit();
    expect(unhandled).toEqual([]);
    // Dozens of failed calls during the outage, but diag heard about each kind of failure once.
    const failed = warnings.filter((w) => w.includes('budget check failed'));
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(warnings.filter((w) => w.includes('(allowing)'))).toHaveLength(1);
    expect(warnings.filter((w) => w.includes('(rejecting)'))).toHaveLength(1);
  });

  it('an outage with many calls prints no MaxListenersExceededWarning (one listener per reconnecting socket)', async () => {
    const emitted: string[] = [];
    const onWarning = (w: Error) => emitted.push(w.name);
    process.on('warning', onWarning);
    try {
      const guard = createBudgetGuard(
        { store: redis.url, onStoreError: 'open', users: { default: { hourUsd: 10 } } },
        { pricing: fixedPricing(), env: {} },
      );
      const round = () =>
        Promise.all(
          Array.from({ length: 30 }, async (_, i) => {
            const d = await guard.reserve(request({ userId: `u${i}` }));
            if (d.decision !== 'rejected') await guard.settle(d.reservation, 0.001);
          }),
        );
      await round();
      await redis.kill();
      // Rounds of calls while ioredis reconnects: each ended the store's hold on a connecting socket, and Node
      // queued one 'connect' listener per unref() (11 of them warned).
      await until(
        async () => {
          await round();
          return (
            (guard as unknown as { store: { client: { status: string } } }).store.client.status ===
            'reconnecting'
          );
        },
        10_000,
        'reconnecting',
      );
      for (let i = 0; i < 5; i++) await round();
      await redis.restart();
      await until(async () => (await guard.reserve(request())).decision === 'allowed', 10_000, 'recovery');
      await round();
      await guard.close();
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(emitted.filter((n) => n === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('a guard whose Redis is not there at start: bounded wait, then the policy; no unhandled errors', async () => {
    const nowhere = `redis://127.0.0.1:${await freePort()}`;
    const config = { store: nowhere, users: { default: { hourUsd: 1 } } };
    const openGuard = createBudgetGuard(
      { ...config, onStoreError: 'open' },
      { pricing: fixedPricing(), env: {} },
    );
    const closedGuard = createBudgetGuard(
      { ...config, onStoreError: 'closed' },
      { pricing: fixedPricing(), env: {} },
    );
    const alice = request({ userId: 'alice' });
    const allowed = await openGuard.reserve(alice);
    expect(allowed.decision).toBe('allowed');
    if (allowed.decision !== 'rejected') await openGuard.settle(allowed.reservation, 0.01);
    expect(await closedGuard.reserve(alice)).toMatchObject({
      decision: 'rejected',
      error: { reason: 'store_unavailable' },
    });
    expect(await closedGuard.check(alice)).toMatchObject({
      decision: 'rejected',
      error: { reason: 'store_unavailable' },
    });
    await openGuard.close();
    await closedGuard.close();
    expect(unhandled).toEqual([]);
  });
});

describe('a slow Redis (a reply later than commandTimeout)', () => {
  let redis: RedisServer;
  let admin: Redis;
  let guard: BudgetGuard;
  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis(redis.url);
    guard = createBudgetGuard(
      { store: redis.url, onStoreError: 'closed', users: { default: { hourUsd: 10 } } },
      { pricing: fixedPricing(), env: {} },
    );
    // Connected before Redis is made slow.
    await guard
      .reserve(request({ userId: 'warm-up' }))
      .then((d) => 'reservation' in d && guard.settle(d.reservation!, 0));
  });
  afterAll(async () => {
    await guard.close();
    admin.disconnect();
    await redis.stop();
  });

  it('leaves no phantom reservation: the one written after the timeout is released, not held until its TTL', async () => {
    // Redis holds every client's commands for 1.5 s (the store's commandTimeout is 1 s), then runs them.
    await admin.client('PAUSE', '1500');
    // Sent while paused: no reply within the timeout, so the guard applies onStoreError (closed).
    const decision = await guard.reserve(request({ userId: 'u-slow' }));
    expect(decision.decision).toBe('rejected');
    // Redis then ran the reservation script; the release sent after it leaves nothing open and nothing spent.
    await until(async () => (await admin.zcard('{llmcost}:open')) === 0, 5_000, 'no open reservation');
    const counters = await admin.keys('{llmcost}:*u-slow*');
    const values = await Promise.all(counters.map((k) => admin.get(k)));
    expect(values.map(Number)).toEqual(values.map(() => 0));
  });
});
