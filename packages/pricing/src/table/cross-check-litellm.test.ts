// Cross-check of the built-in table against LiteLLM's price file (a committed snapshot, see
// __fixtures__/litellm-snapshot/README.md). Every LiteLLM row that our matcher resolves to a built-in row is
// compared rate by rate; a difference above 1% must be explained in that row's `reviewed` field under
// `litellm:<provider>`.
import { describe, expect, it } from 'vitest';
import type { PriceEntry } from '../types.js';
import snapshot from './__fixtures__/litellm-snapshot/model-prices.json' with { type: 'json' };
import { findPrice } from './find-price.js';
import { fromLiteLLM } from './litellm-format.js';
import { listPrices } from './pricing-state.js';
import { type Difference, differs, judge, label, pct } from './test-support/cross-check.js';

type Row = PriceEntry & { longContext?: PriceEntry['longContext'] };

const RATES = ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h', 'reasoning'] as const;
const ours = (r: Readonly<PriceEntry>, k: (typeof RATES)[number]) =>
  k === 'input' || k === 'output'
    ? r[k]
    : k === 'cacheWrite1h'
      ? (r.cacheWrite1h ?? r.cacheWrite ?? r.input)
      : k === 'reasoning'
        ? (r.reasoning ?? r.output)
        : (r[k] ?? r.input);

function compare(theirs: Row, mine: Readonly<PriceEntry>, key: string): Difference[] {
  const out: Difference[] = [];
  const add = (what: string) =>
    out.push({ reviewKey: `litellm:${theirs.provider}`, row: label(mine), text: `vs ${key}: ${what}` });
  for (const k of RATES) {
    const t = theirs[k];
    if (t === undefined) continue;
    const o = ours(mine, k);
    if (differs(o, t)) add(`${k} ${o} vs ${t} (${pct(o, t)})`);
  }
  const tiers = new Map((mine.longContext ?? []).map((t) => [t.aboveInputTokens, t]));
  for (const t of theirs.longContext ?? []) {
    const m = tiers.get(t.aboveInputTokens);
    tiers.delete(t.aboveInputTokens);
    if (!m) {
      add(
        `LiteLLM has a tier above ${t.aboveInputTokens} input tokens (${t.input}/${t.output}), we have none`,
      );
      continue;
    }
    for (const k of ['input', 'output', 'cacheRead'] as const) {
      const tv = t[k];
      if (tv !== undefined && differs(m[k] ?? m.input, tv)) {
        add(`above ${t.aboveInputTokens}: ${k} ${m[k] ?? m.input} vs ${tv} (${pct(m[k] ?? m.input, tv)})`);
      }
    }
  }
  for (const above of tiers.keys()) add(`we have a tier above ${above} input tokens, LiteLLM none`);
  return out;
}

describe('built-in table vs LiteLLM (snapshot)', () => {
  const builtIn = listPrices();
  const rows = fromLiteLLM(snapshot.rows, 'litellm', '2026-07-24') as Row[];
  const keys = Object.keys(snapshot.rows);
  const matched: Array<{ key: string; theirs: Row; mine: Readonly<PriceEntry> }> = [];
  rows.forEach((theirs, i) => {
    const mine = findPrice(theirs.model, { provider: theirs.provider });
    if (mine && builtIn.includes(mine)) matched.push({ key: keys[i]!, theirs, mine });
  });

  it('compares most of the table (the check cannot pass by comparing nothing)', () => {
    const covered = new Set(matched.map((m) => label(m.mine)));
    expect(covered.size).toBeGreaterThan(builtIn.length * 0.6);
  });

  it('has no unreviewed difference above 1%, and no review left without a difference', () => {
    const differences = matched.flatMap((m) => compare(m.theirs, m.mine, m.key));
    const { unreviewed, stale } = judge(differences, builtIn, 'litellm');
    expect(unreviewed, `differences to review:\n${unreviewed.join('\n')}`).toEqual([]);
    expect(stale, 'reviews whose difference is gone').toEqual([]);
  });
});
