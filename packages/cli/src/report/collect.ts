import { breakdown, byName, nameOf, ratio } from './breakdown.js';
import { DAY_SECONDS, type Period, seconds, utcMonthBounds } from './period.js';
import type { PrometheusClient } from './prometheus-client.js';
import { budgetGauge, LABEL, METRIC, sumIncrease, TRUNCATED_REASONS } from './queries.js';
import type { BudgetRow, ConfiguredLimit, ReportData } from './types.js';

const WEEK_SECONDS = 7 * DAY_SECONDS;

export interface CollectOptions {
  prometheusUrl: string;
  pricingVersion: string;
  /** Limits from `--budget FILE`, used when Prometheus has no budget gauges. */
  configuredLimits?: ConfiguredLimit[];
}

/** Runs the report's queries against Prometheus and assembles the numbers. */
export async function collectReport(
  client: PrometheusClient,
  period: Period,
  opts: CollectOptions,
): Promise<ReportData> {
  const { from, to } = period;
  const range = seconds(from, to);
  const total = (samples: { value: number }[]) => samples.reduce((sum, s) => sum + s.value, 0);
  const lastWeekEnd = new Date(to.getTime() - WEEK_SECONDS * 1000);
  const month = utcMonthBounds(new Date(to.getTime() - 1));
  const monthRange = seconds(month.start, to);

  const [
    byFeature,
    byModel,
    byTier,
    daily,
    thisWeek,
    lastWeek,
    prevFeature,
    prevModel,
    cache,
    truncated,
    unpriced,
    spent,
    limit,
    mtd,
  ] = await Promise.all([
    breakdown(client, LABEL.feature, to, range),
    breakdown(client, LABEL.model, to, range),
    breakdown(client, LABEL.tier, to, range),
    dailyCost(client, period),
    client.query(sumIncrease(METRIC.costSum, WEEK_SECONDS, [LABEL.feature]), to),
    client.query(sumIncrease(METRIC.costSum, WEEK_SECONDS, [LABEL.feature]), lastWeekEnd),
    client.query(sumIncrease(METRIC.costSum, range, [LABEL.feature]), from),
    client.query(sumIncrease(METRIC.costSum, range, [LABEL.model]), from),
    client.query(sumIncrease(METRIC.cacheSavings, range), to),
    client.query(
      sumIncrease(METRIC.calls, range, [], `${LABEL.finishReason}=~"${TRUNCATED_REASONS.join('|')}"`),
      to,
    ),
    client.query(sumIncrease(METRIC.calls, range, [LABEL.model], `${LABEL.pricingStatus}="unpriced"`), to),
    client.query(budgetGauge(METRIC.budgetSpent), to),
    client.query(budgetGauge(METRIC.budgetLimit), to),
    monthRange > 0 ? client.query(sumIncrease(METRIC.costSum, monthRange), to) : Promise.resolve([]),
  ]);

  const totals = {
    costUsd: byFeature.reduce((s, r) => s + r.costUsd, 0),
    calls: byFeature.reduce((s, r) => s + r.calls, 0),
    pricedCalls: byFeature.reduce((s, r) => s + r.pricedCalls, 0),
  };

  const thisBy = byName(thisWeek, LABEL.feature);
  const lastBy = byName(lastWeek, LABEL.feature);
  const weekOverWeek = [...new Set([...thisBy.keys(), ...lastBy.keys()])]
    .map((feature) => {
      const thisWeekUsd = thisBy.get(feature) ?? 0;
      const lastWeekUsd = lastBy.get(feature) ?? 0;
      const change = lastWeekUsd > 0 ? (thisWeekUsd - lastWeekUsd) / lastWeekUsd : thisWeekUsd > 0 ? null : 0;
      return { feature, thisWeekUsd, lastWeekUsd, change };
    })
    .sort((a, b) => b.thisWeekUsd - a.thisWeekUsd || a.feature.localeCompare(b.feature));

  const movers = [
    ...moversOf(
      'feature',
      new Map(byFeature.map((r) => [r.name, r.costUsd])),
      byName(prevFeature, LABEL.feature),
    ),
    ...moversOf('model', new Map(byModel.map((r) => [r.name, r.costUsd])), byName(prevModel, LABEL.model)),
  ]
    .sort(
      (a, b) =>
        microUsd(b.deltaUsd) - microUsd(a.deltaUsd) ||
        a.dimension.localeCompare(b.dimension) ||
        a.name.localeCompare(b.name),
    )
    .slice(0, 5);

  const budgets = budgetRows(spent, limit);
  const dailyRateUsd = total(thisWeek) / 7;
  const remainingDays = seconds(to, month.end) / DAY_SECONDS;
  const monthToDateUsd = total(mtd);
  const monthlyLimitUsd =
    budgets.find((b) => b.scope === 'global' && b.window === 'month')?.limitUsd ??
    opts.configuredLimits?.find((l) => l.scope === 'global' && l.window === 'month')?.limitUsd;

  const unpricedModels = [...byName(unpriced, LABEL.model)]
    .map(([model, calls]) => ({ model, calls }))
    .filter((m) => m.calls > 0)
    .sort((a, b) => b.calls - a.calls);
  const truncatedCalls = total(truncated);

  const data: ReportData = {
    prometheus: opts.prometheusUrl,
    from: from.toISOString(),
    to: to.toISOString(),
    pricingVersion: opts.pricingVersion,
    total: totals,
    daily,
    byFeature,
    byModel,
    byTier,
    weekOverWeek,
    cacheSavingsUsd: total(cache),
    truncation: { truncatedCalls, calls: totals.calls, rate: ratio(truncatedCalls, totals.calls) },
    unpriced: { calls: unpricedModels.reduce((s, m) => s + m.calls, 0), models: unpricedModels },
    budgets,
    projection: {
      month: month.start.toISOString().slice(0, 7),
      monthToDateUsd,
      dailyRateUsd,
      remainingDays,
      projectedMonthEndUsd: monthToDateUsd + dailyRateUsd * remainingDays,
      ...(monthlyLimitUsd !== undefined && monthlyLimitUsd !== null ? { monthlyLimitUsd } : {}),
    },
    movers,
    ...(opts.configuredLimits ? { configuredLimits: opts.configuredLimits } : {}),
    warnings: [],
  };
  data.warnings = warningsFor(data);
  return data;
}

