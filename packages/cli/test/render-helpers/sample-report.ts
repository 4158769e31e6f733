/**
 * Hand-built CostReports for the renderer tests. The numbers are chosen to exercise the formatting (thousands
 * separators, sub-cent amounts, rounding), not to be consistent with each other: the renderers compute nothing.
 */
import type { Anomaly, BreakdownRow, CostReport, HourPoint } from '../../src/report/model.js';

export const SINCE = '2026-11-01T00:00:00.000Z';
export const UNTIL = '2026-11-15T00:00:00.000Z';
const HOUR = 3_600_000;

export const INJECTION_FEATURE = '<script>window.__pwned = 1</script>';
export const INJECTION_USER = '<img src=x onerror="window.__pwned = 2">';
export const LONG_FEATURE = 'a-very-long-feature-name-that-goes-on-and-on-to-test-truncation-in-terminals';
export const CJK_FEATURE = '要約-サービス';
export const EMOJI_FEATURE = 'émoji 🚀 chat';

/** The hours (indexes into `hourly`) that are anomalies in the sample. */
export const ANOMALY_HOURS = [200, 260];

function row(
  key: string,
  costUsd: number,
  share: number,
  calls: number,
  extra?: Partial<BreakdownRow>,
): BreakdownRow {
  return {
    key,
    costUsd,
    share,
    calls,
    meanCostUsd: calls > 0 ? costUsd / calls : null,
    p95CostUsd: calls > 0 ? (costUsd / calls) * 2.5 : null,
    meanInputTokens: 1234.4,
    meanOutputTokens: 321.6,
    ...extra,
  };
}

/** 14 days of hours: $1 per hour, $3 during 09:00-17:59 UTC, two spikes; a baseline from the second day on. */
export function sampleHourly(): HourPoint[] {
  const start = Date.parse(SINCE);
  return Array.from({ length: 14 * 24 }, (_, i): HourPoint => {
    const hourOfDay = i % 24;
    let costUsd = hourOfDay >= 9 && hourOfDay <= 17 ? 3 : 1;
    if (i === ANOMALY_HOURS[0]) costUsd = 25.5;
    if (i === ANOMALY_HOURS[1]) costUsd = 40.25;
    const scored = i >= 24;
    return {
      hour: new Date(start + i * HOUR).toISOString(),
      costUsd,
      calls: Math.round(costUsd * 10),
      baselineMeanUsd: scored ? 1.75 : null,
      baselineSdUsd: scored ? 0.97 : null,
      anomaly: ANOMALY_HOURS.includes(i),
    };
  });
}

function anomaly(i: number, costUsd: number, zScore: number, withUsers: boolean): Anomaly {
  return {
    hour: new Date(Date.parse(SINCE) + i * HOUR).toISOString(),
    costUsd,
    baselineMeanUsd: 1.75,
    baselineSdUsd: 0.97,
    zScore,
    topUsers: withUsers
      ? [
          { key: 'user-42', costUsd: 20.125 },
          { key: INJECTION_USER, costUsd: 3 },
        ]
      : [],
    topFeatures: [
      { key: 'chat', costUsd: 22.5 },
      { key: CJK_FEATURE, costUsd: 2.0049 },
    ],
  };
}

