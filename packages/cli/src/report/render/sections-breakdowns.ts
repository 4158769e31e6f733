/** Cost by feature / user / model / tier, and the efficiency section. */
import type { Column, Row } from '../../format/table.js';
import { int, pct, usd, usdPerCall } from '../../format/units.js';
import type { Breakdown, BreakdownRow, CostReport, Dimension, Quantiles } from '../model.js';
import { type Block, NA_CELL, NOT_AVAILABLE, type Section } from './document.js';
import { isUnpriced } from './unpriced.js';

/** Text tables cut names longer than this (Markdown and HTML keep them whole). */
export const KEY_WIDTH = 40;

const TITLES: Record<Dimension, string> = {
  feature: 'Cost by feature',
  user: 'Top users',
  model: 'Cost by model',
  tier: 'Cost by tier',
};

type Metric = {
  header: string;
  value: (row: BreakdownRow) => number | null;
  format: (v: number) => string;
  /** A cost figure: a row without a priced call has none to give (shown as '-', not as missing). */
  cost: boolean;
};

const METRICS: readonly Metric[] = [
  { header: 'mean/call', value: (r) => r.meanCostUsd, format: usdPerCall, cost: true },
  { header: 'p95/call', value: (r) => r.p95CostUsd, format: usdPerCall, cost: true },
  { header: 'mean in tok', value: (r) => r.meanInputTokens, format: int, cost: false },
  { header: 'mean out tok', value: (r) => r.meanOutputTokens, format: int, cost: false },
];

/** Why a figure is missing, by where the report came from (a span file has per-call data). */
function missingReason(r: CostReport, dimension: Dimension): string {
  if (r.sources.files === null) return NOT_AVAILABLE;
  if (dimension === 'user') return 'not kept per user with this many distinct users (see Warnings)';
  if (r.sources.prometheus !== null) return 'not in the span files (the row is from Prometheus)';
  return NOT_AVAILABLE;
}

export function breakdownSection(b: Breakdown, r: CostReport): Section {
  const blocks: Block[] = [];
  const section = { id: `by-${b.dimension}`, title: TITLES[b.dimension], blocks };
  if (b.rows.length === 0 && b.rest.calls === 0) {
    // Every call has a key (`(none)` at worst), so no rows while there were calls means the source
    // cannot split by this dimension (Prometheus has no `user.id` label).
    blocks.push({
      kind: 'text',
      text: r.totals.calls > 0 ? `By ${b.dimension}: ${NOT_AVAILABLE}.` : 'No calls in this window.',
    });
    return section;
  }
  if (b.dimension === 'feature' || b.dimension === 'user') {
    blocks.push({
      kind: 'chart',
      chart: {
        type: 'bars',
        id: b.dimension === 'feature' ? 'features' : 'users',
        title: TITLES[b.dimension],
        rows: b.rows,
      },
    });
  }
  // A metric no row has (rows without a priced call aside, for costs) is a column the source cannot fill:
  // drop it and say why once.
  const unpriced = isUnpriced;
  const applies = (m: Metric, row: BreakdownRow) => !(m.cost && unpriced(row));
  const shown = METRICS.filter(
    (m) => b.rows.some((row) => m.value(row) !== null) || !b.rows.some((row) => applies(m, row)),
  );
  const missing = METRICS.filter((m) => !shown.includes(m));
  const columns: Column[] = [
    { header: b.dimension, maxWidth: KEY_WIDTH },
    { header: 'cost', align: 'right' },
    { header: 'share', align: 'right' },
    { header: 'calls', align: 'right' },
    ...shown.map((m): Column => ({ header: m.header, align: 'right' })),
  ];
  let naCells = false;
  const rows: Row[] = b.rows.map((row) => [
    row.key,
    unpriced(row) ? 'unpriced' : usd(row.costUsd),
    unpriced(row) ? '-' : pct(row.share),
    int(row.calls),
    ...shown.map((m) => {
      const v = m.value(row);
      if (v !== null) return m.format(v);
      if (!applies(m, row)) return '-';
      naCells = true;
      return NA_CELL;
    }),
  ]);
  if (b.rest.keys > 0) {
    const total = r.totals.costUsd;
    rows.push([
      `(${int(b.rest.keys)} more)`,
      usd(b.rest.costUsd),
      total > 0 ? pct(b.rest.costUsd / total) : '-',
      int(b.rest.calls),
      ...shown.map(() => ''),
    ]);
  }
  blocks.push({ kind: 'table', columns, rows });
  const notes: string[] = [];
  const reason = missingReason(r, b.dimension);
  if (missing.length > 0) notes.push(`${missing.map((m) => m.header).join(', ')}: ${reason}.`);
  if (naCells) notes.push(`${NA_CELL}: ${reason}.`);
  if (b.rows.some(unpriced)) notes.push('unpriced: no call of the row has a known price, so it has no cost.');
  if (b.approximate) {
    notes.push(
      `Approximate: more ${b.dimension} keys than can be tracked exactly; the rows are the heaviest hitters.`,
    );
  }
  for (const text of notes) blocks.push({ kind: 'text', text });
  return section;
}

/**
 * Output tokens per input token with the digits that matter: 759,000 input and 2,100 output tokens is 0.0028
 * ("0.00" would read as no output at all), said the other way round too when the ratio is small.
 */
export function tokenRatio(v: number): string {
  if (v === 0) return '0';
  const text = v >= 10 ? v.toFixed(1) : v >= 0.1 ? v.toFixed(2) : String(Number(v.toPrecision(2)));
  return v < 0.5 ? `${text} (1 output token per ${int(1 / v)} input tokens)` : text;
}

export function efficiencySection(r: CostReport): Section {
  const e = r.efficiency;
  const blocks: Block[] = [];
  const section = { id: 'efficiency', title: 'Efficiency', blocks };
  if (e === null) {
    blocks.push({ kind: 'text', text: `Efficiency: ${NOT_AVAILABLE}.` });
    return section;
  }
  // Null in a window without calls is "nothing to measure", otherwise the source could not measure it.
  const none = r.totals.calls === 0 ? 'n/a (no calls)' : NOT_AVAILABLE;
  const orNa = (v: number | null, f: (v: number) => string) => (v === null ? none : f(v));
  const quantiles = (q: Quantiles) =>
    q.mean === null && q.p95 === null ? none : `mean ${orNa(q.mean, int)}, p95 ${orNa(q.p95, int)}`;
  blocks.push({
    kind: 'fields',
    fields: [
      ['Input tokens per call', quantiles(e.inputTokens)],
      ['Output tokens per call', quantiles(e.outputTokens)],
      ['Output/input ratio', orNa(e.outputInputRatio, tokenRatio)],
      [
        'Truncation rate',
        orNa(e.truncationRate, (v) => `${pct(v)} of calls stopped at the output token limit`),
      ],
      ['Cache hit rate', orNa(e.cacheHitRate, (v) => `${pct(v)} of input tokens read from the cache`)],
      ['Cache savings', `${usd(e.cacheSavingsUsd)} saved by cached input versus the full input rate`],
    ],
  });
  blocks.push({ kind: 'subheading', text: 'Finish reasons' });
  if (e.finishReasons.length === 0) {
    blocks.push({ kind: 'text', text: 'No finish reasons recorded.' });
  } else {
    blocks.push({
      kind: 'table',
      columns: [
        { header: 'finish reason', maxWidth: KEY_WIDTH },
        { header: 'calls', align: 'right' },
        { header: 'share', align: 'right' },
      ],
      rows: e.finishReasons.map((f) => [f.reason, int(f.calls), pct(f.share)]),
    });
  }
  return section;
}
