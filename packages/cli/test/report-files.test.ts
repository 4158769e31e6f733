import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreHours } from '../src/report/analytics/index.js';
import { buildReportFromFiles, type FileReportOptions } from '../src/report/files/index.js';
import type { BreakdownRow, CostReport } from '../src/report/model.js';
import {
  DAY,
  distinctCalls,
  type ExpectedRow,
  expectedRows,
  HOUR,
  hasCost,
  hasUsage,
  mean,
  p95,
  priceOf,
  sum,
} from './report-files-expected.js';
import { exportLines, type GenCall } from './report-files-spans.js';

const SINCE = Date.parse('2026-11-16T00:00:00Z');
const UNTIL = Date.parse('2026-11-23T00:00:00Z');
const MONTH_START = Date.parse('2026-11-01T00:00:00Z');
const SPIKE_HOUR = Date.parse('2026-11-20T14:00:00Z');

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = [
  { provider: 'openai', model: 'gpt-4o-mini', in: 0.15, out: 0.6 },
  { provider: 'openai', model: 'gpt-4o', in: 2.5, out: 10 },
  { provider: 'anthropic', model: 'claude-sonnet-4-5', in: 3, out: 15 },
  { provider: 'anthropic', model: 'claude-haiku-4-5', in: 1, out: 5 },
];
const FEATURES = ['support-chat', 'summarise', 'deep-analysis', undefined];
const TIERS = ['free', 'pro', 'enterprise', undefined];
const FINISH = [
  ['stop'],
  ['stop'],
  ['stop'],
  ['end_turn'],
  ['length'],
  ['max_tokens'],
  ['stop', 'length'],
  undefined,
];

/**
 * Six weeks of calls around the window (a day before the month, the history, the window, a day after), with
 * every kind of span the report distinguishes, and one spike hour inside the window.
 */
function generateCalls(): GenCall[] {
  const r = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const calls: GenCall[] = [];
  for (let hour = MONTH_START - DAY; hour < UNTIL + DAY; hour += HOUR) {
    const n = 2 + Math.floor(r() * 5);
    for (let k = 0; k < n; k++) {
      const endMs = hour + Math.floor(r() * HOUR);
      const m = pick(MODELS);
      const inputTokens = 50 + Math.floor(r() * 3000);
      const outputTokens = 10 + Math.floor(r() * 600);
      const cacheReadTokens = r() < 0.2 ? Math.floor(inputTokens * r()) : undefined;
      const base: GenCall = {
        endMs,
        feature: pick(FEATURES),
        user: r() < 0.9 ? `user-${Math.floor(r() * 40)}` : undefined,
        tier: pick(TIERS),
        provider: m.provider,
        model: m.model,
        inputTokens,
        outputTokens,
        finishReasons: pick(FINISH),
      };
      if (cacheReadTokens !== undefined) base.cacheReadTokens = cacheReadTokens;
      const kind = r();
      if (kind < 0.75) {
        // llmcost's own span: priced at the source
        base.costUsd = Math.round((inputTokens * m.in + outputTokens * m.out) * 1000) / 1e9;
        base.status = r() < 0.1 ? 'estimated' : 'priced';
      } else if (kind < 0.85) {
        // another instrumentation's span with tokens and no cost: priced by the report
        base.foreign = true;
        delete base.cacheReadTokens;
      } else if (kind < 0.9) {
        // a model the table does not know
        base.model = 'acme-private-llm-1';
        base.status = 'unpriced';
      } else if (kind < 0.93) {
        // a foreign span for an unknown model: unpriced too
        base.foreign = true;
        base.model = 'acme-private-llm-2';
        delete base.cacheReadTokens;
      } else if (kind < 0.96) {
        // a failed call: no usage, no cost
        delete base.inputTokens;
        delete base.outputTokens;
        delete base.cacheReadTokens;
        delete base.finishReasons;
        base.error = true;
      } else {
        // the SDK's own span of a call llmcost also recorded: counted once
        base.costUsd = 0.002;
        base.status = 'priced';
        base.traceId = `dup${calls.length}`.padEnd(32, '0');
        base.responseId = `msg-dup-${calls.length}`;
        calls.push(base, { ...base, foreign: true, costUsd: 0.5, status: undefined });
        continue;
      }
      calls.push(base);
    }
  }
  // The spike: one user of one feature, 40 expensive calls in one hour.
  for (let k = 0; k < 40; k++) {
    calls.push({
      endMs: SPIKE_HOUR + k * 60_000,
      feature: 'deep-analysis',
      user: 'whale',
      tier: 'pro',
      provider: 'openai',
      model: 'gpt-4o',
      inputTokens: 12_000,
      outputTokens: 500,
      costUsd: 0.035,
      status: 'priced',
      finishReasons: ['stop'],
    });
  }
  return calls.sort((a, b) => a.endMs - b.endMs);
}

