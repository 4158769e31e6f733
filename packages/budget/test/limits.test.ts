import { type BudgetDecision, BudgetExceededError } from '@llmcost/budget';
import { describe, expect, it } from 'vitest';
import { request } from './helpers/fixed-pricing.js';
import { storeFixtures } from './helpers/stores.js';

// With the fixed prices, request() costs at most 1000 x $2.50/M + 1000 x $10/M = $0.0125.
const CALL = 0.0125;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function rejection(decision: BudgetDecision): BudgetExceededError {
  expect(decision.decision).toBe('rejected');
  if (decision.decision !== 'rejected') throw new Error('not rejected');
  expect(decision.error).toBeInstanceOf(BudgetExceededError);
  return decision.error as BudgetExceededError;
}

async function spend(
  guard: { reserve: Function; settle: Function },
  req: object,
  actual = CALL,
): Promise<BudgetDecision> {
  const d: BudgetDecision = await guard.reserve(req);
  if (d.decision !== 'rejected') await guard.settle(d.reservation, actual);
  return d;
}

describe.each(storeFixtures())('budget limits on the $name store', (store) => {
  it('rejects a max_tokens above the per-request cap, or clamps it when the policy says so', async () => {
    const { guard } = store.guard({ perRequest: { maxOutputTokens: 500 } });
    const err = rejection(await guard.reserve(request({ maxOutputTokens: 1000 })));
    expect(err.reason).toBe('max_output_tokens');
    expect(err.scope).toBe('request');
    expect(err.retryAfterSeconds).toBeUndefined();
    expect(err.message).toBe(
      'budget exceeded: max_tokens 1000 is over the per-request cap of 500 (lower max_tokens)',
    );

    const { guard: clamping } = store.guard({
      perRequest: { maxOutputTokens: 500, onMaxOutputTokens: 'clamp' },
    });
    const clamped = await clamping.reserve(request({ maxOutputTokens: 1000 }));
    expect(clamped).toMatchObject({ decision: 'allowed', maxOutputTokens: 500 });
    if (clamped.decision === 'allowed')
      expect(clamped.reservation.reservedUsd).toBeCloseTo(0.0025 + 0.005, 12);
    // No max_tokens at all: the request gets the cap, and the cap is the worst case.
    const unset = await guard.reserve(request({ maxOutputTokens: undefined }));
    expect(unset).toMatchObject({ decision: 'allowed', maxOutputTokens: 500 });
    // Within the cap: untouched.
    const fine = await guard.reserve(request({ maxOutputTokens: 200 }));
    expect(fine.decision).toBe('allowed');
    expect('maxOutputTokens' in fine).toBe(false);
  });

  it('tokenizes the prompt only when its byte length exceeds maxInputTokens', async () => {
    const { guard, pricing } = store.guard({ perRequest: { maxInputTokens: 300 } });
    expect((await guard.reserve(request({ bytes: 300 }))).decision).toBe('allowed');
    expect(pricing.exactCounts).toBe(0);
    // 600 bytes but about 100 tokens: the bound does not fit, the exact count does.
    const words = 'hello '.repeat(100);
    expect((await guard.reserve(request({ inputText: () => words }))).decision).toBe('allowed');
    expect(pricing.exactCounts).toBe(1);
    const long = 'hello '.repeat(400);
    const err = rejection(await guard.reserve(request({ inputText: () => long })));
    expect(err.reason).toBe('max_input_tokens');
    expect(err.message).toMatch(
      /^budget exceeded: the request has 40\d input tokens, over the per-request cap of 300$/,
    );
  });

  it('puts calls with no user into one capped anonymous bucket (users.default caps unless users.anonymous says)', async () => {
    const { guard } = store.guard({ users: { default: { hourUsd: 0.03 } } });
    const nobody = request({ userId: undefined });
    for (let i = 0; i < 2; i++) expect((await spend(guard, nobody)).decision).toBe('allowed');
    const err = rejection(await guard.reserve(nobody));
    expect(err).toMatchObject({ reason: 'hour_limit', scope: 'user', subject: 'anonymous', window: 'hour' });
    expect(err.message).toMatch(/^budget exceeded: user anonymous hourly cap \$0\.03 /);
    // A real user named "anonymous" has a bucket of their own.
    expect((await guard.reserve(request({ userId: 'anonymous' }))).decision).toBe('allowed');

    const { guard: own } = store.guard({
      users: { default: { hourUsd: 0.03 }, anonymous: { hourUsd: 0.01 } },
    });
    expect((await spend(own, nobody)).decision).toBe('rejected');
    const { guard: tracked } = store.guard({ users: { default: { hourUsd: 0.03 }, anonymous: {} } });
    for (let i = 0; i < 5; i++) expect((await spend(tracked, nobody)).decision).toBe('allowed');
  });

  it('caps a user per hour, says when the cap resets, and allows again in the next hour', async () => {
    const { guard, pricing, clock } = store.guard({ users: { default: { hourUsd: 0.05 } } });
    const alice = request({ userId: 'alice' });
    for (let i = 0; i < 4; i++) expect((await spend(guard, alice)).decision).toBe('allowed');
    expect(pricing.exactCounts).toBe(0);
    const err = rejection(await guard.reserve(alice));
    // The bound did not fit, so the exact count was tried before rejecting.
    expect(pricing.exactCounts).toBe(1);
    expect(err).toMatchObject({ reason: 'hour_limit', scope: 'user', subject: 'alice', window: 'hour' });
    expect(err.limitUsd).toBe(0.05);
    expect(err.spentUsd).toBeCloseTo(0.05, 12);
    expect(err.retryAfterSeconds).toBe(1800);
    // The exact count (about 125 tokens for 1000 x) made the worst case smaller, yet still too much.
    expect(err.requestedUsd).toBeLessThan(0.0125);
    expect(err.message).toMatch(
      /^budget exceeded: user alice hourly cap \$0\.05 \(spent \$0\.05, this call is expected to cost \$0\.01\d*\); resets at 2026-11-22T22:00:00Z \(in 1800 s\)$/,
    );
    // Another user is not affected.
    expect((await guard.reserve(request({ userId: 'bob' }))).decision).toBe('allowed');
    clock.now += HOUR / 2;
    expect((await guard.reserve(alice)).decision).toBe('allowed');
  });

  it('settles to the actual cost: a cheaper call frees the rest of its reservation', async () => {
    const { guard } = store.guard({ users: { default: { hourUsd: 0.05 } } });
    const alice = request({ userId: 'alice' });
    for (let i = 0; i < 10; i++) expect((await spend(guard, alice, 0.004)).decision).toBe('allowed');
    // $0.04 spent: one more worst case of $0.0125 no longer fits, even counted exactly ($0.0103).
    expect((await guard.reserve(alice)).decision).toBe('rejected');
  });

  it('caps a user per day and per month, rolling over at UTC midnight and on the 1st', async () => {
    const { guard, clock } = store.guard({ users: { default: { dayUsd: 0.03, monthUsd: 0.045 } } });
    const alice = request({ userId: 'alice' });
    await spend(guard, alice);
    await spend(guard, alice);
    const day = rejection(await guard.reserve(alice));
    expect(day).toMatchObject({ reason: 'day_limit', scope: 'user', retryAfterSeconds: 2.5 * 3600 });
    clock.now = Date.UTC(2026, 10, 23, 0, 0, 0);
    expect((await spend(guard, alice)).decision).toBe('allowed');
    const month = rejection(await guard.reserve(alice));
    expect(month.reason).toBe('month_limit');
    expect(month.message).toContain('user alice monthly cap $0.045');
    expect(month.message).toContain('resets at 2026-12-01T00:00:00Z');
    clock.now = Date.UTC(2026, 11, 1, 0, 0, 0);
    expect((await guard.reserve(alice)).decision).toBe('allowed');
  });

  it('applies the caps of the user tier: free is cut off, enterprise is not', async () => {
    const { guard } = store.guard({
      users: {
        default: { hourUsd: 0.05 },
        tiers: { free: { hourUsd: 0.02 }, enterprise: { monthUsd: 100 } },
      },
    });
    const free = request({ userId: 'f', tier: 'free' });
    expect((await spend(guard, free)).decision).toBe('allowed');
    expect(rejection(await guard.reserve(free))).toMatchObject({ reason: 'hour_limit', subject: 'f' });
    const ent = request({ userId: 'e', tier: 'enterprise' });
    for (let i = 0; i < 10; i++) expect((await spend(guard, ent)).decision).toBe('allowed');
    // An unknown tier gets users.default.
    const other = request({ userId: 'o', tier: 'gold' });
    for (let i = 0; i < 4; i++) expect((await spend(guard, other)).decision).toBe('allowed');
    expect((await guard.reserve(other)).decision).toBe('rejected');
  });

  it('caps a feature per day across users, without touching other features', async () => {
    const { guard, clock } = store.guard({ features: { summarize: { dayUsd: 0.025, monthUsd: 1 } } });
    await spend(guard, request({ userId: 'a', feature: 'summarize' }));
    await spend(guard, request({ userId: 'b', feature: 'summarize' }));
    const err = rejection(await guard.reserve(request({ userId: 'c', feature: 'summarize' })));
    expect(err).toMatchObject({ reason: 'day_limit', scope: 'feature', subject: 'summarize' });
    expect(err.message).toContain('feature summarize daily cap $0.025');
    expect((await guard.reserve(request({ userId: 'c', feature: 'chat' }))).decision).toBe('allowed');
    clock.now += DAY;
    expect((await guard.reserve(request({ userId: 'c', feature: 'summarize' }))).decision).toBe('allowed');
  });

  it('caps the global month and the global day', async () => {
    const { guard } = store.guard({ global: { monthUsd: 0.05 } });
    for (let i = 0; i < 4; i++)
      expect((await spend(guard, request({ userId: `u${i}` }))).decision).toBe('allowed');
    const err = rejection(await guard.reserve(request({ userId: 'u9' })));
    expect(err).toMatchObject({ reason: 'month_limit', scope: 'global' });
    expect(err.subject).toBeUndefined();
    expect(err.message).toMatch(
      /^budget exceeded: global monthly cap \$0\.05 \(spent \$0\.05, .*resets at 2026-12-01T00:00:00Z/,
    );

    const { guard: daily, clock } = store.guard({
      global: { monthUsd: 10, dayUsd: 0.025 },
      keyPrefix: '{day}',
    });
    await spend(daily, request());
    await spend(daily, request());
    expect(rejection(await daily.reserve(request()))).toMatchObject({ reason: 'day_limit', scope: 'global' });
    clock.now += DAY;
    expect((await daily.reserve(request())).decision).toBe('allowed');
  });

  it('downgrades non-critical features once the global budget reaches the threshold', async () => {
    const { guard } = store.guard({
      global: { monthUsd: 1 },
      downgrade: [
        { whenGlobalUtilisationAbove: 0.9, features: ['deep-analysis'], from: 'gpt-4o', to: 'gpt-4o-mini' },
      ],
    });
    const deep = request({ feature: 'deep-analysis' });
    await spend(guard, request(), 0.89);
    expect((await guard.reserve(deep)).decision).toBe('allowed');
    await spend(guard, request(), 0.01);
    const d = await guard.reserve(deep);
    expect(d).toMatchObject({ decision: 'downgraded', model: 'gpt-4o-mini', downgradedFrom: 'gpt-4o' });
    // The reservation is the cheaper model's worst case: 1000 x $0.15/M + 1000 x $0.60/M.
    if (d.decision === 'downgraded') expect(d.reservation.reservedUsd).toBeCloseTo(0.00075, 12);
    // Features not listed keep their model.
    expect(await guard.reserve(request({ feature: 'chat' }))).toMatchObject({ decision: 'allowed' });
  });

  it('keeps the reserved amount of a call settled with an unknown cost, refunds an explicit 0, settles once', async () => {
    const { guard } = store.guard({ users: { default: { hourUsd: 2 * CALL } } });
    const alice = request({ userId: 'alice' });
    // An API error before any response: the caller settles 0, the money is back.
    const failed = await guard.reserve(alice);
    if (failed.decision === 'rejected') throw failed.error;
    await guard.settle(failed.reservation, 0);
    // Unknown cost (unpriced, or usage never reported): the worst case reserved stays spent.
    const unknown = await guard.reserve(alice);
    if (unknown.decision === 'rejected') throw unknown.error;
    await guard.settle(unknown.reservation, undefined);
    const second = await guard.reserve(alice);
    if (second.decision === 'rejected') throw second.error;
    const err = rejection(await guard.reserve(alice));
    expect(err.spentUsd).toBeCloseTo(2 * CALL, 12);
    await guard.settle(second.reservation, CALL);
    await guard.settle(second.reservation, 0); // ignored: already settled
    await guard.settle(unknown.reservation, 0); // ignored too: no refund of a settled unknown cost
    expect(rejection(await guard.reserve(alice)).spentUsd).toBeCloseTo(2 * CALL, 12);
  });

  it('a late settlement with an unknown cost adds the amount that was reserved', async () => {
    const { guard, clock } = store.guard({
      users: { default: { hourUsd: 2 * CALL } },
      reservationTtlSeconds: 60,
    });
    const alice = request({ userId: 'alice' });
    const held = await guard.reserve(alice);
    if (held.decision === 'rejected') throw held.error;
    clock.now += 61_000; // expired: released, as if the process had crashed
    await guard.settle(held.reservation, undefined);
    const after = await guard.reserve(alice);
    if (after.decision === 'rejected') throw after.error;
    expect(rejection(await guard.reserve(alice)).spentUsd).toBeCloseTo(2 * CALL, 12);
  });

  it('releases an unsettled reservation after its TTL, and counts a late settlement', async () => {
    const { guard, clock } = store.guard({
      users: { default: { hourUsd: CALL } },
      reservationTtlSeconds: 60,
    });
    const alice = request({ userId: 'alice' });
    const held = await guard.reserve(alice);
    if (held.decision === 'rejected') throw held.error;
    expect((await guard.reserve(alice)).decision).toBe('rejected');
    clock.now += 61_000;
    const after = await guard.reserve(alice);
    expect(after.decision).toBe('allowed');
    if (after.decision === 'rejected') throw after.error;
    await guard.settle(after.reservation, 0);
    // The crashed call did happen after all: its late settlement adds the actual cost.
    await guard.settle(held.reservation, CALL);
    expect((await guard.reserve(alice)).decision).toBe('rejected');
  });

  it('names a user by userLabel (the pseudonym) in the error, while the budget stays keyed by userId', async () => {
    const { guard } = store.guard({ users: { default: { hourUsd: CALL } } });
    const raw = 'alice@example.com';
    const label = '9f86d081884c7d65';
    await spend(guard, request({ userId: raw, userLabel: label }));
    // Keyed by the id: the same user without a label shares the counter; another id does not.
    const err = rejection(await guard.reserve(request({ userId: raw, userLabel: label })));
    expect(err.subject).toBe(label);
    expect(err.message).toContain(`budget exceeded: user ${label} hourly cap $0.0125`);
    expect(err.message).not.toContain(raw);
    expect(rejection(await guard.reserve(request({ userId: raw }))).message).toContain(`user ${raw} hourly`);
    expect((await guard.reserve(request({ userId: 'bob@example.com', userLabel: label }))).decision).toBe(
      'allowed',
    );
  });

  it('check() answers without reserving', async () => {
    const { guard } = store.guard({ users: { default: { hourUsd: CALL } } });
    const alice = request({ userId: 'alice' });
    for (let i = 0; i < 3; i++)
      expect(await guard.check(alice)).toMatchObject({ decision: 'allowed', worstCaseUsd: CALL });
    expect((await guard.reserve(alice)).decision).toBe('allowed');
    const answer = await guard.check(alice);
    expect(answer.decision).toBe('rejected');
  });
});
