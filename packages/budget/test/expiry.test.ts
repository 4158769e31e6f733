import { createBudgetGuard } from '@llmcost/budget';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../test/helpers/redis-server.js';
import { fixedPricing, request } from './helpers/fixed-pricing.js';
import { until } from './helpers/until.js';

describe('unsettled reservations expire by themselves (real clock, Redis)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
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
