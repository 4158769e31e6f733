import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { computeCost } from '../cost/compute-cost.js';
import { loadPricing } from './load-pricing.js';
import { match, resetPricing } from './pricing-state.js';

const dir = mkdtempSync(join(tmpdir(), 'llmcost-memo-'));
const file = (entries: unknown[]) => {
  const path = join(dir, `p${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify({ entries }));
  return path;
};
const million = { inputTokens: 1_000_000, outputTokens: 0 };

afterEach(() => resetPricing());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the memoised model lookup', () => {
  it('answers a repeated (model, provider) with the same match', () => {
    const first = match('gpt-4o-mini-2024-07-18', 'openai');
    expect(first?.entry.entry.model).toBe('gpt-4o-mini');
    expect(match('gpt-4o-mini-2024-07-18', 'openai')).toBe(first);
    // The provider is part of the key: the Azure deployment map applies only to azure.ai.openai.
    expect(match('gpt-4o-mini-2024-07-18', undefined)?.entry.entry.model).toBe('gpt-4o-mini');
  });

  it('is invalidated by loadPricing and resetPricing, for priced and unpriced models alike', () => {
    expect(computeCost(million, 'gpt-4o-mini', { provider: 'openai' }).totalUsd).toBe(0.15);
    expect(computeCost(million, 'acme-1', { provider: 'openai' }).status).toBe('unpriced');
    loadPricing(
      file([
        { provider: 'openai', model: 'gpt-4o-mini', input: 3, output: 4 },
        { provider: 'openai', model: 'acme-1', input: 7, output: 8 },
      ]),
    );
    expect(computeCost(million, 'gpt-4o-mini', { provider: 'openai' }).totalUsd).toBe(3);
    expect(computeCost(million, 'acme-1', { provider: 'openai' }).totalUsd).toBe(7);
    resetPricing();
    expect(computeCost(million, 'gpt-4o-mini', { provider: 'openai' }).totalUsd).toBe(0.15);
    expect(computeCost(million, 'acme-1', { provider: 'openai' }).status).toBe('unpriced');
  });

  it('stays bounded and correct past its size limit', () => {
    for (let i = 0; i < 10_050; i++) expect(match(`no-such-model-${i}`, 'openai')).toBeUndefined();
    expect(match('gpt-4o-mini', 'openai')?.entry.entry.model).toBe('gpt-4o-mini');
    expect(match('no-such-model-3', 'openai')).toBeUndefined();
  });
});
