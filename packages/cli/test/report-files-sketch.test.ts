import { DDSketch } from '@datadog/sketches-js';
import { describe, expect, it } from 'vitest';
import { DistinctCount } from '../src/report/files/distinct-count.js';
import { detach, HeavyHitters } from '../src/report/files/heavy-hitters.js';
import { QUANTILE_RELATIVE_ACCURACY } from '../src/report/files/key-stats.js';
import { p95 } from '../src/report/files/report-sections.js';

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('HeavyHitters (weighted Space-Saving)', () => {
  it('is exact up to its capacity', () => {
    const hh = new HeavyHitters(
      10,
      () => ({ costUsd: 0 }),
      (s) => s.costUsd,
    );
    for (let i = 0; i < 100; i++) {
      hh.get(`k${i % 10}`).costUsd += i;
      hh.updated();
    }
    expect(hh.approximate).toBe(false);
    expect(hh.entries().map((e) => [e.key, e.stats.costUsd, e.error])).toEqual(
      Array.from({ length: 10 }, (_, j) => 9 - j).map((k) => [`k${k}`, 450 + k * 10, 0]),
    );
  });

  it('beyond it: keeps every key above total/capacity, over by at most its error and at most total/capacity', () => {
    const r = rng(7);
    const capacity = 50;
    const truth = new Map<string, number>();
    const hh = new HeavyHitters(
      capacity,
      () => ({ costUsd: 0 }),
      (s) => s.costUsd,
    );
    let total = 0;
    for (let i = 0; i < 20_000; i++) {
      // a long tail of 5,000 keys plus five heavy ones
      const key = r() < 0.3 ? `heavy-${Math.floor(r() * 5)}` : `tail-${Math.floor(r() * 5000)}`;
      const w = r();
      total += w;
      truth.set(key, (truth.get(key) ?? 0) + w);
      hh.get(key).costUsd += w;
      hh.updated();
    }
    expect(hh.approximate).toBe(true);
    expect(hh.size).toBe(capacity);
    const kept = new Map(hh.entries().map((e) => [e.key, e]));
    for (const [key, w] of truth) {
      if (w > total / capacity) expect(kept.has(key), key).toBe(true);
      const e = kept.get(key);
      if (!e) continue;
      expect(e.stats.costUsd).toBeGreaterThanOrEqual(w - 1e-9);
      expect(e.stats.costUsd - w).toBeLessThanOrEqual(e.error + 1e-9);
      expect(e.error).toBeLessThanOrEqual(total / capacity + 1e-9);
    }
    expect(
      hh
        .entries()
        .slice(0, 5)
        .map((e) => e.key)
        .sort(),
    ).toEqual(['heavy-0', 'heavy-1', 'heavy-2', 'heavy-3', 'heavy-4']);
  });

  it('stores a key sliced from a line as its own text (detach)', () => {
    const line = `${'x'.repeat(100_000)}user-with-a-long-identifier`;
    const key = line.slice(100_000);
    const copy = detach(key);
    expect(copy).toBe(key);
    const hh = new HeavyHitters(
      2,
      () => ({ costUsd: 0 }),
      (s) => s.costUsd,
    );
    hh.get(key);
    expect(hh.entries()[0]!.key).toBe('user-with-a-long-identifier');
  });
});

describe('DistinctCount (HyperLogLog)', () => {
  it.each([100, 10_000, 300_000])('estimates %i distinct keys within 3%', (n) => {
    const hll = new DistinctCount();
    for (let i = 0; i < n; i++) {
      hll.add(`user-${i}`);
      if (i % 3 === 0) hll.add(`user-${i}`); // repeats do not count
    }
    expect(Math.abs(hll.estimate() - n) / n).toBeLessThan(0.03);
  });
});

describe('p95 of a DDSketch (nearest rank)', () => {
  const sketchOf = (values: number[]) => {
    const s = new DDSketch({ relativeAccuracy: QUANTILE_RELATIVE_ACCURACY });
    for (const v of values) s.accept(v);
    return s;
  };

  it('is exact for one call and for 19 calls or fewer (the nearest rank is the largest)', () => {
    expect(p95(sketchOf([0.0000316]))).toBe(0.0000316);
    expect(p95(sketchOf([0.3, 0.1, 0.2]))).toBe(0.3);
    const nineteen = Array.from({ length: 19 }, (_, i) => (i + 1) * 0.0137);
    expect(p95(sketchOf(nineteen))).toBe(nineteen[18]);
    // From 20 calls on, rank ceil(0.95 n) is below the largest: the 19th of 20, within the accuracy.
    const twenty = [...nineteen, 20 * 0.0137];
    const got = p95(sketchOf(twenty))!;
    expect(Math.abs(got - twenty[18]!) / twenty[18]!).toBeLessThanOrEqual(QUANTILE_RELATIVE_ACCURACY);
  });

  it('is within the relative accuracy of the order statistic, and inside [min, max], for many calls', () => {
    const next = rng(7);
    const values = Array.from({ length: 5000 }, () => 0.001 + next() * next());
    const sorted = [...values].sort((a, b) => a - b);
    const exact = sorted[Math.ceil(0.95 * sorted.length) - 1]!;
    const got = p95(sketchOf(values))!;
    expect(Math.abs(got - exact) / exact).toBeLessThanOrEqual(QUANTILE_RELATIVE_ACCURACY);
    expect(got).toBeGreaterThanOrEqual(sorted[0]!);
    expect(got).toBeLessThanOrEqual(sorted.at(-1)!);
  });

  it('is null without calls', () => {
    expect(p95(null)).toBeNull();
    expect(p95(sketchOf([]))).toBeNull();
  });
});
