import { PRICING_VERSION } from '@llmcost/pricing';
import { DAY_MS, HOUR_MS, utcMonthOf } from '../analytics/hours.js';
import { budgetRunOut, projectMonth, scoreHours, totalGrowth, weekOverWeek } from '../analytics/index.js';
import type { Anomaly, CostReport, Dimension, Efficiency, HourPoint, Totals } from '../model.js';
import { breakdownOf, DIMENSION_LABEL, type GroupedSamples, labelOf, ratio, sumBy, total } from './cells.js';
import type { PrometheusClient, Sample } from './client.js';
import { type HourlyGrid, hourlyIncrease, hoursOf, sumArrays } from './hourly.js';
import { GROUP, LABEL, METRIC, sumIncrease } from './queries.js';

export interface PrometheusReportOptions {
  since: Date;
  until: Date;
  budgetMonthUsd: number | null;
  by: Dimension[];
  top: number;
  now: Date;
  /** `--by` was given: a user breakdown Prometheus cannot give is then a warning (by default it is just left out). */
  explicitBy?: boolean;
}

/** Finish reasons that mean "cut off by the output limit": OpenAI `length`, Anthropic `max_tokens`, Responses `max_output_tokens`. */
export const TRUNCATED_REASONS = new Set(['length', 'max_tokens', 'max_output_tokens']);
/** Top features listed for an anomalous hour. */
const ANOMALY_TOP = 5;

/** What Prometheus cannot give, said once in the report instead of printing zeros. */
export const PROMETHEUS_LIMITS =
  'Prometheus has no per-call data: p95 cost per call, p95 tokens and the users of anomalous hours need span files (llmcost report FILES); users at all only when the app put user_id on metrics (opt-in)';

/**
 * The report from the llmcost metrics in Prometheus: totals, breakdowns by feature, model and tier,
 * efficiency means and rates, the hourly series (baseline, anomalies, trends, projection), and users when the
 * app opted in to `user_id` on metrics. Per-call parts (p95, the users of an anomalous hour) are null or
 * empty: histograms keep no individual calls.
 */
