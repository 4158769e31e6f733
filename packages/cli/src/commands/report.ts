import { type BudgetConfig, loadBudgetConfig } from '@llmcost/budget';
import { PRICING_VERSION } from '@llmcost/pricing';
import { oneOf, parseCommandArgs } from '../args.js';
import { CliError, EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { collectReport } from '../report/collect.js';
import { resolvePeriod } from '../report/period.js';
import { PrometheusClient } from '../report/prometheus-client.js';
import { renderReport } from '../report/render.js';
import type { ConfiguredLimit } from '../report/types.js';

export const help = `Usage: llmcost report --prometheus URL [--since 7d | --from ISO [--to ISO]]
                      [--format text|markdown|json] [--budget FILE]

A cost report for a period, read from Prometheus (the metrics of DESIGN.md, stored by the collector or
scraped directly): total and daily spend, top features, models and tiers with calls, cost per call and
tokens per call, week-over-week change per feature, cache savings, truncation rate, unpriced calls,
budget utilisation, projected month-end spend and the biggest movers.

Options:
  --prometheus URL   Prometheus base URL, e.g. http://localhost:9090 (env LLMCOST_PROMETHEUS_URL);
                     basic auth as https://user:password@host
  --since DUR        period ending now: 30m, 24h, 7d, 2w (default 7d)
  --from ISO         period start, e.g. 2026-11-01 or 2026-11-01T00:00:00Z (UTC unless an offset is given)
  --to ISO           period end (default now)
  --format F         text (default), markdown or json
  --budget FILE      budget file (YAML/JSON) whose limits are shown when Prometheus has no budget gauges,
                     and whose global monthly cap is compared with the projection
  -h, --help         this help

Exit codes: 0 report printed, 1 Prometheus unreachable or query failed, 2 bad flags.
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('report', argv, {
    prometheus: { type: 'string' },
    since: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    budget: { type: 'string' },
  });
  if (values.help) {
    io.out(help);
    return EXIT_OK;
  }
  const url = values.prometheus ?? process.env.LLMCOST_PROMETHEUS_URL;
  if (!url)
    throw new UsageError('llmcost report: --prometheus URL is required (or set LLMCOST_PROMETHEUS_URL)');
  const format = oneOf('report', 'format', values.format, ['text', 'markdown', 'json'] as const, 'text');
  const period = resolvePeriod(values, new Date());
  const configuredLimits = values.budget ? limitsOf(loadBudget(values.budget)) : undefined;

  const client = new PrometheusClient(url);
  const data = await collectReport(client, period, {
    prometheusUrl: client.base,
    pricingVersion: PRICING_VERSION,
    ...(configuredLimits ? { configuredLimits } : {}),
  });
  io.out(format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : renderReport(data, format));
  return EXIT_OK;
}

function loadBudget(path: string): BudgetConfig {
  try {
    return loadBudgetConfig(path);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** The caps on totals (global, per feature); per-user caps have no single total to compare with. */
function limitsOf(config: BudgetConfig): ConfiguredLimit[] {
  const limits: ConfiguredLimit[] = [];
  if (config.global.monthUsd !== undefined)
    limits.push({ scope: 'global', window: 'month', limitUsd: config.global.monthUsd });
  if (config.global.dayUsd !== undefined)
    limits.push({ scope: 'global', window: 'day', limitUsd: config.global.dayUsd });
  for (const [feature, caps] of Object.entries(config.features)) {
    if (caps.monthUsd !== undefined)
      limits.push({ scope: 'feature', window: 'month', target: feature, limitUsd: caps.monthUsd });
    if (caps.dayUsd !== undefined)
      limits.push({ scope: 'feature', window: 'day', target: feature, limitUsd: caps.dayUsd });
  }
  return limits;
}
