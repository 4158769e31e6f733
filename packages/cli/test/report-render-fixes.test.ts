// What the rendered report must not say: $0.00 for a feature with no price, "0.00" for a ratio that is not zero,
// "not available" for what span files do have, and a chart where one spike flattens every other hour to $0.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReportFromFiles } from '../src/report/files/index.js';
import type { BreakdownRow, HourPoint } from '../src/report/model.js';
import { renderReport } from '../src/report/render/index.js';
import { barChart } from '../src/report/render/svg/bar-chart.js';
import { hourlyChart } from '../src/report/render/svg/hourly-chart.js';
import { sampleReport } from './render-helpers/sample-report.js';
import { sectionOf } from './render-helpers/text-sections.js';
import { HOUR } from './report-files-expected.js';
import { exportLines, type GenCall } from './report-files-spans.js';

const row = (key: string, costUsd: number, calls: number, priced: boolean): BreakdownRow => ({
  key,
  costUsd,
  share: 0,
  calls,
  meanCostUsd: priced ? costUsd / calls : null,
  p95CostUsd: priced ? costUsd / calls : null,
  meanInputTokens: 100,
  meanOutputTokens: 10,
  unpricedCalls: priced ? 0 : calls,
});

describe('report rendering', () => {
  it('the output/input ratio of 2,100 output to 759,000 input tokens is not 0.00', () => {
    const r = sampleReport();
    r.efficiency!.outputInputRatio = 2_100 / 759_000;
    const text = sectionOf(renderReport(r, 'text'), 'Efficiency');
    expect(text).toContain('Output/input ratio      0.0028 (1 output token per 361 input tokens)\n');
    expect(text).not.toMatch(/ratio\s+0\.00\b/);
  });

  it('the bar chart labels a feature whose calls have no price "unpriced", not $0.00', () => {
    const svg = barChart('features', 'Cost by feature', [row('chat', 5, 10, true), row('labs', 0, 7, false)]);
    const labs = /<g class="bar" data-key="labs">.*?<\/g>/.exec(svg)![0];
    expect(labs).toContain('>unpriced</text>');
    expect(labs).not.toContain('$0.00');
    expect(labs).toContain('7 calls, none with a known price');
  });

  it('the hourly chart keeps the usual hours readable beside a spike 1,000x larger', () => {
    const start = Date.parse('2026-11-01T00:00:00Z');
    const hourly: HourPoint[] = Array.from({ length: 48 }, (_, i) => ({
      hour: new Date(start + i * HOUR).toISOString(),
      // $1 an hour, nothing at night (00:00-05:59), one hour of $1,000
      costUsd: i === 30 ? 1000 : i % 24 < 6 ? 0 : 1,
      calls: 1,
      baselineMeanUsd: null,
      baselineSdUsd: null,
      anomaly: false,
    }));
    const svg = hourlyChart(hourly, []);
    const points = /<polyline class="cost" points="([^"]+)"/
      .exec(svg)![1]!
      .split(' ')
      .map((p) => Number(p.split(',')[1]));
    const bottom = points[0]!; // a $0 hour sits on the axis
    const plotHeight = 300 - 16 - 40;
    const usual = bottom - points[10]!;
    // On a linear axis a $1 hour is 1/1000 of the height: 0.24 px, the same pixel as $0.
    expect(usual / plotHeight).toBeGreaterThan(0.1);
    expect(points[30]).toBeLessThan(points[10]!);
    expect(svg).toContain('The y axis is logarithmic above');
    // Without a spike the axis stays linear.
    expect(
      hourlyChart(
        hourly.map((h) => ({ ...h, costUsd: Math.min(h.costUsd, 2) })),
        [],
      ),
    ).not.toContain('logarithmic');
  });

  it('a report from span files has p95 per call for users; "not available" is only said of what is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcost-render-fixes-'));
    try {
      const since = Date.parse('2026-11-16T00:00:00Z');
      const calls: GenCall[] = Array.from({ length: 40 }, (_, i) => ({
        endMs: since + HOUR + i,
        feature: 'chat',
        user: `user-${i % 4}`,
        provider: 'openai',
        model: 'gpt-4o-mini',
        inputTokens: 1000 * (i + 1),
        outputTokens: 100,
        costUsd: (1000 * (i + 1) * 0.15 + 100 * 0.6) / 1e6,
        status: 'priced',
      }));
      const path = join(dir, 'spans.jsonl');
      writeFileSync(path, `${exportLines(calls).join('\n')}\n`);
      const report = await buildReportFromFiles([path], {
        since: new Date(since),
        until: new Date(since + 24 * HOUR),
        budgetMonthUsd: null,
        by: ['user'],
        top: 10,
        now: new Date(since + 24 * HOUR),
      });
      const users = sectionOf(renderReport(report, 'text'), 'Top users');
      expect(users).toContain('p95/call');
      expect(users).not.toContain('not available');
      // user-3 made calls 3, 7, ..., 39: its p95 is its most expensive call (within DDSketch's 1%)
      const p95 = report.breakdowns[0]!.rows.find((r) => r.key === 'user-3')!.p95CostUsd!;
      const top = (40_000 * 0.15 + 100 * 0.6) / 1e6;
      expect(Math.abs(p95 - top) / top).toBeLessThan(0.01);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
