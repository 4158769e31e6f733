import { DAY, type HourEvent, type SyntheticData } from './synthetic-metrics.js';

/** What the report over (from, to] must say, summed straight from the generated events. */
export function expectedReport(data: SyntheticData, from: number, to: number) {
  const within = (a: number, b: number) => data.events.filter((e) => e.t > a && e.t <= b);
  const sum = (events: HourEvent[], f: (e: HourEvent) => number) => events.reduce((s, e) => s + f(e), 0);
  const period = within(from, to);
  const priced = (e: HourEvent) => (e.spec.costPerCall ? e.calls : 0);

  const breakdown = (key: 'feature' | 'model' | 'tier') => {
    const names = [...new Set(period.map((e) => e.spec[key]))];
    return Object.fromEntries(
      names.map((name) => {
        const events = period.filter((e) => e.spec[key] === name);
        const calls = sum(events, (e) => e.calls);
        const pricedCalls = sum(events, priced);
        const costUsd = sum(events, (e) => e.costUsd);
        return [
          name,
          {
            costUsd,
            calls,
            pricedCalls,
            meanCostUsd: pricedCalls > 0 ? costUsd / pricedCalls : null,
            meanInputTokens: sum(events, (e) => e.inputTokens) / calls,
            meanOutputTokens: sum(events, (e) => e.outputTokens) / calls,
          },
        ];
      }),
    );
  };

  const costBy = (key: 'feature' | 'model', a: number, b: number) => {
    const map = new Map<string, number>();
    for (const e of within(a, b))
      if (e.spec.costPerCall) map.set(e.spec[key], (map.get(e.spec[key]) ?? 0) + e.costUsd);
    return map;
  };

  const daily: number[] = [];
  for (let t = from + DAY; t <= to; t += DAY) daily.push(sum(within(t - DAY, t), (e) => e.costUsd));

  const thisWeek = costBy('feature', to - 7 * DAY, to);
  const lastWeek = costBy('feature', to - 14 * DAY, to - 7 * DAY);

  const movers = (['feature', 'model'] as const)
    .flatMap((dimension) => {
      const now = costBy(dimension, from, to);
      const before = costBy(dimension, from - (to - from), from);
      return [...new Set([...now.keys(), ...before.keys()])].map((name) => ({
        dimension,
        name,
        deltaUsd: (now.get(name) ?? 0) - (before.get(name) ?? 0),
      }));
    })
    .filter((m) => m.deltaUsd !== 0)
    .sort(
      (a, b) =>
        Math.round(Math.abs(b.deltaUsd) * 1e6) - Math.round(Math.abs(a.deltaUsd) * 1e6) ||
        a.dimension.localeCompare(b.dimension) ||
        a.name.localeCompare(b.name),
    )
    .slice(0, 5);

  const toDate = new Date(to * 1000 - 1);
  const monthStart = Date.UTC(toDate.getUTCFullYear(), toDate.getUTCMonth(), 1) / 1000;
  const monthEnd = Date.UTC(toDate.getUTCFullYear(), toDate.getUTCMonth() + 1, 1) / 1000;
  const monthToDateUsd = sum(within(monthStart, to), (e) => e.costUsd);
  const dailyRateUsd = sum(within(to - 7 * DAY, to), (e) => e.costUsd) / 7;
  const remainingDays = (monthEnd - to) / DAY;

  const calls = sum(period, (e) => e.calls);
  const truncated = sum(period, (e) => e.truncated);
  const unpriced = period.filter((e) => !e.spec.costPerCall);

  return {
    total: { costUsd: sum(period, (e) => e.costUsd), calls, pricedCalls: sum(period, priced) },
    daily,
    byFeature: breakdown('feature'),
    byModel: breakdown('model'),
    byTier: breakdown('tier'),
    thisWeek,
    lastWeek,
    movers,
    cacheSavingsUsd: sum(period, (e) => e.cacheSavingsUsd),
    truncation: { truncatedCalls: truncated, calls, rate: truncated / calls },
    unpriced: {
      calls: sum(unpriced, (e) => e.calls),
      models: [...new Set(unpriced.map((e) => e.spec.model))],
    },
    budgets: data.spent.map((g, i) => ({
      labels: g.labels,
      spentUsd: g.value(to),
      limitUsd: data.limit[i]!.value(to),
    })),
    projection: {
      monthToDateUsd,
      dailyRateUsd,
      remainingDays,
      projectedMonthEndUsd: monthToDateUsd + dailyRateUsd * remainingDays,
    },
  };
}