/** A full report as built from span files: every section present, hostile and unicode names included. */
export function sampleReport(): CostReport {
  return {
    schemaVersion: 1,
    generatedAt: '2026-11-15T00:05:00.000Z',
    window: { since: SINCE, until: UNTIL },
    sources: {
      files: {
        paths: ['/data/otlp/2026-11-01.jsonl.gz', '/data/otlp/2026-11-08.jsonl'],
        bytes: 123_456_789,
        lines: 45_678,
        spans: 1_000_000,
        llmSpans: 987_654,
        outOfWindow: 1_234,
      },
      prometheus: null,
      skipped: {
        lines: 3,
        examples: [
          { file: '/data/otlp/2026-11-08.jsonl', line: 17, reason: 'invalid JSON: Unexpected token } at 42' },
          {
            file: '/data/otlp/2026-11-08.jsonl',
            line: 99,
            reason: 'not an OTLP export request (no resourceSpans)',
          },
        ],
      },
    },
    totals: {
      costUsd: 1234.5678,
      calls: 123_456,
      pricedCalls: 120_000,
      estimatedCalls: 3_000,
      unpricedCalls: 456,
      errorCalls: 78,
      inputTokens: 98_765_432,
      outputTokens: 12_345_678,
      cacheReadTokens: 24_691_358,
    },
    projection: {
      month: '2026-11',
      monthToDateUsd: 1234.5678,
      dailyRateUsd: 88.1834,
      projectedMonthUsd: 2821.07,
      budgetMonthUsd: 2500,
      utilisation: { monthToDate: 0.49382712, projected: 1.128428 },
    },
    breakdowns: [
      {
        dimension: 'feature',
        rows: [
          row('chat', 800.25, 0.6482, 80_000),
          row(CJK_FEATURE, 200.5, 0.1624, 20_000),
          row(INJECTION_FEATURE, 100, 0.081, 10_000),
          row(LONG_FEATURE, 50.125, 0.0406, 5_000),
          row(EMOJI_FEATURE, 25.0001, 0.0203, 2_500),
          row('(none)', 0.004321, 0.0000035, 3),
        ],
        rest: { keys: 3, costUsd: 12.34, calls: 56 },
        approximate: false,
      },
      {
        dimension: 'user',
        rows: [
          row('user-42', 500, 0.405, 1_000),
          row(INJECTION_USER, 250.75, 0.2031, 500),
          row('ユーザー', 99.99, 0.081, 100),
          row('(none)', 10, 0.0081, 2_000),
        ],
        rest: { keys: 1_200, costUsd: 373.8278, calls: 119_856 },
        approximate: true,
      },
      {
        dimension: 'model',
        rows: [
          row('gpt-4o', 1000, 0.81, 60_000),
          // A row without per-call data next to rows with it: its cells say n/a.
          row('claude-sonnet-4-5', 234.5678, 0.19, 60_000, { p95CostUsd: null }),
          row('my-finetune', 0, 0, 456, { meanCostUsd: null, p95CostUsd: null }),
        ],
        rest: { keys: 0, costUsd: 0, calls: 0 },
        approximate: false,
      },
      {
        dimension: 'tier',
        rows: [],
        rest: { keys: 0, costUsd: 0, calls: 0 },
        approximate: false,
      },
    ],
    efficiency: {
      inputTokens: { mean: 800.4, p95: 2900 },
      outputTokens: { mean: 100.5, p95: 640 },
      outputInputRatio: 0.125,
      finishReasons: [
        { reason: 'stop', calls: 110_000, share: 0.891 },
        { reason: 'length', calls: 12_000, share: 0.0972 },
        { reason: 'tool_calls', calls: 1_456, share: 0.0118 },
      ],
      truncationRate: 0.0972,
      cacheHitRate: 0.25,
      cacheSavingsUsd: 45.678,
    },
    hourly: sampleHourly(),
    anomalies: [
      anomaly(ANOMALY_HOURS[0]!, 25.5, 24.5876, true),
      anomaly(ANOMALY_HOURS[1]!, 40.25, 39.69, false),
    ],
    trends: {
      weekOverWeek: [
        { feature: 'chat', thisWeekUsd: 450.5, lastWeekUsd: 349.75, growth: 0.28806 },
        { feature: CJK_FEATURE, thisWeekUsd: 80, lastWeekUsd: 120.5, growth: -0.336099 },
        { feature: 'brand-new', thisWeekUsd: 5, lastWeekUsd: 0, growth: null },
        { feature: 'idle', thisWeekUsd: 0, lastWeekUsd: 0, growth: null },
      ],
      totalGrowth: 0.153,
      budgetRunOut: { budgetMonthUsd: 2500, weeklyGrowth: 0.153, date: '2026-11-27', exceeded: false },
    },
    pricingQuality: {
      unpricedCalls: 456,
      estimatedCalls: 3_000,
      unpricedModels: [
        { model: 'my-finetune', calls: 450 },
        { model: 'mystery|model', calls: 6 },
      ],
      pricingVersion: '2026-11-01',
    },
    warnings: [
      'Prometheus was not queried: no --prometheus URL given',
      'a warning with a newline\nand an escape \u001b[31mred\u001b[0m sequence',
    ],
  };
}

