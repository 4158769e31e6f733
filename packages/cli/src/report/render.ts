import { type Column, type Row, renderTable, type TableStyle } from '../format/table.js';
import { int, pct, signedPct, usd, usdPerCall } from '../format/units.js';
import { DAY_SECONDS } from './period.js';
import type { BreakdownRow, ReportData } from './types.js';

/** Rows shown per breakdown table; `--format json` has them all. */
const TOP = 10;

type Block = { heading: string } | { text: string } | { columns: Column[]; rows: Row[] };

/** The report as plain text (terminal) or Markdown (a PR comment, a wiki page). */
export function renderReport(data: ReportData, style: TableStyle): string {
  return style === 'markdown' ? toMarkdown(blocks(data, style)) : toText(blocks(data, style));
}

function blocks(d: ReportData, style: TableStyle): Block[] {
  const out: Block[] = [];
  const days = (Date.parse(d.to) - Date.parse(d.from)) / 1000 / DAY_SECONDS;
  const meanPerCall =
    d.total.pricedCalls > 0
      ? ` mean ${usdPerCall(d.total.costUsd / d.total.pricedCalls)} per priced call`
      : '';
  out.push({
    text: `Period: ${when(d.from)} to ${when(d.to)} (${Number(days.toFixed(2))} days), source ${d.prometheus}`,
  });
  out.push({
    text: `Total spend: ${usd(d.total.costUsd)} over ${int(d.total.calls)} calls (${int(d.total.pricedCalls)} priced),${meanPerCall}`,
  });

  if (d.daily.length > 0) {
    out.push({ heading: 'Spend per day' });
    out.push({
      columns: [{ header: 'day (UTC)' }, { header: 'cost', align: 'right' }],
      rows: d.daily.map((day) => [dayLabel(day.start, day.end), usd(day.costUsd)]),
    });
  }

  for (const [title, header, rows] of [
    ['Top features by cost', 'feature', d.byFeature],
    ['Top models by cost', 'model', d.byModel],
    ['Top tiers by cost', 'tier', d.byTier],
  ] as const) {
    if (rows.length === 0) continue;
    out.push({ heading: title });
    out.push(breakdownTable(header, rows));
    if (rows.length > TOP) out.push({ text: `(${rows.length - TOP} more; --format json lists all)` });
  }

  if (d.weekOverWeek.length > 0) {
    out.push({ heading: 'Week over week, per feature (last 7 days of the period vs the 7 before)' });
    out.push({
      columns: [
        { header: 'feature' },
        { header: 'this week', align: 'right' },
        { header: 'last week', align: 'right' },
        { header: 'change', align: 'right' },
      ],
      rows: d.weekOverWeek.map((w) => [
        w.feature,
        usd(w.thisWeekUsd),
        usd(w.lastWeekUsd),
        signedPct(w.change),
      ]),
    });
  }

  out.push({ heading: 'Efficiency' });
  out.push({
    text: `Cache savings: ${usd(d.cacheSavingsUsd)} saved by cached input versus the full input rate`,
  });
  out.push({
    text: `Truncation rate: ${pct(d.truncation.rate)} (${int(d.truncation.truncatedCalls)} of ${int(d.truncation.calls)} calls stopped at the output token limit)`,
  });
  const unpricedList = d.unpriced.models.map((m) => `${m.model} ${int(m.calls)}`).join(', ');
  out.push({ text: `Unpriced calls: ${int(d.unpriced.calls)}${unpricedList ? ` (${unpricedList})` : ''}` });

  if (d.budgets.length > 0) {
    out.push({ heading: 'Budget utilisation (latest gauges)' });
    out.push({
      columns: [
        { header: 'scope' },
        { header: 'window' },
        { header: 'target' },
        { header: 'spent', align: 'right' },
        { header: 'limit', align: 'right' },
        { header: 'used', align: 'right' },
      ],
      rows: d.budgets.map((b) => [
        b.scope,
        b.window,
        b.target ?? '-',
        usd(b.spentUsd),
        b.limitUsd === null ? '-' : usd(b.limitUsd),
        pct(b.utilisation),
      ]),
    });
  } else if (d.configuredLimits && d.configuredLimits.length > 0) {
    out.push({ heading: 'Budget limits (from --budget; no budget gauges in Prometheus)' });
    out.push({
      columns: [
        { header: 'scope' },
        { header: 'window' },
        { header: 'target' },
        { header: 'limit', align: 'right' },
      ],
      rows: d.configuredLimits.map((l) => [l.scope, l.window, l.target ?? '-', usd(l.limitUsd)]),
    });
  }

  const p = d.projection;
  out.push({ heading: `Projected month-end spend (${p.month})` });
  const limit =
    p.monthlyLimitUsd === undefined
      ? ''
      : `, ${pct(p.projectedMonthEndUsd / p.monthlyLimitUsd, 0)} of the ${usd(p.monthlyLimitUsd)} monthly limit`;
  out.push({
    text: `${usd(p.projectedMonthEndUsd)}: ${usd(p.monthToDateUsd)} so far + ${usd(p.dailyRateUsd)}/day (7-day average) x ${Number(p.remainingDays.toFixed(2))} days left${limit}`,
  });

  if (d.movers.length > 0) {
    out.push({ heading: 'Biggest movers (vs the previous period of the same length)' });
    out.push({
      columns: [
        { header: 'dimension' },
        { header: 'name' },
        { header: 'now', align: 'right' },
        { header: 'before', align: 'right' },
        { header: 'change', align: 'right' },
      ],
      rows: d.movers.map((m) => [
        m.dimension,
        m.name,
        usd(m.currentUsd),
        usd(m.previousUsd),
        signed(m.deltaUsd),
      ]),
    });
  }

  if (d.warnings.length > 0) {
    out.push({ heading: 'Warnings' });
    for (const w of d.warnings) out.push({ text: style === 'markdown' ? `- ${w}` : `! ${w}` });
  }
  return out;
}

