import type { BudgetGuard } from '@llmcost/budget';
import { describe, expect, it } from 'vitest';
import { request } from './helpers/fixed-pricing.js';
import { storeFixtures } from './helpers/stores.js';
import { until } from './helpers/until.js';

// With the fixed prices, request() has a 1000-byte prompt: $0.0025 of input at its byte bound, and each
// output token costs $0.00001.
const INPUT = 0.0025;
const PER_TOKEN = 10 / 1e6;
const unbounded = request({ userId: 'u', feature: 'chat', maxOutputTokens: undefined });

async function observe(guard: BudgetGuard, outputTokens: number, req: object = unbounded) {
  const d = await guard.reserve(req as typeof unbounded);
  if (d.decision === 'rejected') throw d.error;
  await guard.settle(d.reservation, INPUT + outputTokens * PER_TOKEN, { outputTokens });
}

/** What `reserve` would hold now; on Redis, once this guard's copy of the observations caught up. */
async function reserveUsd(guard: BudgetGuard, req: object, expected: number): Promise<number> {
  let last = Number.NaN;
  await until(
    async () => {
      const c = await guard.check(req as typeof unbounded);
      if (c.decision === 'rejected') throw c.error;
      last = c.reserveUsd;
      return Math.abs(last - expected) < 1e-12;
    },
    5000,
    `a reservation of ${expected} (last ${last})`,
  );
  return last;
}

