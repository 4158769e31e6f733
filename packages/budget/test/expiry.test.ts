import { createBudgetGuard } from '@llmcost/budget';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedPricing, request } from './helpers/fixed-pricing.js';
import { startRedis, type TestRedis, until } from './helpers/redis-server.js';

describe('unsettled reservations expire by themselves (real clock, Redis)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('a reservation never settled (a crashed process) frees its budget after reservationTtlSeconds', async () => {
    const config = { store: redis.url, users: { default: { hourUsd: 0.0125 } }, reservationTtlSeconds: 1 };
    const crashed = createBudgetGuard(config, { pricing: fixedPricing(), env: {} });
    const alice = request({ userId: 'alice' });
    expect((await crashed.reserve(alice)).decision).toBe('allowed');
    await crashed.close(); // the process is gone; its reservation was never settled

    const survivor = createBudgetGuard(config, { pricing: fixedPricing(), env: {} });
    expect((await survivor.check(alice)).decision).toBe('rejected');
    await until(
      async () => (await survivor.check(alice)).decision === 'allowed',
      10_000,
      'the reservation to expire',
    );
    await survivor.close();
  });
});