export async function buildReportFromPrometheus(
  client: PrometheusClient,
  opts: PrometheusReportOptions,
): Promise<CostReport> {
  const sinceMs = opts.since.getTime();
  const untilMs = opts.until.getTime();
  const rangeSeconds = Math.max(1, Math.round((untilMs - sinceMs) / 1000));
  const windowStartMs = Math.floor(sinceMs / HOUR_MS) * HOUR_MS;
  // 14 days of history before the window for the baseline, and the whole month of `until` for the projection
  const grid: HourlyGrid = {
    startMs: Math.min(windowStartMs - 14 * DAY_MS, utcMonthOf(untilMs - 1).startMs),
    endMs: Math.ceil(untilMs / HOUR_MS) * HOUR_MS,
    untilMs,
  };
  const at = opts.until;
  const q = (metric: string, by: readonly string[], selector = '') =>
    client.query(sumIncrease(metric, rangeSeconds, by, selector), at);
  const tokenTypes = `${LABEL.tokenType}=~"input|output"`;

  const [costSum, costCount, calls, tokenSum, tokenCount, tokens, savings, hourlyByFeature, hourlyCalls] =
    await Promise.all([
      q(METRIC.costSum, GROUP),
      q(METRIC.costCount, GROUP),
      q(METRIC.calls, [...GROUP, LABEL.pricingStatus, LABEL.finishReason, LABEL.errorType]),
      q(METRIC.tokenUsageSum, [...GROUP, LABEL.tokenType], tokenTypes),
      q(METRIC.tokenUsageCount, [...GROUP, LABEL.tokenType], tokenTypes),
      q(METRIC.tokens, [LABEL.llmcostTokenType]),
      q(METRIC.cacheSavings, []),
      hourlyIncrease(client, METRIC.costSum, grid, LABEL.feature),
      hourlyIncrease(client, METRIC.calls, grid),
    ]);
  const grouped: GroupedSamples = { costSum, costCount, calls, tokenSum, tokenCount };
  const users = opts.by.includes('user') ? await userSamples(q) : null;

  const n = hoursOf(grid);
  const hourlyCost = sumArrays(hourlyByFeature.values(), n);
  const callsPerHour = hourlyCalls.get('') ?? new Array<number>(n).fill(0);
  // scoreHours treats the hours before the first spend as no history, not as $0 history.
  const scores = scoreHours(hourlyCost);
  const first = Math.round((windowStartMs - grid.startMs) / HOUR_MS);
  const hourly: HourPoint[] = [];
  const anomalies: Anomaly[] = [];
  for (let i = first; i < n; i++) {
    const hour = new Date(grid.startMs + i * HOUR_MS).toISOString();
    const score = scores[i]!;
    const costUsd = hourlyCost[i]!;
    hourly.push({
      hour,
      costUsd,
      calls: callsPerHour[i]!,
      baselineMeanUsd: score.baselineMeanUsd,
      baselineSdUsd: score.baselineSdUsd,
      anomaly: score.anomaly,
    });
    if (score.anomaly && score.baselineMeanUsd !== null && score.baselineSdUsd !== null) {
      anomalies.push({
        hour,
        costUsd,
        baselineMeanUsd: score.baselineMeanUsd,
        baselineSdUsd: score.baselineSdUsd,
        zScore: score.zScore ?? 0,
        topUsers: [],
        topFeatures: [...hourlyByFeature]
          .map(([key, values]) => ({ key, costUsd: values[i]! }))
          .filter((f) => f.costUsd > 0)
          .sort((a, b) => b.costUsd - a.costUsd || a.key.localeCompare(b.key))
          .slice(0, ANOMALY_TOP),
      });
    }
  }

  const totals = totalsOf(grouped, tokens);
  const efficiency = totals.calls === 0 ? null : efficiencyOf(grouped, tokens, total(savings), totals.calls);
  const unpricedModels = [...sumBy(calls.filter(isStatus('unpriced')), LABEL.model)]
    .map(([model, c]) => ({ model, calls: c }))
    .filter((m) => m.calls > 0)
    .sort((a, b) => b.calls - a.calls || a.model.localeCompare(b.model));
  const breakdowns = opts.by.flatMap((dimension) => {
    if (dimension !== 'user') return [breakdownOf(grouped, dimension, DIMENSION_LABEL[dimension], opts.top)];
    return users ? [breakdownOf(users, 'user', LABEL.user, opts.top)] : [];
  });

  const warnings: string[] = [];
  if (totals.calls === 0 && totals.costUsd === 0)
    warnings.push(
      `no llmcost metrics in Prometheus between ${opts.since.toISOString()} and ${opts.until.toISOString()}: is the app exporting to this Prometheus?`,
    );
  if (opts.by.includes('user') && !users && opts.explicitBy)
    warnings.push(
      'cost by user needs span files: these Prometheus metrics carry no user_id (users on metrics are opt-in)',
    );
  warnings.push(PROMETHEUS_LIMITS);

  return {
    schemaVersion: 1,
    generatedAt: opts.now.toISOString(),
    window: { since: opts.since.toISOString(), until: opts.until.toISOString() },
    sources: { files: null, prometheus: { url: client.base }, skipped: { lines: 0, examples: [] } },
    totals,
    projection: projectMonth(hourlyCost, grid.startMs, untilMs, opts.budgetMonthUsd),
    breakdowns,
    efficiency,
    hourly,
    anomalies,
    trends: {
      weekOverWeek: weekOverWeek(hourlyByFeature, grid.startMs, untilMs),
      totalGrowth: totalGrowth(hourlyCost, grid.startMs, untilMs),
      budgetRunOut:
        opts.budgetMonthUsd === null
          ? null
          : budgetRunOut(hourlyCost, grid.startMs, untilMs, opts.budgetMonthUsd),
    },
    pricingQuality: {
      unpricedCalls: totals.unpricedCalls,
      estimatedCalls: totals.estimatedCalls,
      unpricedModels,
      pricingVersion: PRICING_VERSION,
    },
    warnings,
  };
}

