import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CostOptions, PriceEntry, TokenRates, Usage } from '../types.js';
import { computeCost } from './compute-cost.js';
import { createCostAccumulator } from './cost-accumulator.js';

/**
 * The drift property: the accumulated cost of 1,000,000 random calls equals an independent BigInt oracle's
 * exact total, and every call's float `totalUsd` is its exact value rounded to the nearest double.
 * The oracle reads the raw JSON text of the table and works in atto-USD (1e-18), with its own decimal parser.
 */

const CALLS = 1_000_000;
const table = JSON.parse(readFileSync(new URL('../data/prices.json', import.meta.url), 'utf8')) as {
  entries: PriceEntry[];
};

/** Oracle decimal parser: plain decimal text only (the table holds no exponents), scaled to atto-USD per token. */
function attoPerToken(perMillion: number): bigint {
  const text = String(perMillion);
  if (!/^\d+(\.\d+)?$/.test(text)) throw new Error(`oracle cannot read ${text}`);
  const [int, frac = ''] = text.split('.');
  // USD/1M -> USD/token is 1e-6; atto is 1e18: x * 1e12.
  return BigInt(int!) * 10n ** 12n + BigInt(frac.padEnd(12, '0'));
}

const oracleCache = new WeakMap<TokenRates, Map<number | undefined, ReturnType<typeof readRates>>>();
function oracleRates(e: PriceEntry, r: TokenRates, discount: number | undefined) {
  const byDiscount = oracleCache.get(r) ?? new Map();
  oracleCache.set(r, byDiscount);
  const rates = byDiscount.get(discount) ?? readRates(e, r, discount);
  byDiscount.set(discount, rates);
  return rates;
}

function readRates(e: PriceEntry, r: TokenRates, discount: number | undefined) {
  const input = attoPerToken(r.input);
  const output = attoPerToken(r.output);
  const cacheWrite = r.cacheWrite === undefined ? input : attoPerToken(r.cacheWrite);
  const rates = {
    input,
    output,
    cacheRead: r.cacheRead === undefined ? input : attoPerToken(r.cacheRead),
    cacheWrite,
    cacheWrite1h: r.cacheWrite1h === undefined ? cacheWrite : attoPerToken(r.cacheWrite1h),
    reasoning: r.reasoning === undefined ? output : attoPerToken(r.reasoning),
  };
  if (discount === undefined) return rates;
  if (discount !== 0.5) throw new Error(`oracle handles half-price batches only (${e.model})`);
  return Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, v / 2n])) as typeof rates;
}

function oracleCost(e: PriceEntry, u: Required<Usage>, o: CostOptions): bigint {
  let r: TokenRates = e;
  const tier = o.serviceTier && !o.batch ? e.serviceTiers?.[o.serviceTier] : undefined;
  if (tier) r = tier;
  else {
    const tiers = [...(e.longContext ?? [])].sort((a, b) => b.aboveInputTokens - a.aboveInputTokens);
    r = tiers.find((t) => u.inputTokens > t.aboveInputTokens) ?? e;
  }
  const rates = oracleRates(e, r, o.batch ? e.batchDiscount : undefined);
  const t = (n: number) => BigInt(n);
  const uncached = u.inputTokens - u.cacheReadInputTokens - u.cacheCreationInputTokens;
  return (
    t(uncached) * rates.input +
    t(u.cacheReadInputTokens) * rates.cacheRead +
    t(u.cacheCreationInputTokens - u.cacheCreation1hInputTokens) * rates.cacheWrite +
    t(u.cacheCreation1hInputTokens) * rates.cacheWrite1h +
    t(u.outputTokens - u.reasoningOutputTokens) * rates.output +
    t(u.reasoningOutputTokens) * rates.reasoning
  );
}

function attoToDecimal(atto: bigint): string {
  const s = atto.toString().padStart(19, '0');
  const frac = s.slice(-18).replace(/0+$/, '');
  return `${s.slice(0, -18)}${frac ? `.${frac}` : ''}`;
}

/** mulberry32: a small seeded generator, so a failure reproduces. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('money without drift', () => {
  it(`sums ${CALLS.toLocaleString('en')} random calls exactly, and rounds each call once`, () => {
    const random = rng(0x11c057);
    const int = (max: number) => Math.floor(random() * (max + 1));
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    // Every id a row answers to, with its row, so aliases are exercised too.
    const names = table.entries.flatMap((e) => [e.model, ...(e.aliases ?? [])].map((name) => ({ name, e })));
    const tiers = [undefined, undefined, 'flex', 'priority', 'default'] as const;

    const acc = createCostAccumulator();
    let oracleTotal = 0n;
    let mismatches = 0;
    for (let i = 0; i < CALLS; i++) {
      const { name, e } = pick(names);
      // Mostly small calls, some past every long-context threshold.
      const inputTokens = random() < 0.1 ? int(400_000) : int(20_000);
      const cacheReadInputTokens = int(inputTokens);
      const cacheCreationInputTokens = int(inputTokens - cacheReadInputTokens);
      const cacheCreation1hInputTokens = int(cacheCreationInputTokens);
      const outputTokens = int(8_000);
      const usage = {
        inputTokens,
        outputTokens,
        cacheReadInputTokens,
        cacheCreationInputTokens,
        cacheCreation1hInputTokens,
        reasoningOutputTokens: int(outputTokens),
      };
      const options: CostOptions = { batch: random() < 0.2 };
      const tier = pick(tiers);
      if (tier) options.serviceTier = tier;

      const result = computeCost(usage, name, { ...options, provider: e.provider });
      const exact = oracleCost(e, usage, options);
      oracleTotal += exact;
      acc.add(result);
      if (
        result.status !== 'priced' ||
        result.totalUsd !== Number(attoToDecimal(exact)) ||
        result.totalFemtoUsd! * 1000n !== exact
      ) {
        mismatches++;
        if (mismatches === 1)
          expect({ name, usage, options, result }).toEqual({ exact: attoToDecimal(exact) });
      }
    }
    expect(mismatches).toBe(0);
    expect(acc.pricedCalls).toBe(CALLS);
    expect(acc.totalFemtoUsd * 1000n).toBe(oracleTotal);
    expect(acc.totalUsdExact).toBe(attoToDecimal(oracleTotal));
  }, 300_000);
});
