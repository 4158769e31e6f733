import { createBudgetGuard, DEFAULT_UNPRICED_MODEL_USD } from '@llmcost/budget';
import { describe, expect, it } from 'vitest';

const text = 'x'.repeat(1000);
const gpt4o = { provider: 'openai', model: 'gpt-4o', inputText: () => text, maxOutputTokens: 1000 };

describe('budget guard with the @llmcost/pricing table', () => {
  it('reserve: worst-case holds the byte bound plus max_tokens, or the model output limit', async () => {
    const guard = createBudgetGuard({ reserve: 'worst-case' }, { env: {} });
    const d = await guard.reserve(gpt4o);
    if (d.decision === 'rejected') throw d.error;
    expect(d.reservation.reservedUsd).toBeCloseTo((1000 * 2.5 + 1000 * 10) / 1e6, 12);
    const unset = await guard.reserve({ ...gpt4o, maxOutputTokens: undefined });
    if (unset.decision === 'rejected') throw unset.error;
    expect(unset.reservation.reservedUsd).toBeCloseTo((1000 * 2.5 + 16_384 * 10) / 1e6, 12);
    await guard.close();
  });

  it('by default holds the expected output: the family default before any observation, never above max_tokens', async () => {
    const guard = createBudgetGuard({}, { env: {} });
    const unset = await guard.reserve({ ...gpt4o, maxOutputTokens: undefined });
    if (unset.decision === 'rejected') throw unset.error;
    expect(unset.reservation.reservedUsd).toBeCloseTo((1000 * 2.5 + 1024 * 10) / 1e6, 12);
    const small = await guard.reserve({ ...gpt4o, maxOutputTokens: 100 });
    if (small.decision === 'rejected') throw small.error;
    expect(small.reservation.reservedUsd).toBeCloseTo((1000 * 2.5 + 100 * 10) / 1e6, 12);
    // A reasoning family starts from its own, larger default.
    const gpt5 = await guard.reserve({ ...gpt4o, model: 'gpt-5', maxOutputTokens: undefined });
    if (gpt5.decision === 'rejected') throw gpt5.error;
    expect(gpt5.reservation.reservedUsd).toBeCloseTo((1000 * 1.25 + 2048 * 10) / 1e6, 12);
    await guard.close();
  });

  it('a free tier of $0.05 an hour: "hello" without max_tokens passes with expected-cost, not with worst-case', async () => {
    // The case reported in the issue: worst-case held $0.163857 (gpt-4o), $1.28 (gpt-5), $0.96 (claude-sonnet-4-5).
    const hello = JSON.stringify([{ role: 'user', content: 'hello' }]);
    const calls = [
      { provider: 'openai', model: 'gpt-4o' },
      { provider: 'openai', model: 'gpt-5' },
      { provider: 'anthropic', model: 'claude-sonnet-4-5' },
    ].map((c) => ({ ...c, userId: 'new-user', inputText: () => hello }));
    const users = { default: { hourUsd: 0.05 } };
    const worst = createBudgetGuard({ users, reserve: 'worst-case' }, { env: {} });
    const expected = createBudgetGuard({ users }, { env: {} });
    for (const call of calls) {
      const w = await worst.reserve(call);
      expect(w.decision).toBe('rejected');
      const e = await expected.reserve(call);
      if (e.decision === 'rejected') throw e.error;
      expect(e.reservation.reservedUsd).toBeLessThan(0.025);
      await expected.settle(e.reservation, 0.001, { outputTokens: 20 });
    }
    await worst.close();
    await expected.close();
  });

  it('unpriced models reserve DEFAULT_UNPRICED_MODEL_USD ($1.00) per call: they hit the cap, never a silent $0', async () => {
    expect(DEFAULT_UNPRICED_MODEL_USD).toBe(1);
    // The review finding: 50 calls to an unknown model with 100k tokens under a $0.01 hourly cap were all
    // allowed at $0 each.
    const prompt = 'tok '.repeat(100_000);
    const unknown = {
      provider: 'openai',
      model: 'my-new-model',
      userId: 'u',
      inputText: () => prompt,
      maxOutputTokens: 1000,
    };
    const guard = createBudgetGuard({ users: { default: { hourUsd: 0.01 } } }, { env: {} });
    expect(guard.config.unpricedModelUsd).toBe(1);
    let allowed = 0;
    for (let i = 0; i < 50; i++) {
      const d = await guard.reserve(unknown);
      if (d.decision === 'rejected') {
        expect(d.error).toMatchObject({ reason: 'hour_limit', scope: 'user', requestedUsd: 1 });
        continue;
      }
      allowed++;
      await guard.settle(d.reservation, undefined); // what the instrumentation passes for an unpriced call
    }
    expect(allowed).toBe(0);
    // Under a cap that fits a few: each unpriced call counts its reserved amount as spent.
    const roomy = createBudgetGuard({ users: { default: { hourUsd: 3.5 } } }, { env: {} });
    const decisions: string[] = [];
    for (let i = 0; i < 5; i++) {
      const d = await roomy.reserve(unknown);
      decisions.push(d.decision);
      if (d.decision !== 'rejected') await roomy.settle(d.reservation, undefined);
    }
    expect(decisions).toEqual(['allowed', 'allowed', 'allowed', 'rejected', 'rejected']);
    await Promise.all([guard.close(), roomy.close()]);
  });

  it('unpricedModelUsd sets the amount reserved and kept for an unpriced call', async () => {
    const local = {
      provider: 'ollama',
      model: 'my-local-llama-7b',
      userId: 'a',
      inputText: () => 'hi',
      maxOutputTokens: 10,
    };
    const guard = createBudgetGuard(
      { users: { default: { hourUsd: 0.3 } }, unpricedModelUsd: 0.2 },
      { env: {} },
    );
    const first = await guard.reserve(local);
    expect(first).toMatchObject({ decision: 'allowed', reservation: { reservedUsd: 0.2 } });
    if (first.decision === 'rejected') throw first.error;
    expect((await guard.reserve(local)).decision).toBe('rejected');
    await guard.settle(first.reservation, undefined);
    expect(await guard.reserve(local)).toMatchObject({
      decision: 'rejected',
      error: { spentUsd: 0.2, requestedUsd: 0.2 },
    });
    await guard.close();
  });

  it('a downgrade rule for gpt-4o matches its dated snapshots', async () => {
    const guard = createBudgetGuard(
      {
        global: { monthUsd: 0.001 },
        downgrade: [
          { whenGlobalUtilisationAbove: 0.01, features: ['bulk'], from: 'gpt-4o', to: 'gpt-4o-mini' },
        ],
      },
      { env: {} },
    );
    const first = await guard.reserve({
      ...gpt4o,
      model: 'gpt-4o-mini',
      inputText: () => 'a',
      maxOutputTokens: 1,
    });
    if (first.decision === 'rejected') throw first.error;
    await guard.settle(first.reservation, 0.0005);
    const d = await guard.reserve({
      ...gpt4o,
      model: 'gpt-4o-2024-08-06',
      feature: 'bulk',
      inputText: () => 'a',
      maxOutputTokens: 100,
    });
    expect(d).toMatchObject({
      decision: 'downgraded',
      model: 'gpt-4o-mini',
      downgradedFrom: 'gpt-4o-2024-08-06',
    });
  });
});
