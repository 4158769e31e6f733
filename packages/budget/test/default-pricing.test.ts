import { createBudgetGuard } from '@llmcost/budget';
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

  it('unpriced models reserve 0 and are allowed, or the configured unpricedModelUsd', async () => {
    const local = {
      provider: 'ollama',
      model: 'my-local-llama-7b',
      inputText: () => 'hi',
      maxOutputTokens: 10,
    };
    const lenient = createBudgetGuard({ users: { default: { hourUsd: 0.01 } } }, { env: {} });
    const d = await lenient.reserve({ ...local, userId: 'a' });
    expect(d).toMatchObject({ decision: 'allowed', reservation: { reservedUsd: 0 } });
    const strict = createBudgetGuard(
      { users: { default: { hourUsd: 0.3 } }, unpricedModelUsd: 0.2 },
      { env: {} },
    );
    expect(await strict.reserve({ ...local, userId: 'a' })).toMatchObject({
      reservation: { reservedUsd: 0.2 },
    });
    expect((await strict.reserve({ ...local, userId: 'a' })).decision).toBe('rejected');
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
