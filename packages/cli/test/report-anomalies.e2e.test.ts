// The anomaly detector, trends and projection end to end: `llmcost report` (the built bin) on five weeks of span
// data made from the REAL fixture spans (helpers/synthetic-spans.ts: daily and weekly shape, seeded noise), once
// with a known spike (power-user-42 on deep-analysis, one hour) and once clean. Expected numbers come from the
// generated file itself, read with plain loops (helpers/independent-report.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostReport } from '../src/report/model.js';
import { callsOf, type IndependentCall } from './helpers/independent-report.js';
import { runCli } from './helpers/run-cli.js';
import {
  DAY_MS,
  HOUR_MS,
  readOtlpSpans,
  type SyntheticSeries,
  writeSyntheticSeries,
} from './helpers/synthetic-spans.js';

let dir: string;
let spike: SyntheticSeries;
let clean: SyntheticSeries;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llmcost-anomalies-'));
  spike = writeSyntheticSeries(dir, { spike: true });
  clean = writeSyntheticSeries(dir, { spike: false });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The last 21 days: the first 14 days of the data are the baseline's history. */
async function report(series: SyntheticSeries, ...args: string[]): Promise<CostReport> {
  const since = new Date(series.startMs + 14 * DAY_MS).toISOString();
  const until = new Date(series.untilMs).toISOString();
  const r = await runCli([
    'report',
    series.file,
    '--since',
    since,
    '--until',
    until,
    '--format',
    'json',
    '--quiet',
    ...args,
  ]);
  expect(r.stderr).toBe('');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as CostReport;
}

const sumCost = (
  calls: IndependentCall[],
  from: number,
  to: number,
  f: (c: IndependentCall) => boolean = () => true,
) => calls.filter((c) => c.endMs >= from && c.endMs < to && f(c)).reduce((s, c) => s + (c.cost ?? 0), 0);

describe('anomalies on five weeks of span data', () => {
  it('finds the spike at its hour, with the power user and deep-analysis on top', async () => {
    const got = await report(spike);
    const spikeHour = new Date(spike.spikeHourMs!).toISOString();
    expect(got.anomalies.map((a) => a.hour)).toEqual([spikeHour]);
    const a = got.anomalies[0]!;
    const i = (spike.spikeHourMs! - spike.startMs) / HOUR_MS;
    expect(a.costUsd).toBeCloseTo(spike.hourlyCostUsd[i]!, 9);
    expect(a.zScore).toBeGreaterThan(3);
    expect(a.costUsd).toBeGreaterThan(a.baselineMeanUsd + 3 * a.baselineSdUsd);
    expect(a.topUsers[0]?.key).toBe(spike.spikeUser);
    expect(a.topFeatures[0]?.key).toBe(spike.spikeFeature);
    // the hourly series flags that hour only, and every hour's cost is what was written for it
    expect(got.hourly.filter((h) => h.anomaly).map((h) => h.hour)).toEqual([spikeHour]);
    const first = 14 * 24;
    expect(got.hourly).toHaveLength(spike.hourlyCostUsd.length - first);
    got.hourly.forEach((h, k) => {
      expect(h.costUsd).toBeCloseTo(spike.hourlyCostUsd[first + k]!, 9);
    });
  });

  it('the clean series (same daily and weekly shape, no spike) gives no anomaly', async () => {
    const got = await report(clean);
    expect(got.anomalies).toEqual([]);
    expect(got.hourly.some((h) => h.anomaly)).toBe(false);
    // a baseline was computed for every hour: "no anomaly" is a finding, not missing history
    expect(got.hourly.every((h) => h.baselineMeanUsd !== null && h.baselineSdUsd !== null)).toBe(true);
  });

  it('week over week per feature, total growth and the month projection match the file', async () => {
    const got = await report(spike, '--budget-month', '20');
    const calls = callsOf(readOtlpSpans(spike.file));
    const until = spike.untilMs;
    const thisWeek = [until - 7 * DAY_MS, until] as const;
    const lastWeek = [until - 14 * DAY_MS, until - 7 * DAY_MS] as const;
    const features = [...new Set(calls.map((c) => c.feature))];
    const withSpend = features.filter(
      (f) =>
        sumCost(calls, ...thisWeek, (c) => c.feature === f) +
          sumCost(calls, ...lastWeek, (c) => c.feature === f) >
        0,
    );
    expect(got.trends.weekOverWeek.map((w) => w.feature).sort()).toEqual(withSpend.sort());
    for (const w of got.trends.weekOverWeek) {
      const t = sumCost(calls, ...thisWeek, (c) => c.feature === w.feature);
      const l = sumCost(calls, ...lastWeek, (c) => c.feature === w.feature);
      expect(w.thisWeekUsd).toBeCloseTo(t, 9);
      expect(w.lastWeekUsd).toBeCloseTo(l, 9);
      if (l > 0) expect(w.growth).toBeCloseTo((t - l) / l, 9);
      else expect(w.growth).toBeNull();
    }
    // the spike is in the last week: deep-analysis is new this week
    expect(got.trends.weekOverWeek.find((w) => w.feature === 'deep-analysis')?.growth).toBeNull();
    const t = sumCost(calls, ...thisWeek);
    const l = sumCost(calls, ...lastWeek);
    expect(got.trends.totalGrowth).toBeCloseTo((t - l) / l, 9);

    const monthStart = Date.UTC(new Date(until - 1).getUTCFullYear(), new Date(until - 1).getUTCMonth(), 1);
    const monthEnd = Date.UTC(new Date(until - 1).getUTCFullYear(), new Date(until - 1).getUTCMonth() + 1, 1);
    const mtd = sumCost(calls, monthStart, until);
    expect(got.projection.monthToDateUsd).toBeCloseTo(mtd, 9);
    expect(got.projection.dailyRateUsd).toBeCloseTo(t / 7, 9);
    expect(got.projection.projectedMonthUsd).toBeCloseTo(mtd + (t / 7) * ((monthEnd - until) / DAY_MS), 9);
    expect(got.projection.utilisation?.projected).toBeCloseTo(got.projection.projectedMonthUsd / 20, 12);
    expect(got.trends.budgetRunOut?.budgetMonthUsd).toBe(20);
    expect(got.trends.budgetRunOut?.exceeded).toBe(mtd >= 20);
  });
});
