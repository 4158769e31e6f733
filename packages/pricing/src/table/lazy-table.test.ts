// The built-in table is compiled on the first lookup, not when the package is imported: importing it is on the
// start-up path of `--import @llmcost/otel/register`.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const compiled = vi.hoisted(() => ({ calls: 0 }));

vi.mock('./price-table.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./price-table.js')>();
  return {
    ...real,
    compileEntries: (...args: Parameters<typeof real.compileEntries>) => {
      compiled.calls++;
      return real.compileEntries(...args);
    },
  };
});

describe('built-in table', () => {
  beforeEach(() => {
    vi.resetModules();
    compiled.calls = 0;
  });

  it('is not compiled at import, only at the first lookup, and then once', async () => {
    const { findPrice } = await import('./find-price.js');
    const state = await import('./pricing-state.js');
    expect(state.PRICING_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(compiled.calls).toBe(0);

    expect(findPrice('gpt-4o')?.model).toBe('gpt-4o');
    expect(compiled.calls).toBe(1);
    findPrice('claude-sonnet-4-6');
    state.listPrices();
    expect(state.getPricingVersion()).toBe(state.PRICING_VERSION);
    expect(compiled.calls).toBe(1);
  });

  it('prices the same when the first call is a version or a listing', async () => {
    const state = await import('./pricing-state.js');
    expect(state.getPricingVersion()).toBe(state.PRICING_VERSION);
    expect(state.listPrices().some((e) => e.model === 'gpt-4o')).toBe(true);
    expect(compiled.calls).toBe(1);
  });
});
