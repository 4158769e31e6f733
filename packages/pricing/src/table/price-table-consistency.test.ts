import { describe, expect, it } from 'vitest';
import { scaleDecimal } from '../cost/money.js';
import builtIn from '../data/prices.json' with { type: 'json' };
import type { PriceEntry, TokenRates } from '../types.js';
import { findPrice } from './find-price.js';
import { parseModel } from './model-id.js';
import { listPrices, PRICING_VERSION } from './pricing-state.js';

const entries = builtIn.entries as PriceEntry[];
const label = (e: PriceEntry) => `${e.provider}:${e.model.toLowerCase()}`;

/** Every rate block of an entry: its own, long-context tiers, service tiers, fine-tune rates. */
function rateBlocks(e: PriceEntry): Array<[string, TokenRates]> {
  return [
    ['base', e],
    ...(e.longContext ?? []).map((t, i): [string, TokenRates] => [`longContext[${i}]`, t]),
    ...Object.entries(e.serviceTiers ?? {}).map(([k, t]): [string, TokenRates] => [`serviceTiers.${k}`, t]),
    ...(e.fineTuned ? [['fineTuned', e.fineTuned] as [string, TokenRates]] : []),
  ];
}
const RATE_KEYS = ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h', 'reasoning'] as const;

describe('built-in price table', () => {
  it('is versioned and is what listPrices returns', () => {
    expect(PRICING_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(listPrices().map(label)).toEqual(entries.map(label));
  });

  it('names a source URL and an asOf date, not after the table version, for every entry', () => {
    for (const e of entries) {
      expect(e.source, label(e)).toMatch(/^https:\/\/\S+$/);
      expect(e.asOf, label(e)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number.isNaN(Date.parse(e.asOf)), label(e)).toBe(false);
      expect(e.asOf <= PRICING_VERSION, label(e)).toBe(true);
    }
  });

  it('has non-negative rates that are exact in femto-USD per token (at most 9 decimals per 1M)', () => {
    for (const e of entries) {
      for (const [where, block] of rateBlocks(e)) {
        for (const k of RATE_KEYS) {
          const v = block[k];
          if (v === undefined) continue;
          expect(v >= 0, `${label(e)} ${where}.${k}`).toBe(true);
          expect(scaleDecimal(v, 9)?.exact, `${label(e)} ${where}.${k}`).toBe(true);
          if (e.batchDiscount !== undefined) {
            // batch rates must stay whole femto-USD so sums stay exact
            const keep = 1 - e.batchDiscount;
            expect(scaleDecimal(v * keep, 9)?.exact, `${label(e)} batch ${where}.${k}`).toBe(true);
          }
        }
      }
    }
  });

  it('never prices a cache read above the input rate it replaces', () => {
    for (const e of entries) {
      for (const [where, block] of rateBlocks(e)) {
        if (block.cacheRead !== undefined)
          expect(block.cacheRead <= block.input, `${label(e)} ${where}`).toBe(true);
      }
    }
  });

  it('prices long-context tiers at or above the base rates, with ascending thresholds', () => {
    for (const e of entries) {
      for (const t of e.longContext ?? []) {
        expect(t.input >= e.input && t.output >= e.output, label(e)).toBe(true);
        expect(t.aboveInputTokens < (e.contextWindow ?? Number.POSITIVE_INFINITY), label(e)).toBe(true);
      }
    }
  });

  // The same open-weight model is sold by several hosts at their own prices: an id is unique per provider.
  it('has no two entries of one provider claiming the same model id (model or alias, after normalisation)', () => {
    const seen = new Map<string, string>();
    for (const e of entries) {
      for (const id of [e.model, ...(e.aliases ?? [])].map((m) => `${e.provider} ${parseModel(m).id}`)) {
        expect(seen.get(id), `${id} claimed by ${label(e)} and ${seen.get(id)}`).toBeUndefined();
        seen.set(id, label(e));
      }
    }
    const prefixes = entries.flatMap((e) => e.prefixes ?? []);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('resolves every id and alias to its own entry (no row shadows another)', () => {
    for (const e of entries) {
      for (const id of [e.model, ...(e.aliases ?? [])]) {
        expect(findPrice(id, { provider: e.provider }), `${id}`).toBe(
          listPrices().find((x) => x.provider === e.provider && x.model === e.model.toLowerCase()),
        );
      }
    }
  });

  it('gives every chat model a max output (the budget worst case) and a context window', () => {
    for (const e of entries) {
      expect(e.contextWindow, label(e)).toBeGreaterThan(0);
      if (e.output > 0) {
        expect(e.maxOutputTokens, label(e)).toBeGreaterThan(0);
        expect(e.maxOutputTokens! <= e.contextWindow!, label(e)).toBe(true);
      }
    }
  });

  it('covers the models the instrumentation meets most', () => {
    const required = [
      'gpt-4o',
      'gpt-4o-mini',
      'gpt-4.1',
      'gpt-4.1-mini',
      'gpt-4.1-nano',
      'gpt-5',
      'gpt-5-mini',
      'gpt-5-nano',
      'gpt-5.1',
      'gpt-5.2',
      'gpt-5.4',
      'gpt-5.5',
      'o1',
      'o3',
      'o3-mini',
      'o4-mini',
      'text-embedding-3-small',
      'text-embedding-3-large',
      'text-embedding-ada-002',
      'claude-3-haiku',
      'claude-3-5-haiku',
      'claude-3-5-sonnet',
      'claude-3-7-sonnet',
      'claude-3-opus',
      'claude-sonnet-4',
      'claude-sonnet-4-5',
      'claude-opus-4',
      'claude-opus-4-1',
      'claude-opus-4-5',
      'claude-haiku-4-5',
      'gemini-1.5-pro',
      'gemini-1.5-flash',
      'gemini-2.0-flash',
      'gemini-2.5-pro',
      'gemini-2.5-flash',
      'gemini-2.5-flash-lite',
      'mistral-large-latest',
      'mistral-small-latest',
      'deepseek-chat',
      'deepseek-reasoner',
      'grok-3',
      'grok-3-mini',
      'grok-4',
    ];
    for (const model of required) expect(findPrice(model), model).toBeDefined();
  });
});
