import { renderTable } from '../format/table.js';
import { int, pct, usd, usdPerCall } from '../format/units.js';
import type { ModelSummary } from './summary.js';

export interface CompareReport {
  dataset: string;
  cases: number;
  /** `mock-llm` (offline) or `live`. */
  target: 'mock-llm' | 'live';
  pricingVersion: string;
  models: ModelSummary[];
}

export function renderCompare(report: CompareReport, format: 'text' | 'markdown' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const where = report.target === 'mock-llm' ? 'against mock-llm (offline)' : 'against the live APIs';
  const head = `${report.models.length} models on ${int(report.cases)} cases from ${report.dataset}, ${where}; price table ${report.pricingVersion}`;
  const columns = [
    { header: 'model' },
    { header: 'calls', align: 'right' as const },
    { header: 'errors', align: 'right' as const },
    { header: 'input tok', align: 'right' as const },
    { header: 'output tok', align: 'right' as const },
    { header: 'total cost', align: 'right' as const },
    { header: 'per call', align: 'right' as const },
    { header: 'p50 ms', align: 'right' as const },
    { header: 'p95 ms', align: 'right' as const },
    { header: 'accuracy', align: 'right' as const },
    { header: 'cost vs priciest', align: 'right' as const },
  ];
  const rows = report.models.map((m) => [
    m.model,
    int(m.calls),
    int(m.errors),
    int(m.inputTokens),
    int(m.outputTokens),
    usd(m.totalCostUsd),
    m.costPerCallUsd === null ? '-' : usdPerCall(m.costPerCallUsd),
    m.latencyMsP50 === null ? '-' : int(m.latencyMsP50),
    m.latencyMsP95 === null ? '-' : int(m.latencyMsP95),
    m.accuracy === null ? '-' : `${pct(m.accuracy, 0)} (${m.correct}/${m.scored})`,
    relative(m.relativeCost),
  ]);
  const style = format === 'markdown' ? 'markdown' : 'text';
  const title = format === 'markdown' ? `### Model comparison\n\n${head}\n\n` : `${head}\n\n`;
  return `${title}${renderTable(columns, rows, style)}${notes(report.models)}`;
}

/** `100%`, or `6.7% (1/15)`: the "same job at 1/15th of the cost" reading. */
export function relative(ratio: number | null): string {
  if (ratio === null) return '-';
  if (ratio >= 0.9995) return '100%';
  if (ratio <= 0) return '0%';
  const inverse = 1 / ratio;
  return `${pct(ratio)} (1/${inverse < 10 ? inverse.toFixed(1) : Math.round(inverse)})`;
}

function notes(models: readonly ModelSummary[]): string {
  const lines: string[] = [];
  for (const m of models) {
    if (m.errors > 0)
      lines.push(`${m.model}: ${m.errors} of ${m.calls} calls failed; first: ${m.firstError}`);
    if (m.estimatedCalls > 0)
      lines.push(
        `${m.model}: ${m.estimatedCalls} calls priced from locally counted tokens (no usage reported)`,
      );
    if (m.unpricedCalls > 0) lines.push(`${m.model}: ${m.unpricedCalls} calls have no cost (unpriced)`);
    if (m.unobservedCalls > 0)
      lines.push(
        `${m.model}: ${m.unobservedCalls} calls have no span (response id not seen); left out of tokens and cost`,
      );
  }
  lines.push('Latency is the call span duration; accuracy counts a failed call as wrong.');
  return `\n${lines.join('\n')}\n`;
}
