import { createBudgetGuard, DEFAULT_UNPRICED_MODEL_USD } from '@llmcost/budget';
import { describe, expect, it } from 'vitest';

const text = 'x'.repeat(1000);
const gpt4o = { provider: 'openai', model: 'gpt-4o', inputText: () => text, maxOutputTokens: 1000 };

describe('budget guard with the @llmcost/pricing table', () => {
  it('reserves the worst case from the price table: byte bound plus max_tokens, or the model output limit', async () => {
    const guard = createBudgetGuard({}, { env: {} });
    const d = await guard.reserve(gpt4o);
    if (d.decision === 'rejected') throw d.error;
    expect(d.reservation.reservedUsd).toBeCloseTo((1000 * 2.5 + 1000 * 10) / 1e6, 12);
    const unset = await guard.reserve({ ...gpt4o, maxOutputTokens: undefined });
    if (unset.decision === 'rejected') throw unset.error;
    expect(unset.reservation.reservedUsd).toBeCloseTo((1000 * 2.5 + 16_384 * 10) / 1e6, 12);
    await guard.close();
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
