import { pricing } from '../../cjs.js';
import { CliError, UsageError } from '../../errors.js';
import { HOUR_MS } from '../analytics/hours.js';
import { budgetRunOut, projectMonth, scoreHours, totalGrowth, weekOverWeek } from '../analytics/index.js';
import type { Anomaly, CostReport, Dimension, HourPoint } from '../model.js';
import { type AggregationLimits, DEFAULT_LIMITS, ReportAggregator } from './aggregate.js';
import { expandInputs } from './inputs.js';
import { type ProgressListener, readFiles } from './read-files.js';
import { breakdownOf, efficiencyOf, shareRows } from './report-sections.js';
import { warningsOf } from './report-warnings.js';

export interface FileReportOptions {
  since: Date;
  until: Date;
  budgetMonthUsd: number | null;
  /** Breakdowns, in this order. */
  by: Dimension[];
  /** Rows per breakdown; the rest is summed in `rest`. */
  top: number;
  /** `generatedAt`. */
  now: Date;
  /** Memory bounds; defaults are fine for any input, tests lower them to reach the approximate paths. */
  limits?: Partial<AggregationLimits>;
}

/** Contributors listed for each anomaly hour. */
const ANOMALY_CONTRIBUTORS = 3;

/**
 * The cost report from OTLP JSON span files (paths or globs, plain or gzip): one streaming pass, memory bounded
 * by the number of hours and the key caps, not by the input size.
 */
export async function buildReportFromFiles(
  paths: string[],
  opts: FileReportOptions,
  onProgress?: ProgressListener,
): Promise<CostReport> {
  if (!(opts.until.getTime() > opts.since.getTime())) {
    const iso = (d: Date) => (Number.isNaN(d.getTime()) ? 'an invalid date' : d.toISOString());
    throw new UsageError(
      `report: empty window, --since ${iso(opts.since)} is not before --until ${iso(opts.until)}; give a --since earlier than --until`,
    );
  }
  const files = await expandInputs(paths);
  const agg = new ReportAggregator(opts.since, opts.until, { ...DEFAULT_LIMITS, ...opts.limits });
  const read = await readFiles(files, agg, onProgress);
  agg.finish();
  if (read.spansRead === 0 && read.skippedLines + read.skippedSpans > 0) {
    // A report of zeros would read as "no spend"; the input is what is wrong.
    const first = read.skippedExamples[0]!;
    throw new CliError(
      `no usable span in the input: ${read.skippedLines} of ${read.nonEmptyLines} line(s) and ` +
        `${read.skippedSpans} span(s) could not be used (first: ${first.file}:${first.line}: ${first.reason}); ` +
        'pass OTLP/JSON trace files (the collector file exporter writes one export request per line)',
    );
  }
  const t = agg.totals;

  const costs = Array.from(agg.hourlyCost);
  const scores = scoreHours(costs);
  const hourly: HourPoint[] = [];
  const anomalies: Anomaly[] = [];
  for (let h = agg.firstWindowHour; h < agg.hours; h++) {
    const score = scores[h]!;
    const hour = new Date(agg.startMs + h * HOUR_MS).toISOString();
    const costUsd = costs[h]!;
    hourly.push({
      hour,
      costUsd,
      calls: agg.hourlyCalls[h]!,
      baselineMeanUsd: score.baselineMeanUsd,
      baselineSdUsd: score.baselineSdUsd,
      anomaly: score.anomaly,
    });
    if (
      score.anomaly &&
      score.baselineMeanUsd !== null &&
      score.baselineSdUsd !== null &&
      score.zScore !== null
    ) {
      anomalies.push({
        hour,
        costUsd,
        baselineMeanUsd: score.baselineMeanUsd,
        baselineSdUsd: score.baselineSdUsd,
        zScore: score.zScore,
        topUsers: (agg.hourUsers[h - agg.firstWindowHour]?.entries() ?? [])
          .slice(0, ANOMALY_CONTRIBUTORS)
          .map((e) => ({ key: e.key, costUsd: e.stats.costUsd })),
        topFeatures: topFeaturesOfHour(agg, h),
      });
    }
  }

  const byFeature = new Map<string, number[]>();
  for (const { key, stats } of agg.features.entries()) {
    if (stats.hourly) byFeature.set(key, Array.from(stats.hourly));
  }
  const untilMs = agg.untilMs;
  const projection = projectMonth(costs, agg.startMs, untilMs, opts.budgetMonthUsd);

  return {
    schemaVersion: 1,
    generatedAt: opts.now.toISOString(),
    window: { since: opts.since.toISOString(), until: opts.until.toISOString() },
    sources: {
      files: {
        paths: files.map((f) => f.path),
        bytes: read.bytes,
        lines: read.lines,
        spans: agg.spansInWindow,
        llmSpans: agg.llmSpans,
        outOfWindow: agg.outOfWindow,
        duplicateSpans: agg.duplicateSpans,
        sameCallSpans: agg.sameCallSpans,
      },
      prometheus: null,
      skipped: { lines: read.skippedLines, spans: read.skippedSpans, examples: read.skippedExamples },
    },
    totals: {
      costUsd: t.costUsd,
      calls: t.calls,
      pricedCalls: t.pricedCalls,
      estimatedCalls: t.estimatedCalls,
      unpricedCalls: t.unpricedCalls,
      errorCalls: t.errorCalls,
      inputTokens: t.inputTokens,
      outputTokens: t.outputTokens,
      cacheReadTokens: t.cacheReadTokens,
    },
    projection,
    breakdowns: opts.by.map((dimension) => breakdownOf(agg, dimension, opts.top)),
    efficiency: efficiencyOf(agg),
    hourly,
    anomalies,
    trends: {
      weekOverWeek: weekOverWeek(byFeature, agg.startMs, untilMs),
      totalGrowth: totalGrowth(costs, agg.startMs, untilMs),
      budgetRunOut:
        opts.budgetMonthUsd === null ? null : budgetRunOut(costs, agg.startMs, untilMs, opts.budgetMonthUsd),
    },
    pricingQuality: {
      unpricedCalls: t.unpricedCalls,
      estimatedCalls: t.estimatedCalls,
      unpricedModels: shareRows(agg.unpricedModels).map((r) => ({ model: r.key, calls: r.calls })),
      pricingVersion: pricing.getPricingVersion(),
    },
    warnings: warningsOf(agg, read, opts),
  };
}

function topFeaturesOfHour(agg: ReportAggregator, h: number): Array<{ key: string; costUsd: number }> {
  const rows: Array<{ key: string; costUsd: number }> = [];
  for (const { key, stats } of agg.features.entries()) {
    const costUsd = stats.hourly?.[h] ?? 0;
    if (costUsd > 0) rows.push({ key, costUsd });
  }
  return rows
    .sort((a, b) => b.costUsd - a.costUsd || (a.key < b.key ? -1 : 1))
    .slice(0, ANOMALY_CONTRIBUTORS);
}