let dir: string;
let calls: GenCall[];
let report: CostReport;
const opts: FileReportOptions = {
  since: new Date(SINCE),
  until: new Date(UNTIL),
  budgetMonthUsd: 50,
  by: ['feature', 'user', 'model', 'tier'],
  top: 100,
  now: new Date(UNTIL),
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmcost-report-files-'));
  calls = generateCalls();
  const lines = exportLines(calls);
  const half = Math.floor(lines.length / 2);
  writeFileSync(join(dir, 'spans-1.jsonl'), `${lines.slice(0, half).join('\n')}\n`);
  writeFileSync(join(dir, 'spans-2.jsonl.gz'), gzipSync(`${lines.slice(half).join('\n')}\n`));
  report = await buildReportFromFiles([join(dir, 'spans-*.jsonl*')], opts);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the report must say, computed from the generated calls directly. */
function expected() {
  const counted = distinctCalls(calls).map(priceOf);
  const inWindow = counted.filter((c) => c.endMs >= SINCE && c.endMs < UNTIL);
  return { counted, inWindow };
}

function expectRows(actual: BreakdownRow[], rows: ExpectedRow[], total: number): void {
  expect(actual.map((r) => r.key)).toEqual(rows.map((r) => r.key));
  actual.forEach((a, i) => {
    const e = rows[i]!;
    expect(a.calls).toBe(e.calls);
    expect(a.unpricedCalls).toBe(e.unpricedCalls);
    expect(a.costUsd).toBeCloseTo(e.costUsd, 9);
    expect(a.share).toBeCloseTo(e.costUsd / total, 9);
    if (e.meanCostUsd === null) expect(a.meanCostUsd).toBeNull();
    else expect(a.meanCostUsd).toBeCloseTo(e.meanCostUsd, 9);
    expect(a.meanInputTokens).toBeCloseTo(e.meanInputTokens!, 6);
    expect(a.meanOutputTokens).toBeCloseTo(e.meanOutputTokens!, 6);
  });
}

/** DDSketch promises 1% relative accuracy. */
function expectWithin1Percent(actual: number | null, exact: number | null): void {
  if (exact === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - exact)).toBeLessThanOrEqual(exact * 0.01 + 1e-12);
}

