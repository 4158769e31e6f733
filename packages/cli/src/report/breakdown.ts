import type { PrometheusClient, Sample } from './prometheus-client.js';
import { LABEL, METRIC, sumIncrease } from './queries.js';
import type { BreakdownRow } from './types.js';

export const NONE = '(none)';

/** Label value of a grouped sample; series without the label group under "(none)". */
export function nameOf(sample: Sample, label: string): string {
  const value = sample.labels[label];
  return value === undefined || value === '' ? NONE : value;
}

export function byName(samples: Sample[], label: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const s of samples) {
    const name = nameOf(s, label);
    map.set(name, (map.get(name) ?? 0) + s.value);
  }
  return map;
}

/** Cost, calls, mean cost per priced call and mean input/output tokens per call, grouped by one label. */
export async function breakdown(
  client: PrometheusClient,
  label: string,
  at: Date,
  rangeSeconds: number,
): Promise<BreakdownRow[]> {
  const tokenSelector = `${LABEL.tokenType}=~"input|output"`;
  const [cost, priced, calls, tokenSum, tokenCount] = await Promise.all([
    client.query(sumIncrease(METRIC.costSum, rangeSeconds, [label]), at),
    client.query(sumIncrease(METRIC.costCount, rangeSeconds, [label]), at),
    client.query(sumIncrease(METRIC.calls, rangeSeconds, [label]), at),
    client.query(sumIncrease(METRIC.tokenSum, rangeSeconds, [label, LABEL.tokenType], tokenSelector), at),
    client.query(sumIncrease(METRIC.tokenCount, rangeSeconds, [label, LABEL.tokenType], tokenSelector), at),
  ]);
  const costBy = byName(cost, label);
  const pricedBy = byName(priced, label);
  const callsBy = byName(calls, label);
  const tokens = (type: string, samples: Sample[]) =>
    byName(
      samples.filter((s) => s.labels[LABEL.tokenType] === type),
      label,
    );
  const inSum = tokens('input', tokenSum);
  const inCount = tokens('input', tokenCount);
  const outSum = tokens('output', tokenSum);
  const outCount = tokens('output', tokenCount);

  const names = new Set([...costBy.keys(), ...callsBy.keys(), ...pricedBy.keys()]);
  const totalCost = [...costBy.values()].reduce((a, b) => a + b, 0);
  const rows: BreakdownRow[] = [...names].map((name) => {
    const costUsd = costBy.get(name) ?? 0;
    const pricedCalls = pricedBy.get(name) ?? 0;
    return {
      name,
      costUsd,
      calls: callsBy.get(name) ?? 0,
      pricedCalls,
      meanCostUsd: ratio(costUsd, pricedCalls),
      meanInputTokens: ratio(inSum.get(name) ?? 0, inCount.get(name) ?? 0),
      meanOutputTokens: ratio(outSum.get(name) ?? 0, outCount.get(name) ?? 0),
      share: ratio(costUsd, totalCost),
    };
  });
  return rows
    .filter((r) => r.costUsd > 0 || r.calls > 0 || r.pricedCalls > 0)
    .sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls || a.name.localeCompare(b.name));
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