function breakdownTable(header: string, rows: readonly BreakdownRow[]): Block {
  return {
    columns: [
      { header },
      { header: 'cost', align: 'right' },
      { header: 'share', align: 'right' },
      { header: 'calls', align: 'right' },
      { header: 'cost/call', align: 'right' },
      { header: 'in tok/call', align: 'right' },
      { header: 'out tok/call', align: 'right' },
    ],
    rows: rows.slice(0, TOP).map((r) => [
      r.name,
      // Calls without a price have no cost: say so rather than print a $0 that looks like a real figure.
      r.pricedCalls === 0 && r.costUsd === 0 ? 'unpriced' : usd(r.costUsd),
      r.pricedCalls === 0 && r.costUsd === 0 ? '-' : pct(r.share),
      int(r.calls),
      r.meanCostUsd === null ? '-' : usdPerCall(r.meanCostUsd),
      r.meanInputTokens === null ? '-' : int(r.meanInputTokens),
      r.meanOutputTokens === null ? '-' : int(r.meanOutputTokens),
    ]),
  };
}

function toText(blocks: Block[]): string {
  let out = 'llmcost report\n';
  for (const b of blocks) {
    if ('heading' in b) out += `\n${b.heading}\n`;
    else if ('text' in b) out += `${b.text}\n`;
    else out += renderTable(b.columns, b.rows, 'text');
  }
  return out;
}

function toMarkdown(blocks: Block[]): string {
  let out = '# llmcost report\n\n';
  for (const b of blocks) {
    if ('heading' in b) out += `## ${b.heading}\n\n`;
    else if ('text' in b) out += `${b.text}\n\n`;
    else out += `${renderTable(b.columns, b.rows, 'markdown')}\n`;
  }
  return out.replace(/(^- .*\n)\n(?=- )/gm, '$1');
}

function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** `2026-11-15` for whole UTC days, otherwise the interval's start and end times. */
function dayLabel(start: string, end: string): string {
  const whole =
    start.endsWith('T00:00:00.000Z') && Date.parse(end) - Date.parse(start) === DAY_SECONDS * 1000;
  const short = (iso: string) => iso.slice(0, 16).replace('T', ' ');
  return whole ? start.slice(0, 10) : `${short(start)} to ${short(end)}`;
}

function signed(value: number): string {
  return value >= 0 ? `+${usd(value)}` : usd(value);
}