/**
 * What Prometheus alone can provide: no span files, no per-call quantiles, no users, no efficiency, and no
 * budget. Every missing piece must read "not available from this source", never a zero.
 */
export function prometheusReport(): CostReport {
  const r = sampleReport();
  const noPerCall = (b: CostReport['breakdowns'][number]) => ({
    ...b,
    rows: b.rows.map((x) => ({ ...x, p95CostUsd: null, meanInputTokens: null, meanOutputTokens: null })),
  });
  return {
    ...r,
    sources: {
      files: null,
      prometheus: { url: 'http://127.0.0.1:9090' },
      skipped: { lines: 0, examples: [] },
    },
    projection: { ...r.projection, budgetMonthUsd: null, utilisation: null },
    breakdowns: [
      noPerCall(r.breakdowns[0]!),
      { dimension: 'user', rows: [], rest: { keys: 0, costUsd: 0, calls: 0 }, approximate: false },
      noPerCall(r.breakdowns[2]!),
    ],
    efficiency: null,
    anomalies: r.anomalies.map((a) => ({ ...a, topUsers: [] })),
    trends: { ...r.trends, budgetRunOut: null },
    warnings: [],
  };
}

/** A window with no calls at all: true zeros (which are printed) and nulls (which are not). */
export function emptyReport(): CostReport {
  const start = Date.parse('2026-11-14T00:00:00.000Z');
  return {
    schemaVersion: 1,
    generatedAt: '2026-11-15T00:05:00.000Z',
    window: { since: new Date(start).toISOString(), until: UNTIL },
    sources: {
      files: { paths: ['/data/empty.jsonl'], bytes: 0, lines: 0, spans: 0, llmSpans: 0, outOfWindow: 0 },
      prometheus: null,
      skipped: { lines: 0, examples: [] },
    },
    totals: {
      costUsd: 0,
      calls: 0,
      pricedCalls: 0,
      estimatedCalls: 0,
      unpricedCalls: 0,
      errorCalls: 0,
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
    },
    projection: {
      month: '2026-11',
      monthToDateUsd: 0,
      dailyRateUsd: 0,
      projectedMonthUsd: 0,
      budgetMonthUsd: 100,
      utilisation: { monthToDate: 0, projected: 0 },
    },
    breakdowns: (['feature', 'user', 'model'] as const).map((dimension) => ({
      dimension,
      rows: [],
      rest: { keys: 0, costUsd: 0, calls: 0 },
      approximate: false,
    })),
    efficiency: {
      inputTokens: { mean: null, p95: null },
      outputTokens: { mean: null, p95: null },
      outputInputRatio: null,
      finishReasons: [],
      truncationRate: null,
      cacheHitRate: null,
      cacheSavingsUsd: 0,
    },
    hourly: Array.from({ length: 24 }, (_, i) => ({
      hour: new Date(start + i * HOUR).toISOString(),
      costUsd: 0,
      calls: 0,
      baselineMeanUsd: null,
      baselineSdUsd: null,
      anomaly: false,
    })),
    anomalies: [],
    trends: {
      weekOverWeek: [],
      totalGrowth: null,
      budgetRunOut: { budgetMonthUsd: 100, weeklyGrowth: 0, date: null, exceeded: false },
    },
    pricingQuality: { unpricedCalls: 0, estimatedCalls: 0, unpricedModels: [], pricingVersion: '2026-11-01' },
    warnings: [],
  };
}
