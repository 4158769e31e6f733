import type { Summary, SummaryRow } from './aggregate.js';

const FEMTO_PER_MICRO = 1_000_000_000n;
const MAX_ROWS = 15;

/** femto-USD as dollars with 6 decimals (rounded half up), e.g. `$12.345678`. */
export function formatUsd(femto: bigint): string {
  const micro = (femto + FEMTO_PER_MICRO / 2n) / FEMTO_PER_MICRO;
  const whole = micro / 1_000_000n;
  const frac = (micro % 1_000_000n).toString().padStart(6, '0');
  return `$${whole.toLocaleString('en-US')}.${frac}`;
}

const int = (n: number) => n.toLocaleString('en-US');

function table(title: string, rows: SummaryRow[]): string[] {
  const header = [title, 'calls', 'input tok', 'output tok', 'cost', 'unpriced', 'estimated'];
  const shown = rows.slice(0, MAX_ROWS);
  const body = shown.map((r) => [
    r.key,
    int(r.calls),
    int(r.inputTokens),
    int(r.outputTokens),
    // A row whose every call is unpriced has no cost: show that, never a $0.
    r.unpriced === r.calls ? 'unpriced' : formatUsd(r.costFemto),
    int(r.unpriced),
    int(r.estimated),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(header), ...body.map(line)];
  if (rows.length > shown.length) out.push(`… ${rows.length - shown.length} more`);
  return out;
}

/** The exit summary as text: totals, then cost by feature, by user and by model, most expensive first. */
export function formatSummary(summary: Summary): string {
  const t = summary.total;
  const notes = [
    t.unpriced > 0 ? `${int(t.unpriced)} unpriced (no price known, not in the total)` : '',
    t.estimated > 0 ? `${int(t.estimated)} estimated (tokens counted locally)` : '',
  ].filter((s) => s !== '');
  const lines = [
    `llmcost summary: ${int(t.calls)} LLM calls, ${int(t.inputTokens)} input + ${int(t.outputTokens)} output tokens, ${formatUsd(t.costFemto)}${notes.length ? `; ${notes.join(', ')}` : ''}`,
    '',
    ...table('feature', summary.byFeature),
    '',
    ...table('user', summary.byUser),
    '',
    ...table('model', summary.byModel),
  ];
  return `${lines.join('\n')}\n`;
}
