import type { Breakdown, CostReport, SectionSources } from '../model.js';
import { PROMETHEUS_LIMITS } from './build.js';

/**
 * One report from both sources. Prometheus counts every call (span files are often sampled, by the SDK or a
 * tail-sampling collector), so the aggregates come from it: totals, projection, breakdown costs and calls,
 * the hourly series with its baseline and anomalies, trends and pricing quality. The files give what needs
 * each call: p95 cost per call, users (breakdown and each anomaly's top users), token distributions.
 */
export function mergeReports(prom: CostReport, files: CostReport): CostReport {
  const fileBreakdowns = new Map(files.breakdowns.map((b) => [b.dimension, b]));
  const promBreakdowns = new Map(prom.breakdowns.map((b) => [b.dimension, b]));
  const dimensions = [...new Set([...files.breakdowns, ...prom.breakdowns].map((b) => b.dimension))];
  // keep the order of --by, which both reports follow
  const order = files.breakdowns.map((b) => b.dimension);
  dimensions.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const breakdowns: Breakdown[] = dimensions.map((dimension) => {
    const p = promBreakdowns.get(dimension);
    const f = fileBreakdowns.get(dimension);
    if (!p) return f as Breakdown;
    // users: exact from the files; on metrics they are opt-in and capped (the rest as `other`)
    if (!f || dimension === 'user') return f ?? p;
    const p95 = new Map(f.rows.map((r) => [r.key, r.p95CostUsd]));
    return { ...p, rows: p.rows.map((r) => ({ ...r, p95CostUsd: p95.get(r.key) ?? null })) };
  });

  const fileAnomalies = new Map(files.anomalies.map((a) => [a.hour, a]));
  const anomalies = prom.anomalies.map((a) => ({
    ...a,
    topUsers: fileAnomalies.get(a.hour)?.topUsers ?? [],
  }));
  const missingUsers = anomalies.filter((a) => a.topUsers.length === 0).map((a) => a.hour);

  const sections: SectionSources = {
    totals: 'prometheus',
    projection: 'prometheus',
    breakdowns: 'prometheus+files',
    efficiency: 'files',
    hourly: 'prometheus',
    anomalies: 'prometheus+files',
    trends: 'prometheus',
    pricingQuality: 'prometheus',
  };
  const warnings = [
    ...prom.warnings.filter((w) => w !== PROMETHEUS_LIMITS),
    ...files.warnings,
    'totals, costs, hourly series and trends are from Prometheus (every call); p95, users and token distributions from the span files (which may be sampled)',
  ];
  if (missingUsers.length > 0)
    warnings.push(
      `no top users for ${missingUsers.length} anomalous hour(s) (${missingUsers.slice(0, 3).join(', ')}): the span files do not show those hours as anomalous`,
    );
  return {
    ...prom,
    sources: {
      files: files.sources.files,
      prometheus: prom.sources.prometheus,
      skipped: files.sources.skipped,
      sections,
    },
    breakdowns,
    efficiency: files.efficiency,
    anomalies,
    warnings,
  };
}