describe('buildReportFromFiles: every figure against an independent computation', () => {
  it('reads both files of the glob, plain and gzip, and counts the spans', () => {
    const files = report.sources.files!;
    expect(files.paths.map((p) => p.slice(dir.length + 1))).toEqual(['spans-1.jsonl', 'spans-2.jsonl.gz']);
    // every generated LLM span (duplicates included) comes with its HTTP span, ending at the same time
    const llmInWindow = calls.filter((c) => c.endMs >= SINCE && c.endMs < UNTIL).length;
    expect(files.spans).toBe(2 * llmInWindow);
    expect(files.llmSpans).toBe(calls.length);
    // every LLM span outside the window, a second span of one call included
    expect(files.outOfWindow).toBe(calls.length - llmInWindow);
    expect(report.sources.skipped).toEqual({ lines: 0, spans: 0, examples: [] });
    // no span was read twice; the SDK's own span of a call in the window is a second span of it
    expect(files.duplicateSpans).toBe(0);
    const { inWindow } = expected();
    expect(files.sameCallSpans).toBe(llmInWindow - inWindow.length);
    expect(files.sameCallSpans).toBeGreaterThan(0);
  });

  it('totals', () => {
    const { inWindow } = expected();
    const used = inWindow.filter(hasUsage);
    expect(report.totals.calls).toBe(inWindow.length);
    expect(report.totals.costUsd).toBeCloseTo(sum(inWindow.filter(hasCost).map((c) => c.cost)), 9);
    expect(report.totals.pricedCalls).toBe(inWindow.filter((c) => c.pricing === 'priced').length);
    expect(report.totals.estimatedCalls).toBe(inWindow.filter((c) => c.pricing === 'estimated').length);
    expect(report.totals.unpricedCalls).toBe(inWindow.filter((c) => c.pricing === 'unpriced').length);
    expect(report.totals.errorCalls).toBe(inWindow.filter((c) => c.error).length);
    expect(report.totals.inputTokens).toBe(sum(used.map((c) => c.inputTokens ?? 0)));
    expect(report.totals.outputTokens).toBe(sum(used.map((c) => c.outputTokens ?? 0)));
    expect(report.totals.cacheReadTokens).toBe(sum(used.map((c) => c.cacheReadTokens ?? 0)));
    // the data set has all of these, so the test cannot pass on zeros
    for (const n of ['pricedCalls', 'estimatedCalls', 'unpricedCalls', 'errorCalls'] as const) {
      expect(report.totals[n]).toBeGreaterThan(0);
    }
  });

  it('breakdowns by feature, user, model and tier, with p95 within 1%', () => {
    const { inWindow } = expected();
    const total = sum(inWindow.filter(hasCost).map((c) => c.cost));
    const keyOf = {
      feature: (c: GenCall) => c.feature,
      user: (c: GenCall) => c.user,
      model: (c: GenCall) => c.model,
      tier: (c: GenCall) => c.tier,
    };
    expect(report.breakdowns.map((b) => b.dimension)).toEqual(['feature', 'user', 'model', 'tier']);
    for (const b of report.breakdowns) {
      const rows = expectedRows(inWindow, keyOf[b.dimension]);
      expectRows(b.rows, rows, total);
      expect(b.approximate).toBe(false);
      expect(b.rest).toEqual({ keys: 0, costUsd: 0, calls: 0 });
      b.rows.forEach((row, i) => {
        expectWithin1Percent(row.p95CostUsd, rows[i]!.p95CostUsd);
      });
    }
  });

  it('top N: the rest adds up what the rows leave out', async () => {
    const top2 = await buildReportFromFiles([join(dir, 'spans-*.jsonl*')], {
      ...opts,
      top: 2,
      by: ['model'],
    });
    const { inWindow } = expected();
    const rows = expectedRows(inWindow, (c) => c.model);
    const [b] = top2.breakdowns;
    expect(b!.rows.map((r) => r.key)).toEqual(rows.slice(0, 2).map((r) => r.key));
    expect(b!.rest.keys).toBe(rows.length - 2);
    expect(b!.rest.calls).toBe(sum(rows.slice(2).map((r) => r.calls)));
    expect(b!.rest.costUsd).toBeCloseTo(sum(rows.slice(2).map((r) => r.costUsd)), 9);
  });

  it('efficiency', () => {
    const { inWindow } = expected();
    const used = inWindow.filter(hasUsage);
    const input = used.map((c) => c.inputTokens ?? 0);
    const output = used.map((c) => c.outputTokens ?? 0);
    const eff = report.efficiency!;
    expect(eff.inputTokens.mean).toBeCloseTo(mean(input)!, 6);
    expect(eff.outputTokens.mean).toBeCloseTo(mean(output)!, 6);
    expectWithin1Percent(eff.inputTokens.p95, p95(input));
    expectWithin1Percent(eff.outputTokens.p95, p95(output));
    expect(eff.outputInputRatio).toBeCloseTo(sum(output) / sum(input), 12);
    const reasons = new Map<string, number>();
    for (const c of inWindow)
      for (const r of new Set(c.finishReasons ?? [])) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    const expectedReasons = [...reasons]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([reason, n]) => ({ reason, calls: n, share: n / inWindow.length }));
    expect(eff.finishReasons.map((f) => [f.reason, f.calls])).toEqual(
      expectedReasons.map((f) => [f.reason, f.calls]),
    );
    eff.finishReasons.forEach((f, i) => {
      expect(f.share).toBeCloseTo(expectedReasons[i]!.share, 12);
    });
    const truncated = inWindow.filter((c) =>
      (c.finishReasons ?? []).some((r) => ['length', 'max_tokens'].includes(r)),
    );
    expect(eff.truncationRate).toBeCloseTo(truncated.length / inWindow.length, 12);
    expect(eff.cacheHitRate).toBeCloseTo(sum(used.map((c) => c.cacheReadTokens ?? 0)) / sum(input), 12);
    const savings = sum(inWindow.map((c) => c.savings));
    expect(savings).toBeGreaterThan(0);
    expect(eff.cacheSavingsUsd).toBeCloseTo(savings, 9);
  });

  it('hourly cost over the window, with the baseline from 14 days of history', () => {
    const { counted } = expected();
    const start = Math.min(SINCE - 14 * DAY, MONTH_START);
    const dense: number[] = [];
    for (let h = start; h < UNTIL; h += HOUR) {
      dense.push(
        sum(counted.filter((c) => c.endMs >= h && c.endMs < h + HOUR && hasCost(c)).map((c) => c.cost)),
      );
    }
    const scores = scoreHours(dense);
    const firstWindow = (SINCE - start) / HOUR;
    expect(report.hourly).toHaveLength((UNTIL - SINCE) / HOUR);
    report.hourly.forEach((point, i) => {
      const h = SINCE + i * HOUR;
      const inHour = counted.filter((c) => c.endMs >= h && c.endMs < h + HOUR);
      expect(point.hour).toBe(new Date(h).toISOString());
      expect(point.calls).toBe(inHour.length);
      expect(point.costUsd).toBeCloseTo(dense[firstWindow + i]!, 9);
      const score = scores[firstWindow + i]!;
      expect(point.anomaly).toBe(score.anomaly);
      expect(point.baselineMeanUsd).toBeCloseTo(score.baselineMeanUsd!, 9);
    });
  });

  it('flags the spike hour with its top user and feature', () => {
    const spike = report.anomalies.find((a) => a.hour === new Date(SPIKE_HOUR).toISOString());
    expect(spike).toBeDefined();
    const { inWindow } = expected();
    const inHour = inWindow.filter((c) => c.endMs >= SPIKE_HOUR && c.endMs < SPIKE_HOUR + HOUR && hasCost(c));
    const byUser = expectedRows(inHour, (c) => c.user);
    const byFeature = expectedRows(inHour, (c) => c.feature);
    expect(spike!.costUsd).toBeCloseTo(sum(inHour.map((c) => c.cost)), 9);
    expect(spike!.topUsers.map((u) => u.key)).toEqual(byUser.slice(0, 3).map((r) => r.key));
    spike!.topUsers.forEach((u, i) => {
      expect(u.costUsd).toBeCloseTo(byUser[i]!.costUsd, 9);
    });
    expect(spike!.topFeatures.map((u) => u.key)).toEqual(byFeature.slice(0, 3).map((r) => r.key));
    spike!.topFeatures.forEach((u, i) => {
      expect(u.costUsd).toBeCloseTo(byFeature[i]!.costUsd, 9);
    });
    expect(spike!.topUsers[0]!.key).toBe('whale');
    for (const a of report.anomalies) expect(a.zScore).toBeGreaterThan(3);
  });

  it('trends: week over week per feature and in total, from the window and the week before it', () => {
    const { counted } = expected();
    const week = (c: { endMs: number }, from: number) => c.endMs >= from && c.endMs < from + 7 * DAY;
    const costIn = (from: number, feature?: string | null) =>
      sum(
        counted
          .filter(
            (c) => week(c, from) && hasCost(c) && (feature === null || (c.feature ?? '(none)') === feature),
          )
          .map((c) => c.cost),
      );
    for (const t of report.trends.weekOverWeek) {
      expect(t.thisWeekUsd).toBeCloseTo(costIn(UNTIL - 7 * DAY, t.feature), 9);
      expect(t.lastWeekUsd).toBeCloseTo(costIn(UNTIL - 14 * DAY, t.feature), 9);
    }
    expect(report.trends.weekOverWeek.map((t) => t.feature).sort()).toEqual(
      ['(none)', 'deep-analysis', 'summarise', 'support-chat'].sort(),
    );
    const thisWeek = costIn(UNTIL - 7 * DAY, null);
    const lastWeek = costIn(UNTIL - 14 * DAY, null);
    expect(report.trends.totalGrowth).toBeCloseTo((thisWeek - lastWeek) / lastWeek, 9);
    expect(report.trends.budgetRunOut?.budgetMonthUsd).toBe(50);
  });

  it('projection: month-to-date from the month start, whatever --since', () => {
    const { counted } = expected();
    const mtd = sum(
      counted.filter((c) => c.endMs >= MONTH_START && c.endMs < UNTIL && hasCost(c)).map((c) => c.cost),
    );
    expect(report.projection.month).toBe('2026-11');
    expect(report.projection.monthToDateUsd).toBeCloseTo(mtd, 9);
    expect(report.projection.utilisation!.monthToDate).toBeCloseTo(mtd / 50, 9);
  });

  it('pricing quality: unpriced calls are counted by model, never priced at $0', () => {
    const { inWindow } = expected();
    const unpriced = inWindow.filter((c) => c.pricing === 'unpriced');
    const byModel = new Map<string, number>();
    for (const c of unpriced) byModel.set(c.model, (byModel.get(c.model) ?? 0) + 1);
    expect(report.pricingQuality.unpricedCalls).toBe(unpriced.length);
    expect(report.pricingQuality.estimatedCalls).toBe(
      inWindow.filter((c) => c.pricing === 'estimated').length,
    );
    expect(new Map(report.pricingQuality.unpricedModels.map((m) => [m.model, m.calls]))).toEqual(byModel);
    expect(byModel.has('acme-private-llm-2')).toBe(true);
    expect(report.warnings.some((w) => w.includes('unpriced'))).toBe(true);
    const pricedHere = inWindow.filter((c) => c.foreign && c.costUsd === undefined && c.pricing === 'priced');
    expect(pricedHere.length).toBeGreaterThan(0);
    expect(report.warnings).toContain(
      `${pricedHere.length} call(s) from other instrumentations carried tokens but no cost and were priced by this ` +
        `report with price table ${report.pricingQuality.pricingVersion}`,
    );
    expect(report.warnings.some((w) => w.includes('second span of a call already counted'))).toBe(true);
  });
});