const isStatus = (status: string) => (s: Sample) => s.labels[LABEL.pricingStatus] === status;

function totalsOf(g: GroupedSamples, tokens: Sample[]): Totals {
  const tokensOf = (type: string) => total(tokens.filter((s) => s.labels[LABEL.llmcostTokenType] === type));
  return {
    costUsd: total(g.costSum),
    calls: total(g.calls),
    pricedCalls: total(g.calls.filter(isStatus('priced'))),
    estimatedCalls: total(g.calls.filter(isStatus('estimated'))),
    unpricedCalls: total(g.calls.filter(isStatus('unpriced'))),
    errorCalls: total(g.calls.filter((s) => (s.labels[LABEL.errorType] ?? '') !== '')),
    inputTokens: tokensOf('input'),
    outputTokens: tokensOf('output'),
    cacheReadTokens: tokensOf('cache_read'),
  };
}

function efficiencyOf(
  g: GroupedSamples,
  tokens: Sample[],
  cacheSavingsUsd: number,
  calls: number,
): Efficiency {
  const byType = (samples: Sample[], type: string) =>
    total(samples.filter((s) => s.labels[LABEL.tokenType] === type));
  const tokensOf = (type: string) => total(tokens.filter((s) => s.labels[LABEL.llmcostTokenType] === type));
  // `none`: the call ended without a finish reason (an error, an aborted stream); not a reason to list
  const reasons = [...sumBy(g.calls, LABEL.finishReason)]
    .filter(([reason, c]) => reason !== 'none' && reason !== '(none)' && c > 0)
    .map(([reason, c]) => ({ reason, calls: c, share: calls > 0 ? c / calls : 0 }))
    .sort((a, b) => b.calls - a.calls || a.reason.localeCompare(b.reason));
  const truncated = g.calls
    .filter((s) => TRUNCATED_REASONS.has(labelOf(s, LABEL.finishReason)))
    .reduce((sum, s) => sum + s.value, 0);
  return {
    inputTokens: { mean: ratio(byType(g.tokenSum, 'input'), byType(g.tokenCount, 'input')), p95: null },
    outputTokens: { mean: ratio(byType(g.tokenSum, 'output'), byType(g.tokenCount, 'output')), p95: null },
    outputInputRatio: ratio(tokensOf('output'), tokensOf('input')),
    finishReasons: reasons,
    truncationRate: ratio(truncated, calls),
    cacheHitRate: ratio(tokensOf('cache_read'), tokensOf('input')),
    cacheSavingsUsd,
  };
}

/**
 * The breakdown samples grouped by `user_id`, or null when no series has the label (the default: users stay
 * off metrics unless the app opts in).
 */
async function userSamples(
  q: (metric: string, by: readonly string[], selector?: string) => Promise<Sample[]>,
): Promise<GroupedSamples | null> {
  const tokenTypes = `${LABEL.tokenType}=~"input|output"`;
  const [costSum, costCount, calls, tokenSum, tokenCount] = await Promise.all([
    q(METRIC.costSum, [LABEL.user]),
    q(METRIC.costCount, [LABEL.user]),
    q(METRIC.calls, [LABEL.user]),
    q(METRIC.tokenUsageSum, [LABEL.user, LABEL.tokenType], tokenTypes),
    q(METRIC.tokenUsageCount, [LABEL.user, LABEL.tokenType], tokenTypes),
  ]);
  const labelled = calls.some((s) => (s.labels[LABEL.user] ?? '') !== '');
  return labelled ? { costSum, costCount, calls, tokenSum, tokenCount } : null;
}