/** Spend per day of the period; a period that is not a whole number of days ends with a shorter interval. */
async function dailyCost(client: PrometheusClient, { from, to }: Period): Promise<ReportData['daily']> {
  const days = Math.floor(seconds(from, to) / DAY_SECONDS);
  const out: ReportData['daily'] = [];
  if (days > 0) {
    const firstEnd = new Date(from.getTime() + DAY_SECONDS * 1000);
    const lastEnd = new Date(from.getTime() + days * DAY_SECONDS * 1000);
    const series = await client.queryRange(
      sumIncrease(METRIC.costSum, DAY_SECONDS),
      firstEnd,
      lastEnd,
      DAY_SECONDS,
    );
    const values = new Map((series[0]?.points ?? []).map(([t, v]) => [Math.round(t), v]));
    for (let i = 1; i <= days; i++) {
      const end = new Date(from.getTime() + i * DAY_SECONDS * 1000);
      const start = new Date(end.getTime() - DAY_SECONDS * 1000);
      out.push({
        start: start.toISOString(),
        end: end.toISOString(),
        costUsd: values.get(end.getTime() / 1000) ?? 0,
      });
    }
  }
  const tailStart = new Date(from.getTime() + days * DAY_SECONDS * 1000);
  const tail = seconds(tailStart, to);
  if (tail > 0) {
    const samples = await client.query(sumIncrease(METRIC.costSum, tail), to);
    out.push({ start: tailStart.toISOString(), end: to.toISOString(), costUsd: samples[0]?.value ?? 0 });
  }
  return out;
}

/** Sort key for movers: whole micro-dollars, so float noise does not decide between equal changes. */
function microUsd(delta: number): number {
  return Math.round(Math.abs(delta) * 1e6);
}

function moversOf(
  dimension: 'feature' | 'model',
  current: Map<string, number>,
  previous: Map<string, number>,
) {
  return [...new Set([...current.keys(), ...previous.keys()])]
    .map((name) => {
      const currentUsd = current.get(name) ?? 0;
      const previousUsd = previous.get(name) ?? 0;
      return { dimension, name, currentUsd, previousUsd, deltaUsd: currentUsd - previousUsd };
    })
    .filter((m) => m.deltaUsd !== 0);
}

function budgetRows(
  spent: Awaited<ReturnType<PrometheusClient['query']>>,
  limits: typeof spent,
): BudgetRow[] {
  const key = (labels: Record<string, string>) =>
    [labels[LABEL.budgetScope], labels[LABEL.budgetWindow], labels[LABEL.feature], labels[LABEL.tier]].join(
      '\u0000',
    );
  const limitBy = new Map(limits.map((s) => [key(s.labels), s.value]));
  const scopeOrder = ['global', 'tier', 'feature'];
  return spent
    .map((s) => {
      const scope = nameOf(s, LABEL.budgetScope);
      const target = s.labels[LABEL.feature] || s.labels[LABEL.tier] || undefined;
      const limitUsd = limitBy.get(key(s.labels)) ?? null;
      return {
        scope,
        window: nameOf(s, LABEL.budgetWindow),
        ...(target ? { target } : {}),
        spentUsd: s.value,
        limitUsd,
        utilisation: limitUsd === null ? null : ratio(s.value, limitUsd),
      };
    })
    .sort(
      (a, b) =>
        scopeOrder.indexOf(a.scope) - scopeOrder.indexOf(b.scope) ||
        a.window.localeCompare(b.window) ||
        (a.target ?? '').localeCompare(b.target ?? ''),
    );
}

function warningsFor(data: ReportData): string[] {
  const warnings: string[] = [];
  if (data.total.calls === 0 && data.total.costUsd === 0) {
    warnings.push(
      `no llmcost metrics between ${data.from} and ${data.to}: is the app exporting to this Prometheus?`,
    );
  }
  if (data.unpriced.calls > 0) {
    const models = data.unpriced.models.map((m) => m.model).join(', ');
    warnings.push(
      `${Math.round(data.unpriced.calls)} calls had no known price (${models}): their cost is missing from the totals; ` +
        `the price table (version ${data.pricingVersion}) may be stale, see \`llmcost pricing show MODEL\` or add an override`,
    );
  }
  for (const b of data.budgets) {
    if (b.utilisation !== null && b.utilisation >= 0.8) {
      const name = `${b.scope}${b.target ? ` ${b.target}` : ''} (${b.window})`;
      warnings.push(`budget ${name} is at ${(b.utilisation * 100).toFixed(0)}% of its limit`);
    }
  }
  const p = data.projection;
  if (p.monthlyLimitUsd !== undefined && p.projectedMonthEndUsd > p.monthlyLimitUsd) {
    warnings.push(
      `projected spend for ${p.month} ($${p.projectedMonthEndUsd.toFixed(2)}) exceeds the global monthly limit ($${p.monthlyLimitUsd.toFixed(2)})`,
    );
  }
  return warnings;
}
