import { type BudgetGuard, createBudgetGuard } from '@llmcost/budget';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../../test/helpers/redis-server.js';
import { fixedPricing } from './fixed-pricing.js';

export const T0 = Date.UTC(2026, 10, 22, 21, 30, 0); // 2026-11-22 21:30 UTC

export interface StoreFixture {
  name: 'memory' | 'redis';
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
