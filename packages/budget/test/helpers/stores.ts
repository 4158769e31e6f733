import { type BudgetGuard, createBudgetGuard } from '@llmcost/budget';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../../test/helpers/redis-server.js';
import { fixedPricing } from './fixed-pricing.js';

export const T0 = Date.UTC(2026, 10, 22, 21, 30, 0); // 2026-11-22 21:30 UTC

export interface StoreFixture {
  name: 'memory' | 'redis';
  /** A client of the Redis server (redis fixture only), for looking at keys. */
  admin(): Redis | undefined;
  /** A guard on this store with a fixed price table and a movable clock. */
  guard(config: Record<string, unknown>): {
    guard: BudgetGuard;
    pricing: ReturnType<typeof fixedPricing>;
    clock: { now: number };
  };
}

/**
 * The same test table runs on both stores: registers the hooks that start one redis-server for the file,
 * flush it between tests, and close every guard a test made.
 */
export function storeFixtures(): StoreFixture[] {
  let redis: RedisServer | undefined;
  let admin: Redis | undefined;
  const guards: BudgetGuard[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis(redis.url);
  });
  afterEach(async () => {
    await Promise.all(guards.splice(0).map((g) => g.close()));
    await admin?.flushall();
  });
  afterAll(async () => {
    await admin?.quit();
    await redis?.stop();
  });
  const make = (name: 'memory' | 'redis'): StoreFixture => ({
    name,
    admin: () => (name === 'redis' ? admin : undefined),
    guard(config) {
      const clock = { now: T0 };
      const pricing = fixedPricing();
      const guard = createBudgetGuard(
        { ...config, store: name === 'memory' ? 'memory' : redis!.url },
        { clock: () => clock.now, pricing, env: {} },
      );
      guards.push(guard);
      return { guard, pricing, clock };
    },
  });
  return [make('memory'), make('redis')];
}

/**
 * A scope's counter as the store holds it now (settled spend plus open reservations), in USD, keyed
 * `<scope>:<window>` (e.g. `user:hour`), for the scopes of `request`. Reads the guard's own store.
 */
export async function spentOf(
  guard: BudgetGuard,
  request: { userId?: string; tier?: string; feature?: string },
  nowMs: number,
): Promise<Record<string, number>> {
  const inner = guard as unknown as {
    scopes: { linesFor(r: object, now: number): { lines: { key: string; scope: string; window: string }[] } };
    store: { read(keys: string[], now: number): Promise<number[]> };
  };
  const { lines } = inner.scopes.linesFor(request, nowMs);
  const values = await inner.store.read(
    lines.map((l) => l.key),
    nowMs,
  );
  return Object.fromEntries(lines.map((l, i) => [`${l.scope}:${l.window}`, values[i]! / 1e9]));
}