describe.each(storeFixtures())('expected-cost reservations on the $name store', (store) => {
  const config = {
    expectedOutput: { quantile: 0.8, window: 10, minSamples: 5, defaultTokens: { 'gpt-4o': 600 } },
  };

  it('holds the family default until minSamples calls completed, then their quantile; never above max_tokens', async () => {
    const { guard, clock } = store.guard(config);
    const first = await guard.check(unbounded);
    if (first.decision === 'rejected') throw first.error;
    expect(first.reserveUsd).toBeCloseTo(INPUT + 600 * PER_TOKEN, 12);
    expect(first.worstCaseUsd).toBeCloseTo(INPUT + 16_384 * PER_TOKEN, 12);
    for (const tokens of [100, 200, 300, 400]) await observe(guard, tokens);
    // Settled without an output count (failed, cut, abandoned): no observation.
    const failed = await guard.reserve(unbounded);
    if (failed.decision === 'rejected') throw failed.error;
    await guard.settle(failed.reservation, 0);
    clock.now += 1000; // past the Redis copy's refresh interval
    await guard.check(unbounded);
    const c = await guard.check(unbounded);
    if (c.decision === 'rejected') throw c.error;
    expect(c.reserveUsd).toBeCloseTo(INPUT + 600 * PER_TOKEN, 12); // four observations: still the default
    await observe(guard, 500);
    clock.now += 1000;
    // Five observations 100..500: the 0.8 quantile (nearest rank) is 400.
    await reserveUsd(guard, unbounded, INPUT + 400 * PER_TOKEN);
    const d = await guard.reserve(unbounded);
    if (d.decision === 'rejected') throw d.error;
    expect(d.reservation.reservedUsd).toBeCloseTo(INPUT + 400 * PER_TOKEN, 12);
    expect('maxOutputTokens' in d).toBe(false); // the request is never rewritten
    const capped = await guard.reserve({ ...unbounded, maxOutputTokens: 250 });
    if (capped.decision === 'rejected') throw capped.error;
    expect(capped.reservation.reservedUsd).toBeCloseTo(INPUT + 250 * PER_TOKEN, 12);
    // Another feature of the same model has its own observations.
    const other = await guard.check({ ...unbounded, feature: 'summarize' });
    if (other.decision === 'rejected') throw other.error;
    expect(other.reserveUsd).toBeCloseTo(INPUT + 600 * PER_TOKEN, 12);
  });

  it('a metered stream under onCapMidStream cut holds streamQuantile (the median by default); under finish the same quantile as any call', async () => {
    const { guard, clock } = store.guard({ expectedOutput: { minSamples: 10 } });
    for (let t = 1; t <= 10; t++) await observe(guard, t * 100);
    clock.now += 1000;
    // 100..1000: p95 (nearest rank) is 1000, the median 500.
    await reserveUsd(guard, unbounded, INPUT + 1000 * PER_TOKEN);
    await reserveUsd(guard, { ...unbounded, stream: true }, INPUT + 500 * PER_TOKEN);
    const { guard: finishing, clock: later } = store.guard({
      expectedOutput: { minSamples: 10 },
      metering: { onCapMidStream: 'finish' },
    });
    for (let t = 1; t <= 10; t++) await observe(finishing, t * 100);
    later.now += 1000;
    await reserveUsd(finishing, { ...unbounded, stream: true }, INPUT + 1000 * PER_TOKEN);
  });

  it('keeps a sliding window: old observations leave it', async () => {
    const { guard, clock } = store.guard({
      expectedOutput: { quantile: 1, window: 5, minSamples: 5 },
    });
    for (let i = 0; i < 5; i++) await observe(guard, 1000);
    clock.now += 1000;
    await reserveUsd(guard, unbounded, INPUT + 1000 * PER_TOKEN);
    for (let i = 0; i < 5; i++) await observe(guard, 50);
    clock.now += 1000;
    await reserveUsd(guard, unbounded, INPUT + 50 * PER_TOKEN);
    const admin = store.admin();
    if (admin) {
      const [key] = await admin.keys('{llmcost}:o:*');
      expect(key).toBe('{llmcost}:o:chat:gpt-4o');
      expect(await admin.lrange(key!, 0, -1)).toEqual(['50', '50', '50', '50', '50']);
      expect(await admin.ttl(key!)).toBeGreaterThan(6 * 24 * 3600);
    }
  });

  it('reserve: worst-case holds max_tokens or the model limit and records no observations', async () => {
    const { guard } = store.guard({ ...config, reserve: 'worst-case' });
    for (let i = 0; i < 6; i++) await observe(guard, 10);
    const c = await guard.check(unbounded);
    if (c.decision === 'rejected') throw c.error;
    expect(c.reserveUsd).toBeCloseTo(INPUT + 16_384 * PER_TOKEN, 12);
    const d = await guard.reserve(unbounded);
    if (d.decision === 'rejected') throw d.error;
    expect(guard.streamMeter(d.reservation)).toBeUndefined();
    const admin = store.admin();
    if (admin) expect(await admin.keys('{llmcost}:o:*')).toEqual([]);
  });

  it('a rejection names the expected cost it could not fit', async () => {
    const { guard } = store.guard({ ...config, users: { default: { hourUsd: 0.01 } } });
    await observe(guard, 600);
    const d = await guard.reserve(unbounded);
    expect(d.decision).toBe('rejected');
    if (d.decision !== 'rejected') return;
    expect(d.error.message).toMatch(
      /^budget exceeded: user u hourly cap \$0\.01 \(spent \$0\.0085, this call is expected to cost \$0\.00\d+\); resets at /,
    );
  });
});

describe('expected-cost observations are shared through Redis', () => {
  const [, redis] = storeFixtures();

  it('a second process reads the first one’s observations on its first call, and new ones within a second', async () => {
    const config = { expectedOutput: { quantile: 0.5, window: 100, minSamples: 3 } };
    const a = redis!.guard(config);
    for (const tokens of [100, 200, 300]) await observe(a.guard, tokens);
    const b = redis!.guard(config);
    const first = await b.guard.check(unbounded);
    if (first.decision === 'rejected') throw first.error;
    expect(first.reserveUsd).toBeCloseTo(INPUT + 200 * PER_TOKEN, 12);
    for (const tokens of [900, 900, 900]) await observe(a.guard, tokens);
    b.clock.now += 1000;
    await reserveUsd(b.guard, unbounded, INPUT + 300 * PER_TOKEN);
  });
});
